"""The world of a scenario run through the browser (`pytest --through=browser`): what people do
in a `When` step, they do on the web app's pages in Chromium, signed in as themselves; `Given`
steps arrange the scenario and `Then` steps read the outcome through the API, as in the other
ways of running (the step's type is set before each step by tests/steps/conftest.py).

A person acts as one would: opens the relationship's page (or the request form), finds the form
by the action's English name (API.md's), opens it, fills it in, sends it, and sees the page that
answers. A form taken leads back to the relationship, saying so, at its new version; a form
refused comes back with the problem named on its notice and the person's input kept.

What a page does not offer that person (an action the rules do not let them take, or a value
its form has no choice for) cannot be done there: the world checks it is not offered, then sends
it through the API, whose refusal the `Then` steps check; the API taking it would be a page
hiding what the person may do, and fails the scenario.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC
from typing import Any

import jwt

from tests.support.moments import parse_time
from tests.support.scenario import PageAnswer, World

# The API path of each command, to the English name of its form (API.md's "The web app").
FORMS = {
    "accept": "Accept",
    "decline": "Decline",
    "withdraw": "Withdraw",
    "boundaries": "Propose boundaries",
    "boundaries/agree": "Agree to boundaries",
    "goals": "Add goal",
    "meetings": "Schedule meeting",
    "feedback": "Give feedback",
    "mode": "Propose mode change",
    "mode/agree": "Agree to mode change",
    "pause": "Pause",
    "resume": "Resume",
    "conclude": "Conclude",
}
PART_FORMS = {
    "achieve": "Mark achieved",
    "agenda": "Prepare agenda",
    "held": "Mark held",
    "cancel": "Cancel meeting",
}
CONTAINERS = {"goals": "goal", "meetings": "meeting"}
# The features of a relationship's life: the others are about staff, the API or the trail.
BROWSER_FEATURES = (
    "requesting",
    "boundaries",
    "meetings_and_agendas",
    "goals",
    "feedback",
    "shifting_modes",
    "pausing_and_concluding",
)
NOT_A_PARTICIPANTS_PAGE = (
    "said through the API only: it is about staff, the API's contract, or the trail, not the"
    " pages a participant acts on"
)
TALLY: Counter[str] = Counter()  # how each `When` was said, for the run's summary
RENDERED = "mark => document.querySelector('main')?.dataset.rendered !== mark"
SessionCookie = Callable[[str, list[str], str], str]


def session_cookie(app: Any, sub: str, roles: list[str], name: str) -> str:
    """A signed-in session as the app signs it (signing in itself is tested in tests/browser)."""
    signer = app.session_interface.get_signing_serializer(app)
    session = {"sub": sub, "roles": roles, "name": name, "via": "test", "lang": "en"}
    return str(signer.dumps({**session, "expires": time.time() + 3600, "_permanent": True}))


@dataclass
class BrowserWorld(World):
    page: Any = None
    url: str = ""
    session_cookie: SessionCookie | None = None
    phase: str = "given"
    signed_in_as: str | None = None
    api_only: list[str] = field(default_factory=list)

    @property
    def acting(self) -> bool:
        return self.phase == "when" and not self.api_only

    @contextmanager
    def not_through_the_browser(self, why: str) -> Iterator[None]:
        if self.phase == "when":
            TALLY[f"through the API, as the step says: {why}"] += 1
        self.api_only.append(why)
        try:
            yield
        finally:
            self.api_only.pop()

    # --- what people do --------------------------------------------------------------------

    def ask(
        self,
        requester: str,
        invitee_id: str,
        kind: str,
        goals: list[str] | None = None,
        message: str = "I would like to learn how you lead code reviews.",
        headers: dict[str, str] | None = None,
    ) -> Any:
        if not self.acting:
            return super().ask(requester, invitee_id, kind, goals, message, headers)
        assert headers is None, "a page sends no headers: say why in the step, and use the API"
        goals = ["Lead a code review on my own"] if goals is None else goals
        fields = {
            "whom": f"{self.programme.id}:{invitee_id}",
            "kind": kind,
            "goals": "\n".join(goals),
            "message": message,
        }
        answer = self._send(
            requester,
            "/app/relationships/new",
            None,
            "Request mentoring",
            fields,
            lambda: World.ask(self, requester, invitee_id, kind, goals, message),
        )
        if isinstance(answer, PageAnswer) and answer.taken:
            self.asked(requester, invitee_id, answer.location.rsplit("/", 1)[-1].split("#")[0])
            answer = self.record(replace(answer, body=self.state(requester)))
        return answer

    def command(
        self,
        actor: str,
        action: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        if not self.acting:
            return super().command(actor, action, body, headers)
        assert headers is None, "a page sends no headers: say why in the step, and use the API"
        label, container = self._form_of(action)
        answer = self._send(
            actor,
            f"/app/relationships/{self.relationship_id}",
            container,
            label,
            self._fields(action, body or {}),
            lambda: World.command(self, actor, action, body),
        )
        if isinstance(answer, PageAnswer) and answer.taken:
            answer = self.record(replace(answer, body=self._now(actor, answer)))
        return answer

    def look(self, reader: str) -> None:
        if not self.acting:
            return super().look(reader)
        TALLY["read on the page"] += 1
        self._sign_in(reader)
        shown = self.page.goto(f"{self.url}/app/relationships/{self.relationship_id}")
        contents = self.page.locator("#feedback-list li .content").all_inner_texts()
        total = self.page.locator("#feedback-total")
        counted = int(total.get_attribute("data-total")) if total.count() else len(contents)
        body = {"feedback": [{"content": c} for c in contents], "feedback_total": counted}
        self.record(PageAnswer(shown.status, self.page.url, body=body))
        return None

    # --- on the page -----------------------------------------------------------------------

    def _send(
        self,
        actor: str,
        path: str,
        container: str | None,
        label: str,
        fields: dict[str, str],
        through_the_api: Callable[[], Any],
    ) -> Any:
        self._sign_in(actor)
        self.page.goto(f"{self.url}{path}")
        scope = self.page.locator(container) if container else self.page
        form = scope.locator(f'form[aria-label="{label}"]')
        if form.count() != 1 or not self._fill(form, fields):
            TALLY["not offered on the page, then refused by the API"] += 1
            answer = through_the_api()
            assert answer.status >= 400, (
                f"the page does not offer {label!r} to {actor} as asked ({fields}), yet the"
                f" service took it: {answer.status} {answer.body}"
            )
            return answer
        TALLY["sent from the page"] += 1
        mark = self.page.locator("main").get_attribute("data-rendered")
        with self.page.expect_response(lambda r: r.request.method == "POST") as posted:
            form.get_by_role("button", name=label, exact=True).click()
        self.page.wait_for_function(RENDERED, arg=mark)
        status = posted.value.status
        if status == 303:
            return self._taken(posted.value.headers["location"])
        return self.record(self._refused(status, label, fields))

    def _fill(self, form: Any, fields: dict[str, str]) -> bool:
        """Fills the form in as a person would; False if it has no way to say what is asked."""
        folded = form.locator("xpath=ancestor::details[1]")
        if folded.count() and folded.get_attribute("open") is None:
            folded.locator("summary").click()
        for name, value in fields.items():
            found = form.locator(f'[name="{name}"]')
            if not found.count():
                return False
            kind = found.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
            if kind == "select:select-one" and value:
                if not found.locator(f'option[value="{value}"]').count():
                    return False
                found.select_option(value)
            elif kind == "input:radio":
                choice = form.locator(f'input[name="{name}"][value="{value}"]')
                if not choice.count():
                    return False
                choice.check()
            elif not kind.startswith("select"):
                found.fill(value)
        return True

    def _taken(self, location: str) -> PageAnswer:
        notice = self.page.locator(".notice.success[role=status]")
        assert notice.count() == 1, f"no word that it was done on {self.page.url}"
        return PageAnswer(303, location)

    def _refused(self, status: int, label: str, fields: dict[str, str]) -> PageAnswer:
        refusal = self.page.locator("#refusal")
        assert refusal.count() == 1, f"a {status} without saying why on {self.page.url}"
        problem = refusal.get_attribute("data-problem")
        assert refusal.get_attribute("data-status") == str(status), refusal.inner_html()
        form = self.page.locator(f'form[aria-label="{label}"]')
        invalid = tuple(
            element.get_attribute("name") or element.locator("input").first.get_attribute("name")
            for element in form.locator('[aria-invalid="true"]').all()
        )
        kept = self.page.locator("main").inner_html() if not form.count() else None
        for name, value in fields.items():  # what they typed is there to send again
            if not value or name in ("kind", "change"):  # radios: a choice, not text
                continue
            if kept is None:
                assert form.locator(f'[name="{name}"]').input_value() == value, name
            else:
                assert all(line in kept for line in value.splitlines()), name
        return PageAnswer(status, self.page.url, problem, invalid)

    # --- between the steps and the page ----------------------------------------------------

    def _sign_in(self, actor: str) -> None:
        """Signed in as the actor (the sign-in itself is tested in tests/browser)."""
        if self.signed_in_as == actor:
            return
        sub, token = self.identity(actor)
        roles = jwt.decode(token, options={"verify_signature": False})["roles"]
        assert self.session_cookie is not None
        context = self.page.context
        context.clear_cookies()
        value = self.session_cookie(sub, roles, actor)
        context.add_cookies([{"name": "tandem_session", "value": value, "url": self.url}])
        self.signed_in_as = actor

    def _form_of(self, action: str) -> tuple[str, str | None]:
        """The form's name, and where on the page it is (the goal's or meeting's own part)."""
        if action in FORMS:
            return FORMS[action], None
        kind, part, verb = action.split("/")
        return PART_FORMS[verb], f"#{CONTAINERS[kind]}-{part}"

    def _fields(self, action: str, body: dict[str, Any]) -> dict[str, str]:
        """The API body as a person types it on the form."""
        fields: dict[str, str] = {}
        for name, value in body.items():
            if action == "mode" and name == "mode":
                fields["change"] = "peer" if value == "peer" else str(body["mentor_id"])
            elif action == "mode" and name == "mentor_id":
                continue
            elif name == "scheduled_for":  # their own time zone: the people here have none
                fields[name] = parse_time(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
            elif isinstance(value, list):
                fields[name] = "\n".join(value)
            else:
                fields[name] = "" if value is None else str(value)
        return fields

    def _now(self, actor: str, answer: PageAnswer) -> dict[str, Any]:
        """What the page went on to show, as the API has it: the relationship, or the meeting
        just scheduled (the page led to it by its anchor)."""
        state = self.state(actor)
        shown = self.page.locator("#version-notice").get_attribute("data-version")
        assert shown == str(state["version"]), f"the page shows {shown}, not {state['version']}"
        status = self.page.locator("#state + dl.facts dd").first.inner_text()
        assert status == state["status"], f"the page says {status}, not {state['status']}"
        _, _, anchor = answer.location.partition("#")
        if anchor.startswith("meeting-") and anchor.removeprefix("meeting-") not in self.meetings:
            meeting_id = anchor.removeprefix("meeting-")
            self.meetings.append(meeting_id)
            meeting = next(m for m in state["meetings"] if m["id"] == meeting_id)
            return {**meeting, "relationship_id": state["id"], "version": state["version"]}
        return state
