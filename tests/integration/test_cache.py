"""The cache of recently used aggregates never hides what another process saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from domain import Relationship
from services import open_tandem
from services.mentoring import Mentoring
from services.tandem import Tandem
from tests.support.services_world import Programme


def test_a_command_sees_what_another_process_saved_after_it_cached_the_relationship(
    tandem: Tandem, programme: Programme, tmp_path: Path
) -> None:
    relationship_id = (
        Mentoring(tandem)
        .request_mentoring(
            programme.as_("Budi"),
            programme.id,
            programme.people["Ana"],
            "mentoring",
            ["Grow"],
            "Hi",
        )
        .aggregate.id
    )
    Mentoring(tandem).accept(programme.as_("Ana"), relationship_id)  # now in this process's cache
    other = open_tandem(tmp_path)  # another worker on the same store
    try:
        Mentoring(other).add_goal(programme.as_("Budi"), relationship_id, "Written elsewhere")

        recorded = Mentoring(tandem).add_goal(programme.as_("Ana"), relationship_id, "Written here")
    finally:
        other.close()

    goals = [goal.text for goal in recorded.aggregate.goal_list]
    assert goals == ["Grow", "Written elsewhere", "Written here"]
    assert recorded.aggregate.version == 4


def test_an_attempt_that_lost_its_save_leaves_no_trace_in_the_cached_relationship(
    tandem: Tandem, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    relationship_id = (
        Mentoring(tandem)
        .request_mentoring(
            programme.as_("Budi"),
            programme.id,
            programme.people["Ana"],
            "mentoring",
            ["Grow"],
            "Hi",
        )
        .aggregate.id
    )
    Mentoring(tandem).accept(programme.as_("Ana"), relationship_id)  # now in this process's cache
    save = tandem.save
    lost = []

    def lose_the_first_save(*objects: Any, **kwargs: Any) -> Any:
        if not lost:
            lost.append(objects)
            raise IntegrityError("as if another writer won")
        return save(*objects, **kwargs)

    monkeypatch.setattr(tandem, "save", lose_the_first_save)
    Mentoring(tandem).add_goal(programme.as_("Budi"), relationship_id, "Once")

    relationship = tandem.repository.get(relationship_id)
    assert isinstance(relationship, Relationship)
    assert [goal.text for goal in relationship.goal_list] == ["Grow", "Once"]
    versions = [e.originator_version for e in tandem.events.get(relationship_id)]
    assert versions == [1, 2, 3]
