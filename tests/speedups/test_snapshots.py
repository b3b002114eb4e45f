"""Long relationships load from snapshots, and read exactly as a full replay of their events."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.cryptography import AESCipher

from domain import Relationship
from domain.values import Actor
from services import Caller, Tandem, open_tandem
from services.errors import DamagedHistory, NotFound
from services.evidence import Evidence
from services.reads import Reads
from services.speedups.snapshots import SNAPSHOT_INTERVAL, StateSnapshot
from services.store import Store
from tests.benchmarks.long_history import SPACING, LongRelationship, build_long

EVENTS = 2 * SNAPSHOT_INTERVAL + 50
AUDITOR = Caller("auditor-1", frozenset({"auditor"}))


@pytest.fixture
def tandem(store: Store) -> Iterator[Tandem]:
    app = open_tandem(store)
    yield app
    app.close()


@pytest.fixture
def long(tandem: Tandem) -> LongRelationship:
    return build_long(tandem, EVENTS)


def mentee(long: LongRelationship) -> Caller:
    return Caller(str(long.mentee_id), frozenset({"participant"}))


def replayed(tandem: Tandem, relationship_id: UUID, version: int) -> Any:
    """The state at `version` from every event since the first, no snapshot involved."""
    return project_aggregate(None, tandem.events.get(relationship_id, lte=version))


def as_written(relationship: Any) -> list[tuple[str, str]]:
    """Every attribute with its type: an enum read back as a plain string would differ."""
    return sorted((k, repr(v)) for k, v in vars(relationship).items() if k != "_pending_events")


def test_a_long_relationship_is_snapshotted_every_interval(
    tandem: Tandem, long: LongRelationship
) -> None:
    assert tandem.snapshots is not None

    snapshots = list(tandem.snapshots.get(long.relationship_id))

    assert [s.originator_version for s in snapshots] == [SNAPSHOT_INTERVAL, 2 * SNAPSHOT_INTERVAL]


@pytest.mark.parametrize("version", [1, 99, 100, 101, 150, 200, 201, EVENTS])
def test_any_version_reads_as_a_full_replay_would_give_it(
    tandem: Tandem, long: LongRelationship, version: int
) -> None:
    read = Reads(tandem).relationship(mentee(long), long.relationship_id, version=version)

    assert read.relationship.version == version
    assert as_written(read.relationship) == as_written(
        replayed(tandem, long.relationship_id, version)
    )


def test_the_current_state_reads_as_a_full_replay_would_give_it(
    tandem: Tandem, long: LongRelationship
) -> None:
    read = Reads(tandem).relationship(mentee(long), long.relationship_id)

    assert as_written(read.relationship) == as_written(
        replayed(tandem, long.relationship_id, EVENTS)
    )


def test_as_of_reads_the_state_after_the_last_event_at_or_before_that_moment(
    tandem: Tandem, long: LongRelationship
) -> None:
    events = list(tandem.events.get(long.relationship_id))
    moments = {
        events[0].timestamp: 1,
        events[99].timestamp: 100,
        events[99].timestamp + SPACING / 2: 100,
        events[150].timestamp - timedelta(microseconds=1): 150,
        events[-1].timestamp: EVENTS,
        events[-1].timestamp + timedelta(days=365): EVENTS,
    }

    versions = {
        moment: Reads(tandem).relationship(mentee(long), long.relationship_id, as_of=moment)
        for moment in moments
    }

    assert {m: read.relationship.version for m, read in versions.items()} == moments
    for read in versions.values():
        version = read.relationship.version
        assert as_written(read.relationship) == as_written(
            replayed(tandem, long.relationship_id, version)
        )


def test_before_it_was_requested_it_did_not_exist(tandem: Tandem, long: LongRelationship) -> None:
    first = next(iter(tandem.events.get(long.relationship_id))).timestamp

    with pytest.raises(NotFound):
        Reads(tandem).relationship(mentee(long), long.relationship_id, as_of=first - SPACING)
    with pytest.raises(NotFound):
        Reads(tandem).relationship(mentee(long), long.relationship_id, version=EVENTS + 1)


def test_a_snapshot_row_keeps_private_text_encrypted(store: Store) -> None:
    key = AESCipher.create_key(num_bytes=32)
    tandem = open_tandem(replace(store, cipher_key=key))
    try:
        long = build_long(tandem, SNAPSHOT_INTERVAL)
        assert tandem.snapshots is not None
        (row,) = tandem.snapshots.recorder.select_events(long.relationship_id)
        deciphered = tandem.mapper.cipher.decrypt(row.state)  # type: ignore[union-attr]

        # under the store-wide cipher, the relationship's own key seals the text still
        assert b"tandem_envelope" in deciphered and b"Cameras" not in deciphered
        assert b"Cameras optional." not in row.state and b"Reflection" not in row.state
        read = Reads(tandem).relationship(mentee(long), long.relationship_id).relationship
        assert read.boundaries_in_force is not None
        assert read.boundaries_in_force.notes == "Cameras optional."
    finally:
        tandem.close()


def test_a_history_damaged_before_a_snapshot_still_fails_its_verification(
    tmp_path: Path,
) -> None:
    tandem = open_tandem(tmp_path)
    long = build_long(tandem, EVENTS)
    assert Evidence(tandem, b"k" * 32).seal([long.relationship_id]) == 1
    db = sqlite3.connect(tmp_path / "tandem.sqlite", isolation_level=None)
    db.execute(
        "DELETE FROM stored_events WHERE originator_id = ? AND originator_version = 50",
        (long.relationship_id.hex,),
    )

    verification = Evidence(tandem, b"k" * 32).verification(AUDITOR, long.relationship_id)

    assert (verification.intact, verification.first_bad_version) == (False, 50)
    assert verification.problem == "missing"
    tandem.close()


def test_a_history_damaged_after_the_last_snapshot_cannot_be_read(tmp_path: Path) -> None:
    tandem = open_tandem(tmp_path)
    long = build_long(tandem, EVENTS)
    db = sqlite3.connect(tmp_path / "tandem.sqlite", isolation_level=None)
    db.execute(
        "DELETE FROM stored_events WHERE originator_id = ? AND originator_version = ?",
        (long.relationship_id.hex, EVENTS - 10),
    )

    with pytest.raises(DamagedHistory):
        Reads(tandem).relationship(mentee(long), long.relationship_id)
    with pytest.raises(DamagedHistory):
        Reads(tandem).relationship(mentee(long), long.relationship_id, as_of=datetime.now(UTC))
    tandem.close()


def test_a_snapshot_taken_before_erasure_existed_loads_with_its_ending_and_nothing_erased(
    tandem: Tandem, long: LongRelationship
) -> None:
    relationship = tandem.load(Relationship, long.relationship_id)
    relationship.conclude(Actor(str(long.mentee_id)), "goals_met")
    taken = StateSnapshot.take(relationship)
    state = dict(taken.state)
    for added in ("class_version", "ended_at", "private_text_erased_at"):
        state.pop(added)  # as the release before them wrote it
    old = StateSnapshot(
        originator_id=taken.originator_id,
        originator_version=taken.originator_version,
        timestamp=taken.timestamp,
        topic=taken.topic,
        state=state,
    )

    loaded: Any = old.mutate(None)

    assert loaded.ended_at == relationship.ended_at == relationship.modified_on
    assert loaded.private_text_erased_at is None
