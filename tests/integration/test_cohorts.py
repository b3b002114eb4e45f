"""Cohorts: the relationships requested each month (or quarter), followed through their lives
as far as a moment; on both stores."""

from __future__ import annotations

from typing import Any

from services.wiring import Services
from tests.support.timeline import Story, day


def a_winter(services: Services) -> Story:
    """January (T0 is 8 January 2024): Budi asks Ana on the 10th, who accepts on the 12th; they
    agree to meet weekly on the 15th, meet on the 20th, the 25th (5 days) and 10 February (16),
    he reaches a goal on 1 February, and they conclude, goals met, on 1 March. Chen asks Dara on
    the 20th, who declines. February: Chen asks Ana on the 3rd, accepted on the 5th. March: Budi
    mentors Eko from the 6th."""
    story = Story(services)
    m = services.mentoring
    budi = story.asks("Budi", "Ana", on=2, accepted=4)
    with story.on(7):
        m.propose_boundaries(story.as_("Budi"), budi, 7, "video", [])
        m.agree_boundaries(story.as_("Ana"), budi)
        goal = m.add_goal(story.as_("Budi"), budi, "Speak up").aggregate.goals
    for on in (12, 17):
        story.meets(budi, on=on, by="Ana")
    with story.on(24):
        m.achieve_goal(story.as_("Ana"), budi, list(goal)[-1])
    story.meets(budi, on=33, by="Ana")
    with story.on(53):
        m.conclude(story.as_("Budi"), budi, "goals_met")
    chen = story.asks("Chen", "Dara", on=12)
    with story.on(13):
        m.decline(story.as_("Dara"), chen, "Too busy")
    story.asks("Chen", "Ana", on=26, accepted=28)
    story.asks("Eko", "Budi", on=57, accepted=58)
    story.caught_up()
    return story


def by_period(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {cohort["period"]: cohort for cohort in answer["cohorts"]}


def test_each_month_follows_its_requests_through_their_milestones(services: Services) -> None:
    story = a_winter(services)

    cohorts = by_period(services.analytics.cohorts(story.caller, story.program, "month"))

    january = cohorts["2024-01"]
    assert list(cohorts) == ["2024-01", "2024-02", "2024-03"]
    assert january["relationships"] == 2
    assert january["reached"] == {
        "accepted": 1,
        "boundaries_agreed": 1,
        "first_meeting_held": 1,
        "first_goal_achieved": 1,
        "concluded": 1,
    }
    assert january["concluded_by_outcome"]["goals_met"] == 1
    assert january["median_days"] == {
        "requested_to_accepted": 2.0,
        "accepted_to_boundaries_agreed": 3.0,
        "accepted_to_first_meeting_held": 8.0,
        "accepted_to_first_goal_achieved": 20.0,
        "accepted_to_concluded": 49.0,
    }
    assert january["cadence"] == {"gaps": 2, "within_period": 1, "adherence": 0.5}
    assert january["mentees_who_went_on_to_mentor"] == 1
    assert cohorts["2024-02"]["reached"]["accepted"] == 1
    assert cohorts["2024-02"]["median_days"]["accepted_to_concluded"] is None


def test_cohorts_as_of_a_moment_hold_only_what_had_happened_by_then(services: Services) -> None:
    story = a_winter(services)

    then = services.analytics.cohorts(story.caller, story.program, "quarter", as_of=day(30))

    (first_quarter,) = then["cohorts"]
    assert (first_quarter["period"], first_quarter["relationships"]) == ("2024-Q1", 3)
    assert first_quarter["reached"]["concluded"] == 0
    assert first_quarter["cadence"]["gaps"] == 1  # the meeting of 10 February was still to come
    assert first_quarter["mentees_who_went_on_to_mentor"] == 0
    assert 0 < then["position"] < services.tandem.recorder.max_notification_id()
