"""Saves arriving together share one transaction; each keeps its own outcome (both stores)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError

from domain.programme import Participant
from services.persistence.budget import deadline
from services.persistence.commands import CommandRecord
from services.persistence.group_commit import GroupCommit
from services.store import Store
from services.tandem import Tandem, open_tandem
from tests.integration.test_one_projector_follows_the_log import eventually

PROGRAMME = uuid4()


@pytest.fixture
def tandem(store: Store) -> Iterator[Tandem]:
    app = open_tandem(store)
    yield app
    app.close()


class HeldStore:
    """The first save leads and is held before it writes, so the saves after it queue."""

    def __init__(self, grouping: GroupCommit) -> None:
        self.grouping, self.entered, self.released = grouping, threading.Event(), threading.Event()
        self.alone = grouping._alone
        grouping._alone = self._held  # type: ignore[method-assign]

    def _held(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        self.released.wait(20)
        return self.alone(*args, **kwargs)


def person(tandem: Tandem, name: str) -> Participant:
    participant = Participant(name, None, [], None, "coordinator-1")
    tandem.save(participant)
    return participant


def enrolled(tandem: Tandem, participant_id: UUID) -> Participant:
    participant = tandem.load(Participant, participant_id)
    participant.enrol(PROGRAMME, ["mentee"], "coordinator-1")
    return participant


def command(aggregate: Participant, command_id: UUID | None = None) -> CommandRecord:
    return CommandRecord(command_id or uuid4(), "coordinator-1", None, aggregate.id, 2)


def in_thread(save: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(save())
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_saves_arriving_together_are_one_transaction_and_a_conflict_fails_only_its_own(
    tandem: Tandem,
) -> None:
    ana, budi, chen, dara = (person(tandem, name) for name in ("Ana", "Budi", "Chen", "Dara"))
    stale = enrolled(tandem, chen.id)  # loaded before another writer enrols Chen
    tandem.save(winner := enrolled(tandem, chen.id), command=command(chen, used := uuid4()))
    repeated = enrolled(tandem, dara.id)  # saved under a command id already recorded
    grouping = tandem.recorder.grouping
    assert grouping is not None and winner.version == 2
    held = HeldStore(grouping)
    leader = in_thread(lambda: tandem.save(Participant("Eli", None, [], None, "coordinator-1")))
    assert held.entered.wait(10)

    together = [
        in_thread(lambda saved=saved: tandem.save(saved, command=command(saved)))
        for saved in (enrolled(tandem, ana.id), enrolled(tandem, budi.id))
    ]
    together.append(in_thread(lambda: tandem.save(stale, command=command(stale))))
    together.append(in_thread(lambda: tandem.save(repeated, command=command(repeated, used))))
    assert eventually(lambda: grouping.queued == 4)
    held.released.set()
    for thread, _ in [leader, *together]:
        thread.join(20)

    ana_saved, budi_saved, conflict, again = (outcome[0] for _, outcome in together)
    assert grouping.batches == 1
    assert [type(ana_saved), type(budi_saved)] == [list, list]
    assert isinstance(conflict, IntegrityError)
    assert isinstance(again, IntegrityError)
    assert tandem.load(Participant, ana.id).version == 2
    assert tandem.load(Participant, budi.id).version == 2
    assert tandem.load(Participant, dara.id).version == 1
    first = tandem.commands.command(used)
    assert first is not None and first.aggregate_id == chen.id


def test_a_save_still_queued_at_its_deadline_is_not_recorded(tandem: Tandem) -> None:
    ana = person(tandem, "Ana")
    grouping = tandem.recorder.grouping
    assert grouping is not None
    held = HeldStore(grouping)
    leader = in_thread(lambda: tandem.save(Participant("Eli", None, [], None, "coordinator-1")))
    assert held.entered.wait(10)

    def save_within_a_moment() -> Any:
        with deadline(0.2):
            return tandem.save(enrolled(tandem, ana.id))

    late = in_thread(save_within_a_moment)
    late[0].join(10)
    held.released.set()
    leader[0].join(20)

    assert isinstance(late[1][0], OperationalError)
    assert grouping.queued == 0
    assert tandem.load(Participant, ana.id).version == 1


def test_saves_recorded_together_each_record_their_command_at_their_own_position(
    tandem: Tandem,
) -> None:
    people = [person(tandem, name) for name in ("Ana", "Budi", "Chen")]
    grouping = tandem.recorder.grouping
    assert grouping is not None
    held = HeldStore(grouping)
    leader = in_thread(lambda: tandem.save(Participant("Eli", None, [], None, "coordinator-1")))
    assert held.entered.wait(10)
    records = {someone.id: command(someone) for someone in people}

    together = [
        in_thread(lambda saved=saved: tandem.save(saved, command=records[saved.id]))
        for saved in (enrolled(tandem, someone.id) for someone in people)
    ]
    assert eventually(lambda: grouping.queued == 3)
    held.released.set()
    for thread, _ in [leader, *together]:
        thread.join(20)

    assert grouping.batches == 1
    for someone, (_, outcome) in zip(people, together, strict=True):
        recorded = tandem.commands.command(records[someone.id].command_id)
        assert recorded is not None
        assert recorded.position == outcome[0][-1].notification.id
        assert tandem.commands.position_of(someone.id, 2) == recorded.position


def test_people_registered_together_keep_the_keys_their_names_are_sealed_under(
    tandem: Tandem, store: Store
) -> None:
    grouping = tandem.recorder.grouping
    assert grouping is not None
    held = HeldStore(grouping)
    leader = in_thread(lambda: tandem.save(Participant("Eli", None, [], None, "coordinator-1")))
    assert held.entered.wait(10)
    newcomers = [Participant(name, None, [], None, "coordinator-1") for name in ("Fay", "Gus")]

    together = [in_thread(lambda saved=saved: tandem.save(saved)) for saved in newcomers]
    assert eventually(lambda: grouping.queued == 2)
    held.released.set()
    for thread, _ in [leader, *together]:
        thread.join(20)

    assert grouping.batches == 1
    other = open_tandem(store)  # another worker: the keys from the store, not this one's memory
    try:
        assert [other.load(Participant, p.id).name for p in newcomers] == ["Fay", "Gus"]
    finally:
        other.close()
