"""The forms of a relationship's actions: what each asks, and how its fields become the body
the API's own schema checks (so a page accepts exactly what the API accepts).

Fields are read as people type them: a list one item a line, a whole number as digits, a
moment in their own time zone. An optional field left empty is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

from web.actions import ACTIONS
from web.pages.moments import zone
from web.schemas.relationships import RequestSchema

Reader = Callable[[str], Any]


def text(raw: str) -> Any:
    return raw.strip() or None


def lines(raw: str) -> Any:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def whole(raw: str) -> Any:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else raw or None


def moment(raw: str) -> Any:
    """A `datetime-local` value, in the person's time zone, as RFC 3339 in UTC."""
    try:
        local = datetime.fromisoformat(raw.strip())
    except ValueError:
        return raw.strip() or None
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone())
    return local.isoformat()


def mode_change(raw: str) -> Any:
    """`peer`, or the id of the party who would mentor."""
    raw = raw.strip()
    if not raw:
        return None
    return {"mode": "peer"} if raw == "peer" else {"mode": "mentoring", "mentor_id": raw}


def whom(raw: str) -> Any:
    """`<programme id>:<participant id>`: whom to ask, in which programme."""
    program_id, _, invitee_id = raw.strip().partition(":")
    return {"program_id": program_id, "invitee_id": invitee_id} if invitee_id else None


@dataclass(frozen=True)
class ActionForm:
    """An action's form: its fields (name -> reader) and the API schema its body must pass;
    `spread` fields give several body fields at once (their errors show on the form's field)."""

    name: str
    label: Any
    schema: type[Schema]
    fields: Mapping[str, Reader] = field(default_factory=dict)
    spread: tuple[str, ...] = ()

    def values(self, form: Mapping[str, str]) -> dict[str, str]:
        """What the person typed, to show again if the action is refused."""
        return {name: str(form.get(name, ""))[:8000] for name in self.fields}

    def body(self, form: Mapping[str, str]) -> dict[str, Any]:
        """The API body, checked by the API's schema; a ValidationError names form fields."""
        body: dict[str, Any] = {}
        for name, read in self.fields.items():
            value = read(str(form.get(name, "")))
            if name in self.spread:
                body.update(value or {})
            elif value is not None:
                body[name] = value
        try:
            loaded: dict[str, Any] = self.schema().load(body)
        except ValidationError as error:
            raise ValidationError(self._on_form(error)) from None
        return loaded

    def _on_form(self, error: ValidationError) -> dict[str, Any]:
        messages = error.normalized_messages()  # type: ignore[no-untyped-call]
        if not isinstance(messages, dict):
            messages = {"_schema": messages}
        return {self.field_of(key): found for key, found in messages.items()}

    def field_of(self, body_field: str) -> str:
        """The form field a body field comes from (the first spread one for those it spreads)."""
        if body_field in self.fields:
            return body_field
        return self.spread[0] if self.spread else next(iter(self.fields), body_field)


def _form(
    name: str, label: Any, fields: Mapping[str, Reader] | None = None, spread: tuple[str, ...] = ()
) -> ActionForm:
    """The form of the action `name`, checked by the schema the API checks its body with."""
    return ActionForm(name, label, ACTIONS[name].body, fields or {}, spread)


FORMS = {
    form.name: form
    for form in (
        _form("accept", _l("Accept"), {"message": text}),
        _form("decline", _l("Decline"), {"reason": text}),
        _form("withdraw", _l("Withdraw"), {"reason": text}),
        _form(
            "propose_boundaries",
            _l("Propose boundaries"),
            {
                "meeting_every_days": whole,
                "channel": text,
                "confidential_topics": lines,
                "notes": text,
            },
        ),
        _form("agree_boundaries", _l("Agree to boundaries")),
        _form("add_goal", _l("Add goal"), {"text": text}),
        _form("achieve_goal", _l("Mark achieved"), {"note": text}),
        _form(
            "schedule_meeting",
            _l("Schedule meeting"),
            {"scheduled_for": moment, "duration_minutes": whole, "mode": text},
        ),
        _form(
            "prepare_agenda",
            _l("Prepare agenda"),
            {"topics": lines, "progress_reflection": text, "development_areas": lines},
        ),
        _form("hold_meeting", _l("Mark held"), {"summary": text}),
        _form("cancel_meeting", _l("Cancel meeting"), {"reason": text}),
        _form(
            "give_feedback",
            _l("Give feedback"),
            {"about": text, "content": text, "meeting_id": text},
        ),
        _form("propose_mode", _l("Propose mode change"), {"change": mode_change}, ("change",)),
        _form("agree_mode", _l("Agree to mode change")),
        _form("pause", _l("Pause"), {"reason": text}),
        _form("resume", _l("Resume")),
        _form("conclude", _l("Conclude"), {"outcome": text, "reflection": text}),
    )
}

REQUEST = ActionForm(
    "request",
    _l("Request mentoring"),
    RequestSchema,
    {"whom": whom, "kind": text, "goals": lines, "message": text},
    spread=("whom",),
)
