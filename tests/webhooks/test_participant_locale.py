"""A participant's `locale`: the language of what Tandem sends them (reminder e-mail, calendar)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from domain import Participant
from services.tandem import open_tandem
from tests.support.answers import assert_problem, must
from tests.support.http_world import Programme

LANDED = Path(__file__).parents[1] / "data" / "landed-release"


@pytest.mark.parametrize("locale", ["id", "en"])
def test_a_participant_is_registered_with_the_language_of_their_reminders(
    programme: Programme, locale: str
) -> None:
    body = {"name": "Eko", "email": "eko@example.org", "locale": locale}

    made = must(programme.api.post("/api/participants", body, token=programme.coordinator), 201)

    read = must(programme.api.get(f"/api/participants/{made['id']}", token=programme.admin))
    assert made["locale"] == read["locale"] == locale


def test_a_participant_registered_without_a_language_has_none(programme: Programme) -> None:
    answer = programme.api.post("/api/participants", {"name": "Eko"}, token=programme.coordinator)

    assert must(answer, 201)["locale"] is None


@pytest.mark.parametrize("locale", ["fr", "ID", "", 1])
def test_a_language_other_than_indonesian_or_english_is_refused(
    programme: Programme, locale: object
) -> None:
    body = {"name": "Eko", "locale": locale}

    answer = programme.api.post("/api/participants", body, token=programme.coordinator)

    assert "locale" in assert_problem(answer, 422)["errors"]


def test_people_registered_before_languages_existed_load_without_one(tmp_path: Path) -> None:
    shutil.copy(LANDED / "tandem.sqlite", tmp_path / "tandem.sqlite")
    tandem = open_tandem(tmp_path)
    try:
        registered = [
            tandem.mapper.to_domain_event(n)
            for n in tandem.recorder.select_notifications(start=1, limit=10_000)
            if n.topic == "domain.programme:Participant.Registered"
        ]

        people = [tandem.load(Participant, event.originator_id) for event in registered]
    finally:
        tandem.close()

    assert registered and all(event.locale is None for event in registered)
    assert all(person.locale is None and person.name for person in people)
