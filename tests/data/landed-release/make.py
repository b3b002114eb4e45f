"""Writes the store of the landed release (da7bf15) and what it answered, for
tests/integration/test_landed_release_data.py. Run from a checkout of that release:

    git worktree add /tmp/landed da7bf15 && cd /tmp/landed
    PYTHONPATH=. python <this file> <output folder>

It is kept for the record; the files it wrote are committed beside it.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from services.demo import PEOPLE, seed
from services.store import Store
from web import create_app
from web.auth import mint_token

SECRET = "landed-release-secret-0123456789-abcdefgh"
output = Path(sys.argv[1])
data = Path(tempfile.mkdtemp()) / "data"
app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "STORE_OBJECT": Store.sqlite(data)})
services = app.extensions["services"]
demo = seed(services.tandem)
client = app.test_client()


def token(sub: str, role: str) -> str:
    return mint_token(SECRET, sub, [role], timedelta(days=36500))


def get(path: str, bearer: str) -> object:
    answer = client.get(path, headers={"Authorization": f"Bearer {bearer}"})
    assert answer.status_code == 200, (path, answer.status_code, answer.get_data())
    return answer.get_json()


budi = token(str(demo.people["Budi"]), "participant")
keyed = client.post(
    f"/api/relationships/{demo.relationships['ACTIVE']}/goals",
    json={"text": "Mentor a new graduate"},
    headers={"Authorization": f"Bearer {budi}", "Idempotency-Key": "landed-goal"},
)
assert keyed.status_code == 200
services.projector.catch_up()
services.tandem.seal(services.tandem.relationship_ids())
coordinator, auditor = token("coordinator@demo", "coordinator"), token("auditor@demo", "auditor")
answers: dict[str, object] = {
    "program_id": str(demo.program_id),
    "people": {name: str(pid) for name, pid in demo.people.items()},
    "relationships": {key: str(rid) for key, rid in demo.relationships.items()},
    "keyed_goal": {"relationship": str(demo.relationships["ACTIVE"]), "answer": keyed.get_json()},
    "states": {},
    "histories": {},
    "verifications": {},
    "audit": get(f"/api/audit/events?program_id={demo.program_id}&limit=200", auditor),
}
for key, relationship in demo.relationships.items():
    requester = get(f"/api/relationships/{relationship}", coordinator)["requester_id"]  # type: ignore[index]
    party = token(str(requester), "participant")
    answers["states"][key] = {  # type: ignore[index]
        "party": get(f"/api/relationships/{relationship}", party),
        "coordinator": get(f"/api/relationships/{relationship}", coordinator),
        "version_1": get(f"/api/relationships/{relationship}?version=1", party),
    }
    answers["histories"][key] = {  # type: ignore[index]
        "party": get(f"/api/relationships/{relationship}/history", party),
        "auditor": get(f"/api/relationships/{relationship}/history", auditor),
    }
    answers["verifications"][key] = get(  # type: ignore[index]
        f"/api/relationships/{relationship}/history/verification", auditor
    )
services.close()
output.mkdir(parents=True, exist_ok=True)
for name in ("tandem.sqlite", "views.sqlite"):
    shutil.copy(data / name, output / name)
(output / "answers.json").write_text(json.dumps(answers, indent=1, sort_keys=True) + "\n")
print(f"Wrote the landed release's store and {len(answers['states'])} relationships' answers.")  # type: ignore[arg-type]
assert PEOPLE
