"""How each event changes the view tables: SQL statements run in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from eventsourcing.utils import resolve_topic

from domain import Program
from domain import relationship_events as events
from domain.values import Status
from services.history import event_data, json_text
from services.views import temporal
from services.views.schema import DAY, DEFAULT_PERIOD_DAYS
from services.views.versions import MEETING_KEPT, RELATIONSHIP_KEPT, kept

Statement = tuple[str, dict[str, Any]]
Handler = Callable[[Any, int], list[Statement]]
HANDLERS: dict[type, Handler] = {}

TOUCH = "updated_at = :at, version = :version, valid_from = :key, position = :position"
MENTORSHIP_FROM_ROW = (
    "INSERT INTO view_mentorships (relationship_id, program_id, mentor_id, mentee_id, since) "
    "SELECT id, program_id, mentor_id, mentee_id, :at FROM view_relationships "
    "WHERE id = :id AND mentor_id IS NOT NULL ON CONFLICT DO NOTHING"
)


def statements_for(event: Any, position: int) -> list[Statement]:
    """The event's statements for the view tables; its audit row is made by `audit_row`.
    A relationship's row keeps its version before the event in the history table, first."""
    handler = HANDLERS.get(type(event))
    if handler is None:
        return []
    if isinstance(event, events.RelationshipEvent):
        return [kept(RELATIONSHIP_KEPT, _ids(event)), *handler(event, position)]
    return handler(event, position)


@cache
def taken(topic: str, relationships_only: bool = False) -> bool:
    """Whether the views take events stored under this topic, so that only those are decoded
    (an unknown topic is: decoding it says what is wrong, and the views stop there)."""
    try:
        cls = resolve_topic(topic)
    except Exception:
        return True
    relationship = (events.RelationshipEvent, events.Requested)
    of_a_relationship = isinstance(cls, type) and issubclass(cls, relationship)
    return of_a_relationship or (cls in HANDLERS and not relationships_only)


AUDIT = (
    "INSERT INTO view_audit (position, program_id, relationship_id, version, type, "
    "occurred_at, actor_id, data) VALUES (:position, :program_id, :id, :version, :type, :at, "
    ":actor_id, :data)"
)


def audit_row(event: Any, position: int) -> dict[str, Any]:
    """The auditors' trail: every relationship event, its private text already withheld; its
    programme is filled in from the relationship's row when the batch is written."""
    return _ids(
        event,
        position=position,
        program_id=None,
        type=type(event).__name__,
        actor_id=event.by,
        data=json_text(event_data(event, reveal_private=False)),
    )


def reads_from(event: Any) -> tuple[Any, ...]:
    """The other aggregates whose view rows the event's statements read (never write)."""
    if isinstance(event, events.Requested):
        return (event.program_id,)  # its programme's meeting period
    return ()


def handles(*classes: type) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for cls in classes:
            HANDLERS[cls] = handler
        return handler

    return register


def _ids(event: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(event.originator_id),
        "at": event.timestamp.timestamp(),
        "key": temporal.key(event.timestamp),
        "version": event.originator_version,
        **extra,
    }


def _touch(event: Any, position: int, assignments: str = "", **extra: Any) -> Statement:
    sets = f"{assignments}, {TOUCH}" if assignments else TOUCH
    params = _ids(event, position=position, **extra)
    return f"UPDATE view_relationships SET {sets} WHERE id = :id", params


@handles(Program.Created)
def _program_created(event: Any, position: int) -> list[Statement]:
    program = {"id": str(event.originator_id), "every": event.meeting_every_days}
    coordinator = {"id": str(event.originator_id), "sub": event.coordinator}
    return [
        ("INSERT INTO view_programs (id, meeting_every_days) VALUES (:id, :every)", program),
        ("INSERT INTO view_coordinators (program_id, sub) VALUES (:id, :sub)", coordinator),
    ]


@handles(Program.Changed)
def _program_changed(event: Any, position: int) -> list[Statement]:
    """A new meeting period applies to relationships requested from now on."""
    if "meeting_every_days" not in event.changes:
        return []
    row = {"id": str(event.originator_id), "every": event.changes["meeting_every_days"]}
    return [("UPDATE view_programs SET meeting_every_days = :every WHERE id = :id", row)]


@handles(events.Requested)
def _requested(event: Any, position: int) -> list[Statement]:
    mentoring = event.kind == "mentoring"
    row = _ids(
        event,
        seq=position,
        program_id=str(event.program_id),
        mode=event.kind,
        requester_id=str(event.requester_id),
        invitee_id=str(event.invitee_id),
        mentor_id=str(event.invitee_id) if mentoring else None,
        mentee_id=str(event.requester_id) if mentoring else None,
        goals=len(event.goals),
        default_period=DEFAULT_PERIOD_DAYS,
    )
    insert = (
        "INSERT INTO view_relationships (id, seq, program_id, status, mode, requester_id, "
        "invitee_id, mentor_id, mentee_id, period_days, goals_set, created_at, updated_at, "
        "version, position, valid_from) SELECT :id, :seq, :program_id, 'requested', :mode, "
        ":requester_id, :invitee_id, :mentor_id, :mentee_id, COALESCE(MAX(p.meeting_every_days), "
        ":default_period), :goals, :at, :at, :version, :seq, :key FROM view_programs p "
        "WHERE p.id = :program_id"
    )
    return [(insert, row)]


MENTORSHIPS = (events.Accepted, events.ModeShiftAgreed)  # the events that may add a mentorship


@handles(events.Accepted)
def _accepted(event: Any, position: int) -> list[Statement]:
    return [
        _touch(event, position, "status = 'active', accepted_at = :at"),
        (MENTORSHIP_FROM_ROW, _ids(event)),
    ]


