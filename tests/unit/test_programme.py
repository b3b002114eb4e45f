"""Programmes, the participants enrolled in them, and which text stays private to the parties."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from eventsourcing.domain import Aggregate

from domain import relationship_events
from domain.privacy import PRIVATE_FIELDS
from domain.values import Role
from tests.support.domain_world import COORDINATOR, a_participant, a_programme


def test_a_programme_is_coordinated_by_whoever_created_it() -> None:
    program = a_programme()

    assert program.is_coordinated_by(COORDINATOR)


def test_a_programme_is_not_coordinated_by_anyone_else() -> None:
    program = a_programme()

    assert not program.is_coordinated_by("someone-else")


def test_a_participant_holds_each_role_they_were_enrolled_with_once() -> None:
    program = a_programme()
    participant = a_participant()

    participant.enrol(program.id, ["mentor", "mentee", "mentor"], by=COORDINATOR)

    assert participant.roles_in(program.id) == [Role.MENTEE, Role.MENTOR]


def test_enrolling_again_replaces_the_roles_held_in_that_programme() -> None:
    program = a_programme()
    participant = a_participant(program, "mentee")

    participant.enrol(program.id, ["mentor"], by=COORDINATOR)

    assert participant.roles_in(program.id) == [Role.MENTOR]


def test_roles_in_one_programme_say_nothing_about_another() -> None:
    participant = a_participant(a_programme(), "mentor")

    roles = participant.roles_in(a_programme().id)

    assert roles == []


def test_enrolment_records_who_enrolled_the_participant() -> None:
    program = a_programme()
    participant = a_participant()

    participant.enrol(program.id, ["peer"], by=COORDINATOR)

    (enrolled,) = participant.collect_events()
    assert isinstance(enrolled, type(participant).Enrolled)
    assert enrolled.by == COORDINATOR


def test_an_unknown_role_is_refused_and_nothing_is_recorded() -> None:
    program = a_programme()
    participant = a_participant()

    with pytest.raises(ValueError):
        participant.enrol(program.id, ["coach"], by=COORDINATOR)

    assert participant.collect_events() == []
    assert participant.roles_in(program.id) == []


def test_the_private_text_is_exactly_what_the_contract_names() -> None:
    named_in_the_contract = {
        "message",
        "topics",
        "progress_reflection",
        "development_areas",
        "summary",
        "content",
        "reflection",
        "notes",
        "confidential_topics",
    }

    assert named_in_the_contract == PRIVATE_FIELDS


def test_every_private_field_is_a_field_of_some_relationship_event() -> None:
    event_classes = [
        member
        for _, member in inspect.getmembers(relationship_events, inspect.isclass)
        if issubclass(member, Aggregate.Event)
    ]

    event_fields = {field.name for cls in event_classes for field in dataclasses.fields(cls)}

    assert event_fields >= PRIVATE_FIELDS


def test_a_participant_lists_the_programmes_they_are_in_with_their_roles() -> None:
    first, second = a_programme(), a_programme()
    participant = a_participant(first, "mentee")
    participant.enrol(second.id, ["peer", "mentor"], by=COORDINATOR)

    programs = participant.programs

    assert [(p.program_id, p.roles) for p in programs] == [
        (first.id, [Role.MENTEE]),
        (second.id, [Role.MENTOR, Role.PEER]),
    ]
