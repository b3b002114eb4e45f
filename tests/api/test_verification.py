"""Tamper evidence: whether a relationship's stored history is complete and unaltered since
its last seal, naming the first version that is not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.app import ONE_STORE
from tests.support.audit import events_of, staff
from tests.support.http_world import Programme, Relationship
from tests.support.moments import parse_time
from tests.support.tampering import EventStore, in_process, sealed, tandem_command, verification
from tests.support.view_reads import Views


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


@pytest.fixture
def relationship(views: Views, programme: Programme) -> Relationship:
    """Budi and Ana, six events: asked, accepted, boundaries proposed and agreed, a goal added,
    a meeting scheduled."""
    relationship = views.relationship(programme, programme.budi, programme.ana)
    views.agree_every(relationship, 14)
    views.did(relationship.command(programme.ana.token, "goals", {"text": "Speak up"}))
    views.plan(relationship, in_days=7)
    return relationship


def path(relationship_id: str) -> str:
    return f"/api/relationships/{relationship_id}/history/verification"


def test_a_sealed_untouched_history_is_complete_and_unaltered(
    api: ApiClient, programme: Programme, relationship: Relationship
) -> None:
    found = sealed(api, relationship.id, programme.auditor)

    assert found["relationship_id"] == relationship.id
    assert (found["intact"], found["problem"], found["first_bad_version"]) == (True, None, None)
    assert found["events"] == found["sealed_version"] == 6
    assert len(events_of(relationship, programme.auditor)) == 6
    assert found["sealed_at"].endswith("Z") and parse_time(found["sealed_at"])
    assert isinstance(found["detail"], str) and found["detail"]


def test_new_events_are_sealed_in_their_turn(
    views: Views, programme: Programme, relationship: Relationship
) -> None:
    first = sealed(views.api, relationship.id, programme.auditor)
    views.did(relationship.command(programme.budi.token, "goals", {"text": "Listen more"}))

    later = sealed(views.api, relationship.id, programme.auditor)

    assert later["events"] == later["sealed_version"] == first["sealed_version"] + 1
    assert later["intact"] is True
    assert parse_time(later["sealed_at"]) >= parse_time(first["sealed_at"])


def test_its_parties_auditors_and_admins_may_verify_a_history_and_nobody_else(
    api: ApiClient, programme: Programme, relationship: Relationship
) -> None:
    expected = {
        programme.budi.token: 200,
        programme.ana.token: 200,
        programme.auditor: 200,
        programme.admin: 200,
        programme.citra.token: 404,
        programme.coordinator: 403,
        programme.other_coordinator: 403,
    }

    found = {token: api.get(path(relationship.id), token=token).status for token in expected}

    assert found == expected
    assert_problem(api.get(path(relationship.id), token=programme.citra.token), 404)
    assert_problem(api.get(path(relationship.id), token=programme.coordinator), 403)
    assert_problem(api.get(path(relationship.id)), 401)


@ONE_STORE
@pytest.mark.parametrize("role", ["auditor", "admin", "participant"])
def test_the_verification_of_no_relationship_is_not_found(api: ApiClient, role: str) -> None:
    assert_problem(api.get(path(str(uuid.uuid4())), token=staff(api, role)), 404)


def test_the_id_of_a_programme_or_participant_is_no_relationship_to_verify(
    api: ApiClient, programme: Programme
) -> None:
    assert (
        api.get(f"/api/relationships/{programme.id}/history", token=programme.auditor).status == 404
    )

    for other_id in (programme.id, programme.ana.id):
        assert_problem(api.get(path(other_id), token=programme.auditor), 404)


Tamper = Callable[[EventStore, str], None]
TAMPERING: dict[str, tuple[Tamper, str, int, int]] = {
    # what was done: (how, the problem named, the first bad version, events left)
    "a step pinned on someone else": (
        lambda store, rid: store.rewrite_actor(rid, 3, "someone-else"),
        "altered",
        3,
        6,
    ),
    "a step deleted": (lambda store, rid: store.delete(rid, 3), "missing", 3, 5),
    "the last step deleted": (lambda store, rid: store.delete(rid, 6), "missing", 6, 5),
    "two steps swapped": (lambda store, rid: store.swap(rid, 2, 5), "reordered", 2, 6),
    "every step deleted": (lambda store, rid: store.delete_all(rid), "missing", 1, 0),
}


@in_process
@pytest.mark.parametrize("tampering", TAMPERING)
def test_a_tampered_history_names_what_went_wrong_and_where(
    api: ApiClient, app: Any, programme: Programme, relationship: Relationship, tampering: str
) -> None:
    tamper, problem, version, left = TAMPERING[tampering]
    sealed(api, relationship.id, programme.auditor)

    tamper(EventStore(app), relationship.id)

    found = verification(api, relationship.id, programme.auditor)
    assert (found["intact"], found["problem"], found["first_bad_version"]) == (
        False,
        problem,
        version,
    )
    assert (found["events"], found["sealed_version"]) == (left, 6)


@in_process
@pytest.mark.parametrize("version", [1, 4])
def test_a_party_learns_their_history_was_tampered_with(
    api: ApiClient, app: Any, programme: Programme, relationship: Relationship, version: int
) -> None:
    sealed(api, relationship.id, programme.budi.token)

    EventStore(app).delete(relationship.id, version)

    found = verification(api, relationship.id, programme.ana.token)
    assert (found["intact"], found["problem"], found["first_bad_version"]) == (
        False,
        "missing",
        version,
    )


@in_process
def test_tandem_audit_verify_fails_naming_the_tampered_history(
    api: ApiClient, app: Any, store: Any, programme: Programme, relationship: Relationship
) -> None:
    sealed(api, relationship.id, programme.auditor)
    intact = tandem_command(store, "audit", "verify", "--relationship", relationship.id)

    EventStore(app).rewrite_actor(relationship.id, 3, "someone-else")

    broken = tandem_command(store, "audit", "verify")
    assert (intact.exit_code, broken.exit_code) == (0, 1), (intact.output, broken.output)
    assert "1 relationships checked, 0 not intact" in intact.output
    assert f"{relationship.id}  altered at version 3" in broken.output
    assert "1 relationships checked, 1 not intact" in broken.output
    must(api.get(path(relationship.id), token=programme.auditor))
