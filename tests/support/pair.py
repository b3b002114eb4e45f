"""A programme with a mentor (Ana) and a mentee (Budi), set up through the API only."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.api import ApiClient, ApiResponse


@dataclass(frozen=True)
class Pair:
    api: ApiClient
    program: str
    ids: dict[str, str]
    tokens: dict[str, str]

    def ask(self, message: str = "Please") -> ApiResponse:
        """Budi asks Ana for mentoring."""
        body = {
            "program_id": self.program,
            "invitee_id": self.ids["ana"],
            "kind": "mentoring",
            "goals": ["Grow"],
            "message": message,
        }
        return self.api.post("/api/relationships", body, token=self.tokens["budi"])


def enrolled_pair(api: ApiClient, programme: str) -> Pair:
    coordinator = api.token(f"coordinator-{programme.lower()}", ["coordinator"])
    program = api.post("/api/programs", {"name": programme}, token=coordinator).body["id"]
    ids, tokens = {}, {}
    for name, role in (("ana", "mentor"), ("budi", "mentee")):
        person = api.post("/api/participants", {"name": name}, token=coordinator).body["id"]
        api.post(
            f"/api/programs/{program}/enrollments",
            {"participant_id": person, "roles": [role]},
            token=coordinator,
        )
        ids[name], tokens[name] = person, api.token(person, ["participant"])
    return Pair(api, program, ids, tokens)
