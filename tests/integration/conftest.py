"""Services on a real SQLite file, driven directly: no HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services import Tandem, open_tandem
from services.programmes import Programmes
from services.store import Store
from services.wiring import Services, open_services
from tests.support.services_world import Programme


@pytest.fixture
def tandem(tmp_path: Path) -> Iterator[Tandem]:
    app = open_tandem(tmp_path)
    yield app
    app.close()


@pytest.fixture
def programme(tandem: Tandem) -> Programme:
    roles = {"Ana": ["mentor"], "Budi": ["mentee"], "Chen": ["mentee"]}
    return Programme.create(Programmes(tandem), roles)


@pytest.fixture
def services(store: Store) -> Iterator[Services]:
    """Services on the test's store, the views projected only when a test catches them up."""
    opened = open_services(store, follow_log=False)
    yield opened
    opened.close()
