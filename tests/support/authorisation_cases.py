"""The authorisation table: every endpoint, and the status each kind of caller gets."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.authorisation_world import (
    AGENDA,
    BOUNDARIES,
    CONCLUDE,
    FEEDBACK,
    HELD,
    Prepare,
    _meeting,
    fresh,
    new_enrolment,
    new_request,
    proposed,
    shared,
    with_goal,
    with_meeting,
)


@dataclass(frozen=True)
class Endpoint:
    label: str  # "POST accept"
    method: str
    prepare: Prepare  # for callers with a valid token
    refused: Prepare  # for invalid tokens: no state needed, 401 comes first
    expected: dict[str, int]  # by caller kind (the seven identities)


MENTOR, MENTEE, NON_PARTY = "mentor party", "mentee party", "non-party participant"
COORDINATOR, OTHER_COORDINATOR = "programme coordinator", "other-programme coordinator"
AUDITOR, ADMIN = "auditor", "admin"
IDENTITIES = [MENTOR, MENTEE, NON_PARTY, COORDINATOR, OTHER_COORDINATOR, AUDITOR, ADMIN]
BAD_TOKENS = [
    "no token",
    "expired token",
    "token signed with another key",
    "alg none token",
    "token missing sub",
    "token missing exp",
    "token missing roles",
]


def expect(
    mentor: int = 403,
    mentee: int = 403,
    non_party: int = 403,
    coordinator: int = 403,
    other_coordinator: int = 403,
    auditor: int = 403,
    admin: int = 403,
) -> dict[str, int]:
    return {
        MENTOR: mentor,
        MENTEE: mentee,
        NON_PARTY: non_party,
        COORDINATOR: coordinator,
        OTHER_COORDINATOR: other_coordinator,
        AUDITOR: auditor,
        ADMIN: admin,
    }


def parties(ok: int = 200) -> dict[str, int]:
    """Either party acts; a non-party participant is told nothing exists; staff are refused."""
    return expect(mentor=ok, mentee=ok, non_party=404)


def one_party(*, mentor: int, mentee: int) -> dict[str, int]:
    return expect(mentor=mentor, mentee=mentee, non_party=404)


def parties_and_coordinators() -> dict[str, int]:
    return expect(mentor=200, mentee=200, non_party=404, coordinator=200, admin=200)


REL = "/api/relationships/{rel}"
STAFF_CREATES = expect(coordinator=201, other_coordinator=201, admin=201)
COORDINATORS_READ = expect(coordinator=200, admin=200)
PERSONAL_READ = expect(mentor=404, mentee=200, non_party=404, coordinator=200, admin=200)
HISTORY_READ = expect(mentor=200, mentee=200, non_party=404, auditor=200, admin=200)

ENDPOINTS = [
    Endpoint(
        "POST programs",
        "POST",
        shared("/api/programs", {"name": "Evening Cohort"}),
        shared("/api/programs", {"name": "Evening Cohort"}),
        STAFF_CREATES,
    ),
    Endpoint(
        "GET program",
        "GET",
        shared("/api/programs/{program}"),
        shared("/api/programs/{program}"),
        COORDINATORS_READ,
    ),
    Endpoint(
        "POST participants",
        "POST",
        shared("/api/participants", {"name": "Eko"}),
        shared("/api/participants", {"name": "Eko"}),
        STAFF_CREATES,
    ),
    Endpoint(
        "GET participant (the mentee)",
        "GET",
        shared("/api/participants/{mentee}"),
        shared("/api/participants/{mentee}"),
        PERSONAL_READ,
    ),
    Endpoint(
        "POST enrollments",
        "POST",
        new_enrolment,
        shared("/api/programs/{program}/enrollments", {"participant_id": "x", "roles": ["peer"]}),
        expect(coordinator=201, admin=201),
    ),
    Endpoint(
        "POST relationships",
        "POST",
        new_request,
        shared("/api/relationships", {"program_id": "x"}),
        # the mentor asking themselves, and a peer asking for mentoring, break rules: 409
        expect(mentor=409, mentee=201, non_party=409),
    ),
    Endpoint(
        "POST accept",
        "POST",
        fresh("requested", "accept", {}),
        shared(REL + "/accept", {}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST decline",
        "POST",
        fresh("requested", "decline", {"reason": "Too busy."}),
        shared(REL + "/decline", {"reason": "Too busy."}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST withdraw",
        "POST",
        fresh("requested", "withdraw", {"reason": "Found another mentor."}),
        shared(REL + "/withdraw", {}),
        one_party(mentor=403, mentee=200),
    ),
    Endpoint(
        "POST boundaries",
        "POST",
        fresh("active", "boundaries", BOUNDARIES),
        shared(REL + "/boundaries", BOUNDARIES),
        parties(),
    ),
    Endpoint(
        "POST boundaries/agree",
        "POST",
        fresh("active", "boundaries/agree", {}, proposed("boundaries", BOUNDARIES)),
        shared(REL + "/boundaries/agree", {}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST goals",
        "POST",
        fresh("active", "goals", {"text": "Speak at a meetup"}),
        shared(REL + "/goals", {"text": "Speak at a meetup"}),
        parties(),
    ),
    Endpoint(
        "POST goals/achieve",
        "POST",
        fresh("active", "goals/{goal}/achieve", {"note": "Done."}, with_goal),
        shared(REL + "/goals/{goal}/achieve", {}),
        parties(),
    ),
    Endpoint(
        "POST meetings",
        "POST",
        fresh("active", "meetings", _meeting()),
        shared(REL + "/meetings", _meeting()),
        parties(201),
    ),
    Endpoint(
        "POST meetings/agenda",
        "POST",
        fresh("active", "meetings/{meeting}/agenda", AGENDA, with_meeting),
        shared(REL + "/meetings/{meeting}/agenda", AGENDA),
        one_party(mentor=403, mentee=200),
    ),
    Endpoint(
        "POST meetings/held",
        "POST",
        fresh("active", "meetings/{meeting}/held", HELD, with_meeting),
        shared(REL + "/meetings/{meeting}/held", HELD),
        parties(),
    ),
    Endpoint(
        "POST meetings/cancel",
        "POST",
        fresh("active", "meetings/{meeting}/cancel", {"reason": "A clash."}, with_meeting),
        shared(REL + "/meetings/{meeting}/cancel", {"reason": "A clash."}),
        parties(),
    ),
    Endpoint(
        "POST feedback",
        "POST",
        fresh("active", "feedback", FEEDBACK),
        shared(REL + "/feedback", FEEDBACK),
        parties(),
    ),
    Endpoint(
        "POST mode",
        "POST",
        fresh("active", "mode", {"mode": "peer"}),
        shared(REL + "/mode", {"mode": "peer"}),
        parties(),
    ),
    Endpoint(
        "POST mode/agree",
        "POST",
        fresh("active", "mode/agree", {}, proposed("mode", {"mode": "peer"})),
        shared(REL + "/mode/agree", {}),
        one_party(mentor=200, mentee=403),
    ),
    Endpoint(
        "POST pause",
        "POST",
        fresh("active", "pause", {"reason": "On leave."}),
        shared(REL + "/pause", {"reason": "On leave."}),
        parties_and_coordinators(),
    ),
    Endpoint(
        "POST resume",
        "POST",
        fresh("paused", "resume", {}),
        shared(REL + "/resume", {}),
        parties_and_coordinators(),
    ),
    Endpoint(
        "POST conclude",
        "POST",
        fresh("active", "conclude", CONCLUDE),
        shared(REL + "/conclude", CONCLUDE),
        parties_and_coordinators(),
    ),
    Endpoint(
        "GET relationship",
        "GET",
        shared(REL),
        shared(REL),
        parties_and_coordinators(),
    ),
    Endpoint(
        "GET meetings",
        "GET",
        shared(REL + "/meetings"),
        shared(REL + "/meetings"),
        parties_and_coordinators(),
    ),
    Endpoint(
        "GET feedback",
        "GET",
        shared(REL + "/feedback"),
        shared(REL + "/feedback"),
        parties_and_coordinators(),
    ),
    Endpoint(
        "GET history",
        "GET",
        shared(REL + "/history"),
        shared(REL + "/history"),
        HISTORY_READ,
    ),
    Endpoint(
        "GET history/verification",
        "GET",
        shared(REL + "/history/verification"),
        shared(REL + "/history/verification"),
        HISTORY_READ,
    ),
    Endpoint(
        "GET relationships list",
        "GET",
        shared("/api/relationships?program_id={program}"),
        shared("/api/relationships?program_id={program}"),
        # participants see their own (none, for the non-party); a programme filter for another
        # programme's coordinator is refused
        expect(mentor=200, mentee=200, non_party=200, coordinator=200, admin=200),
    ),
    Endpoint(
        "GET program status",
        "GET",
        shared("/api/programs/{program}/status"),
        shared("/api/programs/{program}/status"),
        COORDINATORS_READ,
    ),
    Endpoint(
        "GET audit/events",
        "GET",
        shared("/api/audit/events"),
        shared("/api/audit/events"),
        expect(auditor=200, admin=200),
    ),
    Endpoint(
        "GET lineage (the mentee)",
        "GET",
        shared("/api/participants/{mentee}/lineage"),
        shared("/api/participants/{mentee}/lineage"),
        PERSONAL_READ,
    ),
]


# A party's successful answer here shows the private text written (the request's message at
# least): the control that the private text the other rows look for is really there.
REVEALING = {
    e.label
    for e in ENDPOINTS
    if e.label.startswith("POST ")
    and e.label not in ("POST programs", "POST participants", "POST enrollments", "POST meetings")
} | {"GET relationship", "GET meetings", "GET feedback", "GET history"}


# ---------------------------------------------------------------------------------------------
