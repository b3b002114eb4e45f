"""A rebuild fills new tables beside the live views and swaps them in at once: reads during it
never fail or go empty, the live projector goes on, and the rebuilt views equal the views kept
event by event (both stores; on PostgreSQL the filling shared by two processes)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from services import Caller, Command
from services.coordination import ListQuery
from services.programmes import Programmes
from services.settings import key_encryption_for
from services.store import Store
from services.views import rebuild
from services.views.projector import Projector
from services.views.rebuild import rebuild_views
from services.views.store import MentoringProjection, open_views
from services.wiring import Services, open_services
from tests.benchmarks.views_scale import build
from tests.integration.test_one_projector_follows_the_log import eventually
from tests.support.app import TEST_SECRET
from tests.support.tampering import tandem_command
from tests.support.views import dump

RELATIONSHIPS = 300
COORDINATOR = Command(Caller("coordinator-w", frozenset({"coordinator"})))


@pytest.fixture
def services(store: Store) -> Iterator[Services]:
    # the projector follows the log in a thread, as a server's (with the secret `tandem` has)
    opened = open_services(store, keys=key_encryption_for(TEST_SECRET))
    yield opened
    opened.close()


class Reader(threading.Thread):
    """Reads the programme's status and list, as a coordinator would, until told to stop;
    counts the answers that failed or came back without the programme's relationships."""

    def __init__(self, services: Services, program_id: Any, coordinator: str) -> None:
        super().__init__(daemon=True)
        self.services, self.program_id = services, program_id
        self.caller = Caller(coordinator, frozenset({"coordinator"}))
        self.stop, self.answers, self.unavailable, self.empty = threading.Event(), 0, 0, 0

    def run(self) -> None:
        coordination = self.services.coordination
        while not self.stop.is_set():
            try:
                coordination.await_position(self.services.tandem.recorder.max_notification_id())
                status = coordination.program_status(self.caller, self.program_id)
                listed = coordination.relationships(self.caller, ListQuery(self.program_id))
            except Exception:
                self.unavailable += 1
                continue
            self.answers += 1
            if status["relationships"]["total"] != RELATIONSHIPS or not listed.items:
                self.empty += 1


class Writer(threading.Thread):
    """Records programmes (which the views take) while the rebuild runs."""

    def __init__(self, services: Services) -> None:
        super().__init__(daemon=True)
        self.services, self.stop, self.written = services, threading.Event(), 0

    def run(self) -> None:
        while not self.stop.is_set():
            Programmes(self.services.tandem).create_program(COORDINATOR, f"W{self.written}")
            self.written += 1


@pytest.fixture
def elsewhere(store: Store, request: pytest.FixtureRequest) -> Iterator[Store]:
    """Where views of the same log are kept event by event, to compare: another folder, or
    another schema of the same PostgreSQL server."""
    if store.kind == "sqlite":
        yield replace(store, data_dir=store.data_dir / "kept")
        return
    server = request.getfixturevalue("postgres_server")
    schema = server.new_schema()
    yield replace(store, schema=schema)
    server.drop_schema(schema)


def test_reads_during_a_rebuild_never_fail_or_go_empty_and_the_rebuilt_views_equal_the_kept(
    store: Store, services: Services, elsewhere: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    program_id, coordinator = build(services, RELATIONSHIPS)
    end = services.tandem.recorder.max_notification_id()
    assert eventually(lambda: services.views.position() >= end)
    monkeypatch.setattr(rebuild, "PAGE", 500)  # many transactions, each a chance to go wrong
    reader, writer = Reader(services, program_id, coordinator), Writer(services)
    reader.start()
    writer.start()

    rebuilt = rebuild_views(services, store, workers=2)
    assert eventually(lambda: reader.answers >= 5)  # some reads after the swap too
    writer.stop.set()
    writer.join(10)
    reader.stop.set()
    reader.join(10)

    last = services.tandem.recorder.max_notification_id()
    assert eventually(lambda: services.views.position() >= last)
    kept = open_views(elsewhere)
    Projector(services.tandem, MentoringProjection(kept)).catch_up()
    assert (reader.unavailable, reader.empty) == (0, 0)
    assert reader.answers > 0 and writer.written > 0
    assert rebuilt.position >= end
    assert dump(services.views) == dump(kept)
    kept.close()


def test_views_of_an_earlier_version_answer_until_db_init_has_rebuilt_them_beside(
    store: Store, services: Services
) -> None:
    program_id, coordinator = build(services, 40)
    end = services.tandem.recorder.max_notification_id()
    assert eventually(lambda: services.views.position() >= end)
    with services.views.datastore.transaction(commit=True) as cursor:  # as an earlier one made
        services.views._begin(cursor)
        cursor.execute("UPDATE view_schema SET version = version - 1")
    caller = Caller(coordinator, frozenset({"coordinator"}))
    # as `tandem` commands open them, with the key-encryption key the operator's secret gives
    upgrading = open_services(store, follow_log=False, keys=key_encryption_for(TEST_SECRET))

    answered_before = upgrading.coordination.program_status(caller, program_id)
    initialised = tandem_command(store, "db", "init")

    assert answered_before["relationships"]["total"] == 40
    assert initialised.exit_code == 0, initialised.output
    assert "Rebuilding the views beside" in initialised.output
    assert not upgrading.views.stale()
    answered_after = upgrading.coordination.program_status(caller, program_id)
    assert {**answered_after, "position": 0} == {**answered_before, "position": 0}
    upgrading.close()
