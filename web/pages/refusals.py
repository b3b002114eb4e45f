"""A form the service refused, shown again where it was sent: open, with what the person typed,
saying in their language what was wrong (the API's status and problem slug beside it, for the
record and for tests), and a key to send it again with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from domain.errors import DomainError, InvalidReference, NotAllowed
from services.errors import Contention, IdempotencyMismatch, PreconditionFailed
from web.pages.action_forms import ActionForm

REFUSALS = (
    ValidationError,
    InvalidReference,
    DomainError,
    NotAllowed,
    PreconditionFailed,
    Contention,
)
REFUSALS_WITH_KEY = (*REFUSALS, IdempotencyMismatch)

# What each rule of the domain means, in the person's words (the API's slugs, its titles).
RULES: dict[str, Any] = {
    "invalid-transition": _l(
        "This cannot be done now: the relationship, or the meeting or goal, has moved on."
    ),
    "self-request": _l("Nobody can ask themselves."),
    "not-enrolled": _l(
        "You both need roles in the programme that fit: a mentee asks a mentor for mentoring,"
        " and peers ask peers."
    ),
    "already-open": _l("You two already have an open relationship in this programme."),
    "no-open-proposal": _l("There is no proposal waiting to be agreed."),
    "mode-unchanged": _l("That is the mode you are in already."),
    "not-a-party": _l("The mentor must be one of you two."),
}


@dataclass(frozen=True)
class Attempt:
    action: str
    part: UUID | None
    values: dict[str, str]
    key: str
    status: int
    problem: str
    message: str
    invalid: dict[str, str] = field(default_factory=dict)


def attempt(
    error: Exception,
    form: ActionForm,
    values: dict[str, str],
    key: str,
    part: UUID | None = None,
) -> Attempt:
    """The refused form, as it will be shown again."""
    status, problem, message = _explained(error)
    invalid = _invalid_fields(error, form, values)
    if problem == "idempotency":  # the key was spent on other values: a fresh one sends these
        key = uuid4().hex
    return Attempt(form.name, part, values, key, status, problem, message, invalid)


def _explained(error: Exception) -> tuple[int, str, str]:
    if isinstance(error, PreconditionFailed):
        return (
            412,
            "stale",
            _(
                "Someone else acted on this relationship after you opened the page. This is how it"
                " stands now; what you wrote is kept below, to send again if it still applies."
            ),
        )
    if isinstance(error, IdempotencyMismatch):
        return (
            422,
            "idempotency",
            _("This form was already sent with other values. Check them and send it again."),
        )
    if isinstance(error, Contention):
        return (
            409,
            "contention",
            _("Others were changing this relationship at the same moment. Please send it again."),
        )
    if isinstance(error, ValidationError | InvalidReference):
        return 422, "validation", _("Please check what you entered.")
    if isinstance(error, NotAllowed):
        return 403, "not-allowed", _("This is not yours to do: it falls to the other party.")
    slug = getattr(error, "slug", "domain-rule")
    return 409, slug, str(RULES.get(slug, _("The relationship's state does not allow this.")))


def _invalid_fields(error: Exception, form: ActionForm, values: dict[str, str]) -> dict[str, str]:
    if isinstance(error, InvalidReference):
        names = [form.field_of(error.field)]
    elif isinstance(error, ValidationError):
        messages = error.normalized_messages()  # type: ignore[no-untyped-call]
        names = list(messages) if isinstance(messages, dict) else []
    else:
        return {}
    return {
        name: _("Please fill this in.") if not values.get(name, "").strip() else _("Not valid.")
        for name in names
        if name in form.fields
    }


class Forms:
    """What every form of a page needs: a fresh key each, and for the one refused (if any),
    what the person typed and why it was refused."""

    def __init__(self, refused: Attempt | None = None) -> None:
        self.refused = refused

    def attempt(self, action: str, part: Any = None) -> Attempt | None:
        found = self.refused
        wanted = UUID(str(part)) if part else None
        return found if found and found.action == action and found.part == wanted else None

    def key(self, action: str, part: Any = None) -> str:
        found = self.attempt(action, part)
        return found.key if found else uuid4().hex

    def value(self, action: str, part: Any, name: str, default: Any = "") -> str:
        found = self.attempt(action, part)
        return found.values.get(name, "") if found else str(default or "")

    def invalid(self, action: str, part: Any, name: str) -> str | None:
        found = self.attempt(action, part)
        return found.invalid.get(name) if found else None
