"""The demo's eight months: who asked whom, when they met, what shifted, what ended.

Each relationship's life is told on its own; `Seeding.run` interleaves them in order of time.
On the demo's day two active relationships need a check-in (no meeting for weeks), one is too
early to tell, two are on track with meetings coming up, and one concluded some months ago.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.demo.seeding import COORDINATOR, PEOPLE, Life, Seeding

Feedback = tuple[str, str, str]  # giver, about, content
AGENDAS = [["Design reviews"], ["Estimating work"], ["Speaking up in meetings"], ["Career goals"]]
SUMMARIES = [
    "Walked through a review together.",
    "Practised a difficult conversation.",
    "Planned the next quarter's goals.",
    "Reviewed progress since last time.",
    "Paired on a real problem for an hour.",
]


def tell(s: Seeding) -> None:
    for name, roles in PEOPLE.items():
        _person(s, name, roles)
    for life in (_withdrawn, _active, _peers_drifting, _concluded, _paused, _shifted_to_peer):
        life(s)
    for life in (_reversed, _declined, _too_early, _requested):
        life(s)


def _person(s: Seeding, name: str, roles: list[str]) -> None:
    s.on(
        s.ago(239, 10),
        f"people/{name}/register",
        COORDINATOR,
        lambda c: s.programmes.register_participant(
            c, name=name, email=f"{name.lower()}@example.org", timezone="Europe/London"
        ),
        then=lambda r: s.demo.people.__setitem__(name, r.aggregate.id),
    )
    s.on(
        s.ago(239, 11),
        f"people/{name}/enrol",
        COORDINATOR,
        lambda c: s.programmes.enrol(c, s.demo.program_id, s.person(name), roles),
    )


def _withdrawn(s: Seeding) -> None:
    life = Life(s, "WITHDRAWN")
    life.request("Tomas", "Sam", "mentoring", ["Career planning"], s.ago(232, 11))
    life.do(s.ago(229, 16), "Tomas", "withdraw", "Found a mentor in my team.")


def _active(s: Seeding) -> None:
    """Budi and Ana: fortnightly since the start, goals met, a meeting next week: on track."""
    life = Life(s, "ACTIVE")
    life.request("Budi", "Ana", "mentoring", ["Lead a design review", "Speak up"], s.ago(230))
    life.do(s.ago(229, 15), "Ana", "accept", "Happy to.")
    _boundaries(s, life, "Budi", "Ana", 14, "video", ["salary"], 228)
    days = [222, 208, 194, 180, 152, 138, 124, 110, 96, 82, 68, 54, 40, 26, 12, 5]
    for n, day in enumerate(days):
        feedback: list[Feedback] = []
        if n % 3 == 0:
            feedback.append(("Ana", "performance", "Clear, well-argued points; keep the pace."))
        if n % 4 == 1:
            feedback.append(("Budi", "relationship", "Very helpful session."))
        _meeting(s, life, n, day, by="Ana" if n % 2 else "Budi", agenda_by="Budi", said=feedback)
    life.schedule(s.ago(173, 16), "Budi", 16, s.ago(166), "video")
    life.on_meeting(s.ago(167, 8), "Budi", 16, "cancel_meeting", "Budi is unwell.")
    life.achieve(s.ago(150, 17), "Budi", 0, "Led the storage review.")
    life.do(s.ago(100, 9), "Budi", "add_goal", "Mentor a new joiner")
    life.achieve(s.ago(2, 9), "Budi", 2, "Lina asked me to mentor her.")
    life.schedule(s.ago(4, 16), "Ana", 17, s.ahead(9), "video")


def _peers_drifting(s: Seeding) -> None:
    """Chen and Dara: every three weeks until ten weeks ago, then nothing: needs a check-in."""
    life = Life(s, "PEER")
    life.request("Chen", "Dara", "peer", ["Trade testing and UX skills"], s.ago(215))
    life.do(s.ago(214, 9), "Dara", "accept")
    _boundaries(s, life, "Dara", "Chen", 21, "in_person", [], 213)
    for n, day in enumerate([200, 179, 158, 137, 116, 95, 70]):
        by, other = ("Chen", "Dara") if n % 2 else ("Dara", "Chen")
        said = [(by, "behaviour", f"{other} explained it so I could teach it back.")]
        _meeting(s, life, n, day, by=by, agenda_by=other, mode="in_person", said=said)


def _concluded(s: Seeding) -> None:
    """Tomas and Budi (Budi's first mentee): a pause, the goal met, concluded months ago."""
    life = Life(s, "CONCLUDED")
    life.request("Tomas", "Budi", "mentoring", ["First on-call shift"], s.ago(200))
    life.do(s.ago(199, 12), "Budi", "accept")
    said = [("Budi", "attitude", "Calm under pressure."), ("Tomas", "relationship", "Great.")]
    for n, day in enumerate([190, 176, 162, 130, 116, 106]):
        _meeting(s, life, n, day, by="Budi", agenda_by="Tomas", said=said[n % 2 :][:1])
    life.do(s.ago(155, 9), "Tomas", "pause", "On release duty for two weeks.", s.ago(141))
    life.do(s.ago(141, 9), "Tomas", "resume")
    life.achieve(s.ago(105, 17), "Tomas", 0, "Ran my first on-call shift alone.")
    life.do(s.ago(100, 15), "Tomas", "conclude", "goals_met", "Ready for on-call.")


def _paused(s: Seeding) -> None:
    life = Life(s, "PAUSED")
    life.request("Eli", "Chen", "peer", ["Pair on the data pipeline"], s.ago(180))
    life.do(s.ago(179, 14), "Chen", "accept")
    for n, day in enumerate([170, 150, 130, 110, 90, 60]):
        _meeting(s, life, n, day, by="Eli" if n % 2 else "Chen")
    life.do(s.ago(45, 9), "Eli", "pause", "Parental leave until spring.", s.ahead(90))


def _shifted_to_peer(s: Seeding) -> None:
    """Budi and Sam: mentoring that became peer mentoring; meeting again next week."""
    life = Life(s, "PEER_SHIFT")
    life.request("Budi", "Sam", "mentoring", ["Architecture"], s.ago(170))
    life.do(s.ago(169, 11), "Sam", "accept")
    for n, day in enumerate([160, 140, 120]):
        _meeting(s, life, n, day, by="Sam", agenda_by="Budi")
    life.do(s.ago(118), "Sam", "propose_mode", "peer")
    life.do(s.ago(117), "Budi", "agree_mode")
    for n, day in enumerate([100, 80, 60, 40, 20, 6], start=3):
        said = [("Sam" if n % 2 else "Budi", "performance", "A sharp review of my design.")]
        _meeting(s, life, n, day, by="Budi", agenda_by="Sam", said=said)
    life.schedule(s.ago(5, 16), "Sam", 9, s.ahead(8), "video")


def _reversed(s: Seeding) -> None:
    """Tomas and Ana: the mentee became the mentor; last met six weeks ago: needs a check-in."""
    life = Life(s, "REVERSE_SHIFT")
    life.request("Tomas", "Ana", "mentoring", ["Modern frontend"], s.ago(160))
    life.do(s.ago(158), "Ana", "accept")
    for n, day in enumerate([150, 136]):
        _meeting(s, life, n, day, by="Ana", agenda_by="Tomas")
    life.do(s.ago(130), "Ana", "propose_mode", "mentoring", lambda: s.person("Tomas"))
    life.do(s.ago(129), "Tomas", "agree_mode")
    for n, day in enumerate([110, 90, 70, 45], start=2):
        said = [("Tomas", "performance", "Your first component is production-ready.")]
        _meeting(s, life, n, day, by="Tomas", agenda_by="Ana", said=said[: n % 2])


def _declined(s: Seeding) -> None:
    life = Life(s, "DECLINED")
    life.request("Lina", "Ana", "mentoring", ["Public speaking"], s.ago(105))
    life.do(s.ago(103, 9), "Ana", "decline", "My calendar is full this quarter.")


def _too_early(s: Seeding) -> None:
    """Lina and Budi: accepted three days ago, first meeting this week: too early to tell."""
    life = Life(s, "NEW")
    life.request("Lina", "Budi", "mentoring", ["Write a design document"], s.ago(6, 15))
    life.do(s.ago(3, 9), "Budi", "accept", "Glad to: my turn to pass it on.")
    _boundaries(s, life, "Lina", "Budi", 14, "in_person", [], 3)
    life.schedule(s.ago(3, 16), "Budi", 0, s.ahead(4), "in_person")


def _requested(s: Seeding) -> None:
    life = Life(s, "REQUESTED")
    life.request("Lina", "Sam", "mentoring", ["Understand the release process"], s.ago(2, 14))


def _boundaries(
    s: Seeding,
    life: Life,
    by: str,
    agreer: str,
    every: int,
    channel: str,
    topics: list[str],
    day: int,
) -> None:
    life.do(s.ago(day, 12), by, "propose_boundaries", every, channel, topics, "Mornings suit me.")
    life.do(s.ago(day, 14), agreer, "agree_boundaries")


def _meeting(
    s: Seeding,
    life: Life,
    n: int,
    day: int,
    by: str,
    agenda_by: str | None = None,
    mode: str = "video",
    said: Sequence[Feedback] = (),
) -> None:
    """Booked a week ahead, an agenda the evening before, held at ten, feedback that evening."""
    life.schedule(s.ago(day + 7, 16), by, n, s.ago(day, 10), mode)
    if agenda_by:
        topics = AGENDAS[n % len(AGENDAS)]
        reflection = "Tried what we discussed last time."
        life.on_meeting(
            s.ago(day + 1, 18), agenda_by, n, "prepare_agenda", topics, reflection, ["Critique"]
        )
    life.on_meeting(s.ago(day, 11), by, n, "hold_meeting", None, SUMMARIES[n % len(SUMMARIES)])
    for giver, about, content in said:
        life.feedback(s.ago(day, 17), giver, n, about, content)