ENDED_OR_PAUSED = {
    events.Declined: Status.DECLINED,
    events.Withdrawn: Status.WITHDRAWN,
    events.Paused: Status.PAUSED,
}


@handles(*ENDED_OR_PAUSED)
def _status_changed(event: Any, position: int) -> list[Statement]:
    ended = "" if isinstance(event, events.Paused) else ", ended_at = :at"
    status = ENDED_OR_PAUSED[type(event)].value
    return [_touch(event, position, f"status = :status{ended}", status=status)]


@handles(events.Concluded)
def _concluded(event: Any, position: int) -> list[Statement]:
    assignments = "status = 'concluded', ended_at = :at, outcome = :outcome"
    return [_touch(event, position, assignments, outcome=event.outcome)]


@handles(events.BoundariesProposed)
def _boundaries_proposed(event: Any, position: int) -> list[Statement]:
    every = event.meeting_every_days
    return [_touch(event, position, "proposed_every_days = :every", every=every)]


# Events that change only their relationship's row, the same way every time.
ASSIGNED = {
    events.Resumed: "status = 'active'",
    events.BoundariesAgreed: (
        "period_days = proposed_every_days, "
        "boundaries_agreed_at = COALESCE(boundaries_agreed_at, :at)"
    ),
    events.GoalAdded: "goals_set = goals_set + 1",
    events.GoalAchieved: (
        "goals_achieved = goals_achieved + 1, "
        "first_goal_achieved_at = COALESCE(first_goal_achieved_at, :at)"
    ),
}


@handles(*ASSIGNED)
def _assigned(event: Any, position: int) -> list[Statement]:
    return [_touch(event, position, ASSIGNED[type(event)])]


@handles(events.MeetingScheduled)
def _meeting_scheduled(event: Any, position: int) -> list[Statement]:
    meeting = _ids(event, meeting_id=str(event.meeting_id), due=event.scheduled_for.timestamp())
    insert = (
        "INSERT INTO view_meetings (id, relationship_id, program_id, status, scheduled_for, "
        "valid_from) SELECT :meeting_id, id, program_id, 'scheduled', :due, :key "
        "FROM view_relationships WHERE id = :id"
    )
    return [(insert, meeting), _touch(event, position)]


# A gap between held meetings counts when a meeting is recorded held after an earlier one:
# kept if within the period in force then (one recorded before a later one adds no gap).
FOLLOWS = "last_meeting_at IS NOT NULL AND :held_at >= last_meeting_at"
KEPT = f"{FOLLOWS} AND :held_at - last_meeting_at <= period_days * {DAY}"


@handles(events.MeetingHeld)
def _meeting_held(event: Any, position: int) -> list[Statement]:
    held_at = (event.held_at or event.timestamp).timestamp()
    return [
        kept(MEETING_KEPT, _ids(event, meeting_id=str(event.meeting_id))),
        _meeting_status(event, "held"),
        _touch(
            event,
            position,
            "meetings_held = meetings_held + 1, last_meeting_at = "
            "CASE WHEN last_meeting_at IS NULL OR last_meeting_at < :held_at "
            "THEN :held_at ELSE last_meeting_at END, "
            "first_meeting_held_at = COALESCE(first_meeting_held_at, :at), "
            f"cadence_gaps = cadence_gaps + CASE WHEN {FOLLOWS} THEN 1 ELSE 0 END, "
            f"cadence_kept = cadence_kept + CASE WHEN {KEPT} THEN 1 ELSE 0 END",
            held_at=held_at,
        ),
    ]


@handles(events.MeetingCancelled)
def _meeting_cancelled(event: Any, position: int) -> list[Statement]:
    return [
        kept(MEETING_KEPT, _ids(event, meeting_id=str(event.meeting_id))),
        _meeting_status(event, "cancelled"),
        _touch(event, position, "meetings_cancelled = meetings_cancelled + 1"),
    ]


def _meeting_status(event: Any, status: str) -> Statement:
    params = _ids(event, meeting_id=str(event.meeting_id), status=status)
    sql = "UPDATE view_meetings SET status = :status, valid_from = :key WHERE id = :meeting_id"
    return sql, params


@handles(events.FeedbackGiven)
def _feedback_given(event: Any, position: int) -> list[Statement]:
    return [
        _touch(
            event,
            position,
            "feedback_between_peers = feedback_between_peers + "
            "CASE WHEN mode = 'peer' THEN 1 ELSE 0 END, "
            "feedback_to_mentee = feedback_to_mentee + "
            "CASE WHEN mode = 'mentoring' AND mentee_id = :to_id THEN 1 ELSE 0 END, "
            "feedback_to_mentor = feedback_to_mentor + "
            "CASE WHEN mode = 'mentoring' AND mentor_id = :to_id THEN 1 ELSE 0 END",
            to_id=str(event.to_id),
        )
    ]


@handles(events.ModeShiftAgreed)
def _mode_shift_agreed(event: Any, position: int) -> list[Statement]:
    if event.mentor_id is None:
        return [
            _touch(
                event,
                position,
                "mode = 'peer', mentor_id = NULL, mentee_id = NULL, "
                "shifts_to_peer = shifts_to_peer + 1",
            )
        ]
    shift = _touch(
        event,
        position,
        "mode = 'mentoring', mentor_id = :mentor_id, mentee_id = CASE WHEN requester_id = "
        ":mentor_id THEN invitee_id ELSE requester_id END, "
        "shifts_to_mentoring = shifts_to_mentoring + 1",
        mentor_id=str(event.mentor_id),
    )
    return [shift, (MENTORSHIP_FROM_ROW, _ids(event))]


@handles(events.ModeShiftProposed, events.AgendaPrepared)
def _touched(event: Any, position: int) -> list[Statement]:
    return [_touch(event, position)]
