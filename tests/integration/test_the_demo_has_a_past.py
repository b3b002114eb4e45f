"""The demo has a believable past, so that every read the README shows has something to show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.demo import Demo, seed
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET

COORDINATOR = ("coordinator@demo", ["coordinator"])
AUDITOR = ("auditor@demo", ["auditor"])


class Seeded:
    def __init__(self, app: Any) -> None:
        services = app.extensions["services"]
        self.demo: Demo = seed(services.tandem)
        assert services.projector.wait_for(services.tandem.recorder.max_notification_id(), 30)
        self.api = ApiClient(FlaskTransport(app), TEST_SECRET)

    def get(self, path: str, who: tuple[str, list[str]] = COORDINATOR) -> Any:
        answer = self.api.get(path, token=self.api.token(*who))
        assert answer.status == 200, answer.body
        return answer.body

    def history(self, key: str) -> list[dict[str, Any]]:
        path = f"/api/relationships/{self.demo.relationships[key]}/history"
        events: list[dict[str, Any]] = self.get(path, AUDITOR)["events"]
        return events


@pytest.fixture
def seeded(app: Any) -> Seeded:
    return Seeded(app)


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_demo_programme_began_about_eight_months_ago(seeded: Seeded) -> None:
    first = seeded.history("ACTIVE")[0]

    assert moment(first["occurred_at"]) < datetime.now(UTC) - timedelta(days=200)


def test_each_relationships_events_go_forward_in_time_and_none_lies_in_the_future(
    seeded: Seeded,
) -> None:
    for key in seeded.demo.relationships:
        times = [moment(event["occurred_at"]) for event in seeded.history(key)]

        assert times == sorted(times), key
        assert times[-1] <= datetime.now(UTC), key


def test_the_status_as_of_last_quarter_shows_the_programme_as_it_stood(seeded: Seeded) -> None:
    program = seeded.demo.program_id
    as_of = f"{seeded.demo.as_of:%Y-%m-%dT%H:%M:%SZ}"

    then = seeded.get(f"/api/programs/{program}/status?as_of={as_of}")
    now = seeded.get(f"/api/programs/{program}/status")

    assert then["relationships"]["total"] >= 5
    assert then["meetings"]["held"] > 0
    assert then["relationships"]["total"] < now["relationships"]["total"]


def test_two_relationships_need_a_check_in_having_not_met_for_weeks(seeded: Seeded) -> None:
    page = seeded.get(f"/api/relationships?program_id={seeded.demo.program_id}&at_risk=true")

    last_met = [moment(item["last_meeting_at"]) for item in page["items"]]
    assert len(last_met) >= 2
    assert all(met < datetime.now(UTC) - timedelta(weeks=4) for met in last_met)


def test_the_programme_now_shows_every_health_meetings_to_come_and_shifts(seeded: Seeded) -> None:
    status = seeded.get(f"/api/programs/{seeded.demo.program_id}/status")

    assert status["health"]["too_early"] >= 1
    assert status["health"]["on_track"] >= 1
    assert status["health"]["needs_check_in"] >= 2
    assert status["meetings"]["upcoming"] >= 1
    assert status["meetings"]["cancelled"] >= 1
    assert all(count >= 1 for count in status["relationships"]["by_status"].values())
    assert status["shifts"] == {"to_peer": 1, "to_mentoring": 1}
    assert status["mentees_who_became_mentors"] >= 1


def test_lineage_and_the_audit_trail_have_something_to_show(seeded: Seeded) -> None:
    lineage = seeded.get(f"/api/participants/{seeded.demo.people['Budi']}/lineage")
    feedback = seeded.get(
        f"/api/audit/events?program_id={seeded.demo.program_id}&type=FeedbackGiven", AUDITOR
    )

    assert lineage["mentored_by"] and lineage["mentoring"]
    assert len(feedback["items"]) >= 5
