"""After a bulk catch-up, PostgreSQL plans the views' queries with fresh statistics."""

from __future__ import annotations

import pytest

import services.views.projector as projector_module
from services import Caller, Command
from services.programmes import Programmes
from services.store import Store
from services.wiring import open_services


def test_a_long_catch_up_analyses_the_view_tables(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    if store.kind != "postgres":
        pytest.skip("SQLite plans these queries well without statistics")
    monkeypatch.setattr(projector_module, "BULK", 3)
    services = open_services(store, follow_log=False)
    try:
        coordinator = Command(Caller("coordinator-1", frozenset({"coordinator"})))
        for name in ("Graduates", "Leaders", "Peers"):
            Programmes(services.tandem).create_program(coordinator, name=name)

        assert services.projector.catch_up() == 3

        with services.views.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE schemaname = %s "
                "AND last_analyze IS NOT NULL",
                (store.schema,),
            )
            analysed = {row["relname"] for row in cursor.fetchall()}
    finally:
        services.close()
    assert {"view_relationships", "view_meetings", "view_audit"} <= analysed
