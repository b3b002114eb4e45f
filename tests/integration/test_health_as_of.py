"""Health as of a moment, from the temporal views: with the boundaries in force then, and the
meetings scheduled then, however they turned out since; on both stores."""

from __future__ import annotations

from datetime import datetime

from services.coordination import ListQuery
from services.wiring import Services
from tests.support.timeline import Story, day


def health_then(story: Story, moment: datetime) -> tuple[str | None, dict[str, int]]:
    """The one relationship's health in the list, and the programme's buckets, then."""
    coordination = story.caught_up().coordination
    listed = coordination.relationships(story.caller, ListQuery(story.program, as_of=moment))
    status = coordination.program_status_as_of(story.caller, story.program, moment)
    return listed.items[0]["health"], status["health"]


def test_health_then_is_judged_by_the_boundaries_in_force_then(services: Services) -> None:
    story = Story(services)
    mentoring = story.asks("Budi", "Ana", on=0, accepted=0)
    with story.on(1):
        services.mentoring.propose_boundaries(story.as_("Budi"), mentoring, 7, "video", [])
        services.mentoring.agree_boundaries(story.as_("Ana"), mentoring)
    story.meets(mentoring, on=1, by="Ana")
    with story.on(20):
        services.mentoring.propose_boundaries(story.as_("Budi"), mentoring, 30, "video", [])
        services.mentoring.agree_boundaries(story.as_("Ana"), mentoring)

    ten_days_in = health_then(story, day(10))
    six_days_in = health_then(story, day(6))
    a_month_in = health_then(story, day(30))

    assert ten_days_in == ("needs_check_in", {"too_early": 0, "on_track": 0, "needs_check_in": 1})
    assert six_days_in[0] == "on_track"
    assert a_month_in[0] == "on_track"  # 29 days since the meeting, every 30 days agreed by then


def test_a_meeting_scheduled_then_kept_it_on_track_then_however_it_turned_out(
    services: Services,
) -> None:
    story = Story(services)
    mentoring = story.asks("Budi", "Ana", on=0, accepted=0)
    with story.on(20):
        held = services.mentoring.schedule_meeting(
            story.as_("Ana"), mentoring, day(30), 30, "video"
        ).part_id
        cancelled = services.mentoring.schedule_meeting(
            story.as_("Ana"), mentoring, day(32), 30, "video"
        ).part_id
        assert held is not None and cancelled is not None
    with story.on(31):
        services.mentoring.hold_meeting(story.as_("Budi"), mentoring, held, held_at=day(30))
        services.mentoring.cancel_meeting(story.as_("Budi"), mentoring, cancelled, "Ill")

    before_scheduling = health_then(story, day(19))
    while_scheduled = health_then(story, day(25))
    coordination = services.coordination
    upcoming = coordination.program_status_as_of(story.caller, story.program, day(25))
    since = coordination.program_status_as_of(story.caller, story.program, day(31))

    assert before_scheduling[0] == "needs_check_in"  # accepted 19 days before, none held
    assert while_scheduled[0] == "on_track"
    assert upcoming["meetings"] == {"held": 0, "cancelled": 0, "upcoming": 2}
    assert since["meetings"] == {"held": 1, "cancelled": 1, "upcoming": 0}
