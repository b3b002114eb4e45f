"""`tandem db migrate` on a store the landed release wrote (tests/data/landed-release): its
plaintext moves into envelopes, its seals are re-sealed with the old digests kept, and every
history still verifies, says what was rewritten and why, and, while its keys exist, that each
rewritten version is what was sealed. (That it reads back as before: test_landed_release_data.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from domain.privacy import PRIVATE_FIELDS
from services.policy import Caller
from services.store import Store
from services.unit_of_work import Command
from services.views.rebuild import rebuild_views
from services.wiring import Services
from tests.support.app import app_for_tests
from web.cli import main

LANDED = Path(__file__).parents[1] / "data" / "landed-release"
SECRET = "landed-release-secret-0123456789-abcdefgh"
ANSWERS: dict[str, Any] = json.loads((LANDED / "answers.json").read_text())
AUDITOR = Caller("auditor-of-the-migration", frozenset({"auditor"}))
ADMIN = Caller("admin-of-the-migration", frozenset({"admin"}))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("tandem.sqlite", "views.sqlite"):
        shutil.copy(LANDED / name, folder / name)
    return folder


def following_nothing(data: Path) -> Services:
    """The services as a command runs them after `tandem db init` (which rebuilds the landed
    release's views beside them): nothing follows the log, they catch up themselves."""
    store = Store.sqlite(data)
    app = app_for_tests(store, SECRET, follow_log=False)
    services: Services = app.extensions["services"]
    if services.views.stale():
        rebuild_views(services, store)
    services.projector.catch_up()
    services.erasures.await_views = lambda position: catch_up(services)
    return services


def catch_up(services: Services) -> None:
    services.projector.catch_up()


def private_texts() -> set[bytes]:
    """Every private text the landed release answered to the parties (long enough to find)."""
    texts: set[bytes] = set()
    for histories in ANSWERS["histories"].values():
        for event in histories["party"]["events"]:
            for name, value in event["data"].items():
                values = value if isinstance(value, list) else [value]
                if name in PRIVATE_FIELDS:
                    texts |= {v.encode() for v in values if isinstance(v, str) and len(v) > 7}
    return texts


def stored_bytes(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data.glob("tandem.sqlite*")))


def migrate(data: Path) -> str:
    env = {"TANDEM_DATA_DIR": str(data), "TANDEM_SECRET_KEY": SECRET}
    result = CliRunner().invoke(main, ["db", "migrate"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_migrating_moves_every_private_text_and_address_out_of_the_stored_bytes(
    data: Path,
) -> None:
    texts = private_texts()
    before = stored_bytes(data)
    assert len(texts) > 10 and all(text in before for text in texts)  # the control
    assert b"@example.org" in before

    said = migrate(data)

    after = stored_bytes(data)
    assert [text for text in texts if text in after] == []
    assert b"@example.org" not in after
    assert "re-sealed 9 histories" in said


def test_a_migrated_history_verifies_and_says_what_was_rewritten_when_and_why(
    data: Path,
) -> None:
    migrate(data)
    app = app_for_tests(Store.sqlite(data), SECRET, follow_log=False)
    services: Services = app.extensions["services"]
    try:
        for key, relationship in ANSWERS["relationships"].items():
            verification = services.evidence.verification(AUDITOR, UUID(relationship))

            assert verification.intact, (key, verification.detail)
            assert verification.detail == ANSWERS["verifications"][key]["detail"]
            (reseal,) = verification.reseals
            assert reseal.checked is True and "envelopes" in reseal.reason
            assert 1 in reseal.versions and len(reseal.digests_before) == len(reseal.versions)
    finally:
        services.close()


def test_migrating_again_rewrites_nothing(data: Path) -> None:
    migrate(data)
    once = stored_bytes(data)

    said = migrate(data)

    assert "Moved 0 events and 0 snapshots" in said
    assert "re-sealed 0 histories" in said
    assert stored_bytes(data) == once


def test_a_migrated_history_whose_party_is_erased_verifies_on_the_digests_kept(
    data: Path,
) -> None:
    migrate(data)
    services = following_nothing(data)
    relationship = UUID(ANSWERS["relationships"]["ACTIVE"])
    budi = UUID(ANSWERS["people"]["Budi"])
    try:
        services.erasures.erase_participant(Command(ADMIN), budi, "Asked to be forgotten.")
        services.evidence.seal([relationship])

        verification = services.evidence.verification(AUDITOR, relationship)

        assert verification.intact, verification.detail
        (reseal,) = verification.reseals
        assert reseal.checked is None  # the key is gone: the digests kept are the evidence
    finally:
        services.close()


def test_erasing_in_a_store_not_yet_migrated_hides_the_text_and_migrating_removes_it(
    data: Path,
) -> None:
    services = following_nothing(data)
    budi = UUID(ANSWERS["people"]["Budi"])
    services.erasures.erase_participant(Command(ADMIN), budi, "Asked to be forgotten.")
    history = list(services.tandem.events.get(UUID(ANSWERS["relationships"]["ACTIVE"])))
    assert history[0].message == "[erased]"  # hidden from every reader at once
    services.close()

    migrate(data)

    after = stored_bytes(data)
    assert b"Fridays suit me." not in after and b"budi@example.org" not in after
