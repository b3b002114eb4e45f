"""A store written by the landed release (da7bf15, tests/data/landed-release) reads back as it
did then: every state, history, verification and audit entry it answered, key for key (fields
added since may appear beside them), and a key it recorded gives its first answer again; as it
was landed, and once migrated into envelopes (`tandem db migrate`)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.privacy.migration import Migration
from services.store import Store
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import app_for_tests

LANDED = Path(__file__).parents[1] / "data" / "landed-release"
SECRET = "landed-release-secret-0123456789-abcdefgh"
ANSWERS: dict[str, Any] = json.loads((LANDED / "answers.json").read_text())


@pytest.fixture(scope="module", params=["as landed", "migrated"])
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiClient]:
    data = tmp_path_factory.mktemp("landed") / "data"
    data.mkdir()
    for name in ("tandem.sqlite", "views.sqlite"):
        shutil.copy(LANDED / name, data / name)
    app = app_for_tests(Store.sqlite(data), SECRET)
    services = app.extensions["services"]
    if request.param == "migrated":
        services.projector.catch_up()
        assert Migration(services.tandem, services.evidence).run().events > 0
    yield ApiClient(FlaskTransport(app), SECRET)
    services.close()


def as_then(now: Any, then: Any, where: str = "") -> None:
    """Everything answered then is answered now; new fields may stand beside it."""
    if isinstance(then, dict):
        assert isinstance(now, dict), where
        for key, value in then.items():
            assert key in now, f"{where}.{key} is gone"
            as_then(now[key], value, f"{where}.{key}")
    elif isinstance(then, list):
        assert isinstance(now, list) and len(now) == len(then), where
        for index, (new, old) in enumerate(zip(now, then, strict=True)):
            as_then(new, old, f"{where}[{index}]")
    else:
        assert now == then, f"{where}: {now!r} != {then!r}"


def token(api: ApiClient, sub: str, role: str) -> str:
    return api.token(sub, [role])


def read(api: ApiClient, path: str, bearer: str) -> Any:
    answer = api.get(path, token=bearer)
    assert answer.status == 200, (path, answer.status, answer.body)
    return answer.body


@pytest.mark.parametrize("key", sorted(ANSWERS["relationships"]))
def test_each_relationship_reads_as_the_landed_release_answered(api: ApiClient, key: str) -> None:
    relationship = ANSWERS["relationships"][key]
    then = ANSWERS["states"][key]
    party = token(api, then["party"]["requester_id"], "participant")
    coordinator = token(api, "coordinator@demo", "coordinator")
    auditor = token(api, "auditor@demo", "auditor")
    path = f"/api/relationships/{relationship}"

    as_then(read(api, path, party), then["party"], "party")
    as_then(read(api, path, coordinator), then["coordinator"], "coordinator")
    as_then(read(api, f"{path}?version=1", party), then["version_1"], "version 1")
    as_then(read(api, f"{path}/history", party), ANSWERS["histories"][key]["party"], "history")
    as_then(read(api, f"{path}/history", auditor), ANSWERS["histories"][key]["auditor"], "audit")
    verification = read(api, f"{path}/history/verification", auditor)
    as_then(verification, ANSWERS["verifications"][key], "verification")
    assert verification["intact"]


def test_the_audit_trail_reads_as_the_landed_release_answered(api: ApiClient) -> None:
    auditor = token(api, "auditor@demo", "auditor")

    trail = read(api, f"/api/audit/events?program_id={ANSWERS['program_id']}&limit=200", auditor)

    as_then(trail, ANSWERS["audit"], "audit trail")


def test_a_key_the_landed_release_recorded_gives_its_first_answer_again(api: ApiClient) -> None:
    keyed = ANSWERS["keyed_goal"]
    budi = token(api, ANSWERS["people"]["Budi"], "participant")

    again = api.post(
        f"/api/relationships/{keyed['relationship']}/goals",
        {"text": "Mentor a new graduate"},
        token=budi,
        headers={"Idempotency-Key": "landed-goal"},
    )

    assert again.status == 200
    as_then(again.body, keyed["answer"], "keyed goal")
