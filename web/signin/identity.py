"""From what the identity provider says about a person to a Tandem caller: participants by
verified e-mail (or a claim holding their id), staff roles from a groups or roles claim."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from services import Caller
from services.directory import Directory
from services.sign_in_settings import SignInSettings

MAX_SUB = 200
SEPARATORS = re.compile(r"[\s,]+")


class UnknownPerson(Exception):
    """The provider vouched for someone Tandem has no participant or staff role for."""


def caller_from_claims(
    claims: Mapping[str, Any], settings: SignInSettings, directory: Directory
) -> Caller:
    roles = staff_roles(claims, settings)
    participant_id = _participant_id(claims, settings, directory)
    if participant_id is not None:
        return Caller(sub=str(participant_id), roles=frozenset({"participant", *roles}))
    if not roles:
        raise UnknownPerson("Neither a participant of Tandem nor given a staff role.")
    sub = claims.get(settings.staff_claim)
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUB or not sub.isprintable():
        raise UnknownPerson(f"The {settings.staff_claim} claim does not name the person.")
    return Caller(sub=sub, roles=frozenset(roles))


def staff_roles(claims: Mapping[str, Any], settings: SignInSettings) -> set[str]:
    """The staff roles the person's groups give; a claim may be a list or a spaced string."""
    groups = claims.get(settings.roles_claim)
    if isinstance(groups, str):
        groups = SEPARATORS.split(groups.strip())
    if not isinstance(groups, list):
        return set()
    return {settings.role_map[g] for g in groups if isinstance(g, str) and g in settings.role_map}


def _participant_id(
    claims: Mapping[str, Any], settings: SignInSettings, directory: Directory
) -> UUID | None:
    if settings.participant_claim:
        try:
            claimed = UUID(str(claims.get(settings.participant_claim)))
        except ValueError:
            return None
        found = directory.participant(claimed)
        return found.id if found is not None else None
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is not True:
        return None  # an address the provider has not verified could be anybody's
    participant = directory.participant_by_email(email)
    return participant.id if participant is not None else None
