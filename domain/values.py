"""Value types of the mentoring domain: enumerations and the parts of a relationship."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class Status(StrEnum):
    REQUESTED = "requested"
    ACTIVE = "active"
    PAUSED = "paused"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CONCLUDED = "concluded"

    @property
    def is_open(self) -> bool:
        return self in (Status.REQUESTED, Status.ACTIVE, Status.PAUSED)


class Mode(StrEnum):
    MENTORING = "mentoring"
    PEER = "peer"


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    PEER = "peer"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    CHAT = "chat"
    ASYNC = "async"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    ASYNC = "async"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class FeedbackAbout(StrEnum):
    BEHAVIOUR = "behaviour"
    ATTITUDE = "attitude"
    PERFORMANCE = "performance"
    RELATIONSHIP = "relationship"


class Outcome(StrEnum):
    GOALS_MET = "goals_met"
    NO_LONGER_NEEDED = "no_longer_needed"
    MISMATCH = "mismatch"
    OTHER = "other"


@dataclass(frozen=True)
class Goal:
    id: UUID
    text: str
    added_by: str
    added_at: datetime
    achieved_at: datetime | None = None
    achieved_by: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Boundaries:
    meeting_every_days: int
    channel: Channel
    confidential_topics: list[str]
    notes: str | None
    proposed_by: str
    proposed_at: datetime
    agreed_by: str | None = None
    agreed_at: datetime | None = None


@dataclass(frozen=True)
class ModeProposal:
    mode: Mode
    mentor_id: UUID | None
    proposed_by: str
    proposed_at: datetime


@dataclass(frozen=True)
class Agenda:
    topics: list[str]
    progress_reflection: str
    development_areas: list[str]
    prepared_by: str
    prepared_at: datetime


@dataclass(frozen=True)
class Meeting:
    id: UUID
    scheduled_for: datetime
    duration_minutes: int
    mode: MeetingMode
    scheduled_by: str
    status: MeetingStatus = MeetingStatus.SCHEDULED
    agenda: Agenda | None = None
    summary: str | None = None
    held_at: datetime | None = None
    cancel_reason: str | None = None


@dataclass(frozen=True)
class Feedback:
    id: UUID
    from_id: UUID
    to_id: UUID
    about: FeedbackAbout
    content: str
    meeting_id: UUID | None
    given_at: datetime


@dataclass(frozen=True)
class Conclusion:
    outcome: Outcome
    reflection: str | None
    concluded_by: str
    concluded_at: datetime


@dataclass(frozen=True)
class Actor:
    """Who acts on a relationship: a participant by id, or staff by their name. `coordinates`
    says whether they coordinate its programme (the services' policy knows programmes)."""

    id: str
    coordinates: bool = False
