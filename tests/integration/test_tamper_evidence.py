"""Editing the event store directly is detected, and the first bad version is named."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from services import Caller, Tandem, open_tandem
from services.evidence import Evidence
from services.mentoring import Mentoring
from services.sealing import RelationshipSeal
from tests.support.services_world import Programme, as_participant

AUDITOR = Caller("auditor-1", frozenset({"auditor"}))
KEY = b"seal-key-for-tests"


@pytest.fixture
def tandem(tmp_path: Path) -> Iterator[Tandem]:
    app = open_tandem(tmp_path)
    yield app
    app.close()


@pytest.fixture
def sealed(tandem: Tandem, programme: Programme) -> UUID:
    """A relationship of six events, sealed."""
    ana, budi = programme.as_("Ana"), programme.as_("Budi")
    relationship_id = (
        Mentoring(tandem)
        .request_mentoring(
            budi, programme.id, programme.people["Ana"], "mentoring", ["Grow"], "Please"
        )
        .aggregate.id
    )
    Mentoring(tandem).accept(ana, relationship_id)
    Mentoring(tandem).propose_boundaries(budi, relationship_id, 14, "video", ["salary"])
    Mentoring(tandem).agree_boundaries(ana, relationship_id)
    Mentoring(tandem).schedule_meeting(
        ana, relationship_id, datetime(2030, 1, 1, tzinfo=UTC), 30, "video"
    )
    Mentoring(tandem).give_feedback(ana, relationship_id, "performance", "Good")
    assert Evidence(tandem, KEY).seal([relationship_id]) == 1
    return relationship_id


def store(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "tandem.sqlite", isolation_level=None)


def state_of(db: sqlite3.Connection, relationship_id: UUID, version: int) -> bytes:
    row = db.execute(
        "SELECT state FROM stored_events WHERE originator_id = ? AND originator_version = ?",
        (relationship_id.hex, version),
    ).fetchone()
    return bytes(row[0])


def set_state(db: sqlite3.Connection, relationship_id: UUID, version: int, state: bytes) -> None:
    db.execute(
        "UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (state, relationship_id.hex, version),
    )


def test_an_untouched_sealed_history_is_intact(tandem: Tandem, sealed: UUID) -> None:
    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert result.intact
    assert (result.events, result.sealed_version, result.first_bad_version) == (6, 6, None)


def test_an_altered_event_is_named(tandem: Tandem, sealed: UUID, tmp_path: Path) -> None:
    db = store(tmp_path)
    set_state(db, sealed, 3, state_of(db, sealed, 3).replace(b'"video"', b'"phone"'))

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert (result.intact, result.problem, result.first_bad_version) == (False, "altered", 3)


def test_a_removed_event_is_named(tandem: Tandem, sealed: UUID, tmp_path: Path) -> None:
    store(tmp_path).execute(
        "DELETE FROM stored_events WHERE originator_id = ? AND originator_version = 4",
        (sealed.hex,),
    )

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert (result.intact, result.problem, result.first_bad_version) == (False, "missing", 4)


def test_a_removed_last_event_is_named(tandem: Tandem, sealed: UUID, tmp_path: Path) -> None:
    store(tmp_path).execute(
        "DELETE FROM stored_events WHERE originator_id = ? AND originator_version = 6",
        (sealed.hex,),
    )

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert (result.intact, result.problem, result.first_bad_version) == (False, "missing", 6)


def test_contents_swapped_between_versions_are_named(
    tandem: Tandem, sealed: UUID, tmp_path: Path
) -> None:
    db = store(tmp_path)
    second, fifth = state_of(db, sealed, 2), state_of(db, sealed, 5)
    set_state(db, sealed, 2, fifth)
    set_state(db, sealed, 5, second)

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert (result.intact, result.first_bad_version) == (False, 2)


def test_swapping_two_rows_whole_is_a_reordering(
    tandem: Tandem, sealed: UUID, tmp_path: Path
) -> None:
    db = store(tmp_path)
    db.execute(
        "UPDATE stored_events SET originator_version = CASE originator_version "
        "WHEN 3 THEN -5 ELSE -3 END WHERE originator_id = ? AND originator_version IN (3, 5)",
        (sealed.hex,),
    )
    db.execute(
        "UPDATE stored_events SET originator_version = -originator_version "
        "WHERE originator_id = ? AND originator_version < 0",
        (sealed.hex,),
    )

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert (result.intact, result.problem, result.first_bad_version) == (False, "reordered", 3)


def test_a_forged_seal_is_detected(tandem: Tandem, sealed: UUID, tmp_path: Path) -> None:
    seal_id = RelationshipSeal.create_id(sealed)
    db = store(tmp_path)
    state = db.execute(
        "SELECT state FROM stored_events WHERE originator_id = ? AND originator_version = 2",
        (seal_id.hex,),
    ).fetchone()[0]
    forged = bytes(state).replace(b'"signature":"', b'"signature":"0')
    db.execute(
        "UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = 2",
        (forged, seal_id.hex),
    )

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert (result.intact, result.problem) == (False, "seal-invalid")


def test_events_after_the_seal_are_reported_unsealed(
    tandem: Tandem, sealed: UUID, programme: Programme
) -> None:
    Mentoring(tandem).add_goal(programme.as_("Ana"), sealed, "Speak up")

    result = Evidence(tandem, KEY).verification(AUDITOR, sealed)

    assert result.intact
    assert (result.events, result.sealed_version) == (7, 6)


def test_a_seal_is_not_extended_over_an_altered_history(
    tandem: Tandem, sealed: UUID, programme: Programme, tmp_path: Path
) -> None:
    db = store(tmp_path)
    set_state(db, sealed, 3, state_of(db, sealed, 3).replace(b'"video"', b'"phone"'))
    Mentoring(tandem).add_goal(programme.as_("Ana"), sealed, "Speak up")

    sealed_now = Evidence(tandem, KEY).seal([sealed])

    assert sealed_now == 0
    assert Evidence(tandem, KEY).verification(AUDITOR, sealed).first_bad_version == 3


def test_only_parties_auditors_and_admins_may_verify(
    tandem: Tandem, sealed: UUID, programme: Programme
) -> None:
    assert Evidence(tandem, KEY).verification(programme.as_("Budi").caller, sealed).intact

    with pytest.raises(LookupError):
        Evidence(tandem, KEY).verification(as_participant(programme.people["Chen"]).caller, sealed)
