"""A batch applied at once (grouped statements) leaves the views as its events one by one do."""

from __future__ import annotations

from pathlib import Path

from services import Tandem
from services.mentoring import Mentoring
from services.programmes import Programmes
from services.views.projector import Projector
from services.views.store import MentoringProjection, open_sqlite_views
from tests.support.services_world import Programme
from tests.support.views import dump


def projector_over(tandem: Tandem, path: Path) -> Projector:
    return Projector(tandem, MentoringProjection(open_sqlite_views(path)))


def test_order_sensitive_events_in_one_batch_end_as_they_do_one_by_one(
    tandem: Tandem, programme: Programme, tmp_path: Path
) -> None:
    batch = projector_over(tandem, tmp_path / "batch")
    one_by_one = projector_over(tandem, tmp_path / "one_by_one")
    batch.catch_up()  # the first programme and its people: the story's batch starts with a request
    one_by_one.catch_up()
    ana, budi, chen = (programme.as_(name) for name in ("Ana", "Budi", "Chen"))
    first = Mentoring(tandem).request_mentoring(
        budi, programme.id, programme.people["Ana"], "mentoring", [], ""
    )
    relationship = first.aggregate.id
    Mentoring(tandem).accept(ana, relationship)
    Mentoring(tandem).propose_boundaries(budi, relationship, 7, "video", [])
    Mentoring(tandem).agree_boundaries(ana, relationship)
    Mentoring(tandem).propose_boundaries(
        budi, relationship, 21, "video", []
    )  # proposed, never agreed
    Mentoring(tandem).pause(ana, relationship, "holiday")
    Mentoring(tandem).resume(ana, relationship)
    Mentoring(tandem).pause(budi, relationship, "exams")
    monthly = Programmes(tandem).create_program(
        programme.coordinator, name="Monthly", meeting_every_days=30
    )
    for name, roles in (("Ana", ["mentor"]), ("Chen", ["mentee"])):
        Programmes(tandem).enrol(
            programme.coordinator, monthly.aggregate.id, programme.people[name], roles
        )
    second = Mentoring(tandem).request_mentoring(
        chen, monthly.aggregate.id, programme.people["Ana"], "mentoring", [], ""
    )

    batch.catch_up()
    while one_by_one.catch_up(limit=1):
        pass

    rows = {row["id"]: row for row in dump(batch.views)["view_relationships"]}
    assert rows[str(relationship)]["status"] == "paused"
    assert rows[str(relationship)]["period_days"] == 7
    assert rows[str(relationship)]["proposed_every_days"] == 21
    assert rows[str(second.aggregate.id)]["period_days"] == 30
    assert dump(batch.views) == dump(one_by_one.views)
    for projector in (batch, one_by_one):
        projector.views.close()
