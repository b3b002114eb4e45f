"""Envelopes ask for their subject's key only when there is text to seal or open: an event
with none is written and read without a look at the key table."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from domain.relationship_events import Accepted, Requested
from services.mentoring import Mentoring
from services.privacy.keys import Keyring, StoredKey
from services.privacy.mapper import EnvelopeMapper
from services.tandem import Tandem
from tests.support.services_world import Programme


class CountingKeys:
    """The store's key table, counting the subjects it is asked for."""

    def __init__(self, tandem: Tandem) -> None:
        self.tandem = tandem
        self.asked: list[UUID] = []

    def data_keys(self, subjects: Collection[UUID]) -> dict[UUID, StoredKey]:
        self.asked.extend(subjects)
        return self.tandem.data_keys(subjects)


def counting_mapper(tandem: Tandem) -> tuple[EnvelopeMapper, CountingKeys]:
    keys = CountingKeys(tandem)
    return EnvelopeMapper(tandem.mapper, Keyring(keys, tandem.keyring.encryption)), keys


def an_accepted_relationship(tandem: Tandem, programme: Programme) -> UUID:
    relationship_id = (
        Mentoring(tandem)
        .request_mentoring(
            programme.as_("Budi"), programme.id, programme.people["Ana"], "mentoring", [], "Hi"
        )
        .aggregate.id
    )
    Mentoring(tandem).accept(programme.as_("Ana"), relationship_id)
    return relationship_id


def test_an_event_without_private_text_is_read_without_looking_up_a_key(
    tandem: Tandem, programme: Programme
) -> None:
    relationship_id = an_accepted_relationship(tandem, programme)
    requested, accepted = tandem.recorder.select_events(relationship_id)
    mapper, keys = counting_mapper(tandem)

    read = mapper.to_domain_event(accepted)

    assert isinstance(read, Accepted) and keys.asked == []
    assert mapper.to_domain_event(requested).message == "Hi" and keys.asked == [relationship_id]


def test_an_event_without_private_text_is_written_without_a_key_made_or_looked_up(
    tandem: Tandem, programme: Programme
) -> None:
    relationship_id = an_accepted_relationship(tandem, programme)
    _, accepted = tandem.recorder.select_events(relationship_id)
    mapper, keys = counting_mapper(tandem)

    stored = mapper.to_stored_event(mapper.to_domain_event(accepted))  # no key made out here

    assert stored.state == accepted.state and keys.asked == []


def test_an_event_with_private_text_is_still_sealed_under_its_subjects_key(
    tandem: Tandem, programme: Programme
) -> None:
    relationship_id = an_accepted_relationship(tandem, programme)
    requested, _ = tandem.recorder.select_events(relationship_id)
    mapper, _ = counting_mapper(tandem)
    event = mapper.to_domain_event(requested)
    assert isinstance(event, Requested)

    stored = mapper.to_stored_event(event)

    assert b'"Hi"' not in stored.state and mapper.to_domain_event(stored).message == "Hi"
