"""Personal data, on both stores and without the store-wide cipher: a unique sentence in every
private field (and the person's name and address) reaches the parties and the export, and no
stored byte; after the person's erasure it reaches nobody and nothing, while every history
still verifies and every count stays as it was."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote
from uuid import UUID

import jwt
import pytest

from domain import Participant, Relationship
from domain.privacy import ERASED
from services.tandem import open_tandem
from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient, ApiResponse, FlaskTransport
from tests.support.app import TEST_SECRET
from tests.support.personal_data_world import PersonalWorld, build, holds
from tests.support.raw_store import raw_bytes
from tests.support.tampering import tandem_command

in_process = pytest.mark.in_process
CONVERTER = re.compile(r"<uuid:(\w+)>")


@pytest.fixture
def world(app: Any) -> PersonalWorld:
    return build(ApiClient(FlaskTransport(app), TEST_SECRET), app.extensions["services"])


def text_of(answer: ApiResponse) -> str:
    body = answer.body
    return body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)


def readers(world: PersonalWorld) -> dict[str, str]:
    return {
        "Budi": world.budi.token,
        "Ana": world.ana.token,
        "Sam": world.sam.token,
        "the coordinator": world.coordinator,
        "the auditor": world.auditor,
        "an admin": world.admin,
    }


def every_read(app: Any, world: PersonalWorld) -> Iterator[tuple[str, dict[str, str]]]:
    """Every GET of the API, for each id it takes, with the query and media types that change
    what it answers."""
    hook = {"url": "http://127.0.0.1:9/hook", "program_id": world.program_id}
    subscription = must(world.api.post("/api/subscriptions", hook, token=world.coordinator), 201)
    ids = {
        "relationship_id": [world.long_id, world.active_id],
        "participant_id": [world.budi.id, world.ana.id],
        "program_id": [world.program_id],
        "meeting_id": [world.meeting_id],
        "subscription_id": [subscription["id"]],
    }
    moment = quote(world.before_erasure.isoformat()) if world.before_erasure else ""
    variants = {
        "/api/relationships/<uuid:relationship_id>": ["", "?version=1", f"?as_of={moment}"],
        "/api/relationships": [f"?program_id={world.program_id}"],
        "/api/audit/events": [f"?program_id={world.program_id}&limit=200"],
        "/api/programs/<uuid:program_id>/status": ["", f"?as_of={moment}"],
    }
    ndjson = {"Accept": "application/x-ndjson"}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith("/api/"):
            continue
        names = CONVERTER.findall(rule.rule)
        for values in itertools.product(*(ids[name] for name in names)):
            path = rule.rule
            for name, value in zip(names, values, strict=True):
                path = path.replace(f"<uuid:{name}>", value)
            for query in variants.get(rule.rule, [""]):
                yield path + query, {}
                yield path + query, ndjson


def test_every_private_sentence_reaches_the_parties_and_the_export_but_no_stored_byte(
    world: PersonalWorld, store: Any, request: pytest.FixtureRequest
) -> None:
    long_for_budi = text_of(
        world.api.get(f"/api/relationships/{world.long_id}/history", token=world.budi.token)
    )
    long_for_ana = text_of(
        world.api.get(f"/api/relationships/{world.long_id}/history", token=world.ana.token)
    )
    export = world.api.get(f"/api/participants/{world.budi.id}/export", token=world.budi.token)
    stored = raw_bytes(store, request)

    private = set(world.written) - {"Budi", "address", "second request"}
    assert set(world.found_in(long_for_budi)) >= private
    assert set(world.found_in(long_for_ana)) >= private
    assert export.content_type.startswith("application/x-ndjson")
    assert set(world.found_in(export.body)) == set(world.written)
    assert len(stored) > 100_000 and not holds(stored, world.marker.encode())
    assert world.found_in(stored) == []


def test_the_export_is_the_person_then_every_event_of_their_relationships_oldest_first(
    world: PersonalWorld,
) -> None:
    export = world.api.get(f"/api/participants/{world.budi.id}/export", token=world.admin)

    first, *events = [json.loads(line) for line in export.body.splitlines()]
    assert first["record"] == "participant" and first["id"] == world.budi.id
    assert first["name"] == world.written["Budi"] and first["programs"][0]["roles"] == ["mentee"]
    assert {e["relationship_id"] for e in events} == {world.long_id, world.active_id}
    assert [e["occurred_at"] for e in events] == sorted(e["occurred_at"] for e in events)
    conclusion = [e for e in events if e["type"] == "Concluded"]
    assert conclusion[0]["data"]["reflection"] == world.written["reflection"]


@in_process
def test_after_erasure_no_answer_of_any_endpoint_holds_their_words_name_or_address(
    app: Any, world: PersonalWorld
) -> None:
    world.erase_budi()
    world.caught_up()

    leaks = []
    reads = 0
    for (path, headers), (reader, token) in itertools.product(
        every_read(app, world), readers(world).items()
    ):
        answer = world.api.get(path, token=token, headers=headers)
        reads += answer.status == 200
        if found := world.found_in(text_of(answer)):
            leaks.append(f"{reader} GET {path}: {found}")

    assert leaks == []
    assert reads > 100  # the readers really read: most answers are not refusals


def test_after_erasure_the_other_party_reads_erased_and_who_did_what_and_when_stays(
    world: PersonalWorld,
) -> None:
    before = must(world.api.get(f"/api/relationships/{world.long_id}", token=world.ana.token))

    erased = world.erase_budi()
    after = must(world.api.get(f"/api/relationships/{world.long_id}", token=world.ana.token))

    assert (erased["name"], erased["email"], erased["programs"]) == (ERASED, ERASED, [])
    assert erased["erased_at"] is not None
    assert after["message"] == ERASED
    assert after["boundaries"]["in_force"]["confidential_topics"] == [ERASED]
    assert after["boundaries"]["in_force"]["notes"] == ERASED
    (meeting,) = after["meetings"]
    assert meeting["summary"] == ERASED and meeting["agenda"]["topics"] == [ERASED]
    assert [f["content"] for f in after["feedback"]] == [ERASED, ERASED]
    structure = ("status", "mode", "requester_id", "invitee_id", "mentor_id", "goals")
    assert {k: after[k] for k in structure} == {k: before[k] for k in structure}
    assert after["outcome"] == {**before["outcome"], "reflection": ERASED}
    assert [(f["from_id"], f["given_at"]) for f in after["feedback"]] == [
        (f["from_id"], f["given_at"]) for f in before["feedback"]
    ]


def test_after_erasure_every_history_verifies_and_counts_and_past_reports_stand(
    world: PersonalWorld, store: Any
) -> None:
    status = f"/api/programs/{world.program_id}/status"
    assert world.before_erasure is not None
    past = f"{status}?as_of={quote(world.before_erasure.isoformat())}"
    counts_before = must(world.api.get(status, token=world.coordinator))
    past_before = must(world.api.get(past, token=world.coordinator))

    world.erase_budi()
    world.caught_up()

    for rid in (world.long_id, world.active_id):
        path = f"/api/relationships/{rid}/history/verification"
        verification = must(world.api.get(path, token=world.auditor))
        assert verification["intact"], verification
        assert verification["sealed_version"] >= 2
    counts_after = must(world.api.get(status, token=world.coordinator))
    past_after = must(world.api.get(past, token=world.coordinator))
    assert {**counts_after, "position": 0} == {**counts_before, "position": 0}
    assert past_after == past_before
    verified = tandem_command(store, "audit", "verify")  # as an operator runs it
    assert verified.exit_code == 0 and " 0 not intact" in verified.output, verified.output


def test_after_erasure_the_audit_trail_shows_who_erased_when_and_why(
    world: PersonalWorld,
) -> None:
    world.erase_budi("Right to erasure, ticket 42.")
    world.caught_up()

    trail = must(
        world.api.get(
            f"/api/audit/events?program_id={world.program_id}&type=PrivateTextErased",
            token=world.auditor,
        )
    )

    erasures = trail["items"]
    assert {e["relationship_id"] for e in erasures} == {world.long_id, world.active_id}
    admin = jwt.decode(world.admin, options={"verify_signature": False})["sub"]
    assert {e["actor_id"] for e in erasures} == {admin}
    assert {e["data"]["reason"] for e in erasures} == {"Right to erasure, ticket 42."}
    assert {e["data"]["participant_id"] for e in erasures} == {world.budi.id}


def test_after_erasure_no_stored_byte_holds_their_words_nor_their_keys(
    world: PersonalWorld, store: Any, request: pytest.FixtureRequest
) -> None:
    tandem = world.services.tandem
    subjects = [UUID(world.budi.id), UUID(world.long_id), UUID(world.active_id)]
    wrapped = [key.wrapped for key in tandem.data_keys(subjects).values()]
    before = raw_bytes(store, request)
    assert len(wrapped) == 3 and all(key and holds(before, key) for key in wrapped)

    world.erase_budi()
    world.caught_up()

    stored = raw_bytes(store, request)
    assert world.found_in(stored) == []
    assert [key for key in wrapped if key and holds(stored, key)] == []  # shredded, not unlinked
    assert all(found.erased for found in tandem.keyring.lookup(subjects).values())


@in_process
def test_after_erasure_caches_and_snapshots_hold_nothing_readable_in_any_process(
    world: PersonalWorld, store: Any
) -> None:
    tandem = world.services.tandem
    other = open_tandem(store, tandem.keyring.encryption)  # another worker on the same store
    try:
        assert other.load(Relationship, UUID(world.long_id)).message != ERASED  # now cached
        assert other.load(Participant, UUID(world.budi.id)).name == world.written["Budi"]

        world.erase_budi()

        for app in (tandem, other):
            cached = [
                app.load(Relationship, UUID(world.long_id)),
                app.load(Participant, UUID(world.budi.id)),
            ]
            assert world.found_in(repr([vars(a) for a in cached])) == []
            history = list(app.events.get(UUID(world.long_id)))
            assert world.found_in(repr([vars(e) for e in history])) == []
        assert tandem.snapshots is not None
        (snapshot,) = tandem.snapshots.get(UUID(world.long_id), desc=True, limit=1)
        assert snapshot.state["message"] == ERASED
    finally:
        other.close()


@in_process
def test_after_erasure_delivery_logs_keep_no_address_and_no_excerpt(world: PersonalWorld) -> None:
    outbox = world.services.webhooks.outbox
    address = world.written["address"]
    outbox.write(
        [
            (
                "INSERT INTO webhook_reminders (id, kind, relationship_id, program_id, due_at, "
                "body, created_at) VALUES (:id, 'meeting_due', :rid, :pid, 0, '{}', 0)",
                [{"id": "r-1", "rid": world.active_id, "pid": world.program_id}],
            ),
            (
                "INSERT INTO webhook_mails (reminder_id, participant_id, status, queued_at, "
                "next_attempt_at, attempts, last_error) VALUES ('r-1', :p, 'pending', 0, 0, 1, :e)",
                [
                    {
                        "p": world.budi.id,
                        "e": f"SMTPRecipientsRefused: {{'{address}': (550, b'No')}}",
                    }
                ],
            ),
            (
                "INSERT INTO webhook_deliveries (subscription_id, ordering_key, message_id, "
                "type, status, queued_at, attempts, last_error) VALUES ('s-1', :rid, 'm', 't', "
                "'failed', 0, 1, :e)",
                [
                    {
                        "rid": world.active_id,
                        "e": f"HTTP 500: echo {world.written['second request']}",
                    }
                ],
            ),
        ]
    )

    world.erase_budi()

    mails = outbox.fetch("SELECT status, next_attempt_at, last_error FROM webhook_mails")
    excerpts = outbox.fetch(
        "SELECT last_error FROM webhook_deliveries WHERE ordering_key = :r", {"r": world.active_id}
    )
    assert [(m["status"], m["next_attempt_at"]) for m in mails] == [("failed", None)]
    assert world.found_in(repr(mails) + repr(excerpts)) == []
    assert excerpts == [{"last_error": None}]


@in_process
def test_an_erased_participant_cannot_sign_in_and_is_enrolled_nowhere(
    app: Any, world: PersonalWorld
) -> None:
    from services.directory import Directory

    services = world.services
    directory = Directory(services.tandem, services.programmes, services.views)
    assert directory.participant_by_email(world.written["address"]) is not None

    world.erase_budi()

    assert directory.participant_by_email(world.written["address"]) is None
    assert directory.participant(UUID(world.budi.id)) is None
    assert UUID(world.budi.id) not in [p.id for p in directory.participants()]
    again = {
        "program_id": world.program_id,
        "invitee_id": world.sam.id,
        "kind": "mentoring",
        "goals": ["Anything"],
        "message": "Again?",
    }
    refused = world.api.post("/api/relationships", again, token=world.budi.token)
    assert "enrolled" in assert_problem(refused, 403)["detail"]


def test_erasing_twice_is_refused_and_records_nothing(world: PersonalWorld) -> None:
    world.erase_budi()
    subjects = [UUID(s) for s in (world.budi.id, world.long_id, world.active_id)]
    tandem = world.services.tandem
    versions = [len(list(tandem.events.get(subject))) for subject in subjects]

    again = world.api.post(
        f"/api/participants/{world.budi.id}/erasure", {"reason": "Again."}, token=world.admin
    )

    assert_problem(again, 409, "/problems/erased")
    assert [len(list(tandem.events.get(subject))) for subject in subjects] == versions


def test_an_erased_relationship_takes_nothing_new_but_its_conclusion(world: PersonalWorld) -> None:
    world.erase_budi()
    path = f"/api/relationships/{world.active_id}"

    goal = world.api.post(f"{path}/goals", {"text": "More"}, token=world.sam.token)
    reflected = world.api.post(
        f"{path}/conclude", {"outcome": "other", "reflection": "x"}, token=world.coordinator
    )
    concluded = world.api.post(f"{path}/conclude", {"outcome": "other"}, token=world.coordinator)

    assert_problem(goal, 409, "/problems/erased")
    assert_problem(reflected, 409, "/problems/erased")
    assert must(concluded)["status"] == "concluded"


def test_only_an_admin_erases_and_an_unknown_person_is_not_found(world: PersonalWorld) -> None:
    path = f"/api/participants/{world.budi.id}/erasure"

    by_coordinator = world.api.post(path, {"reason": "x"}, token=world.coordinator)
    unknown = world.api.post(
        f"/api/participants/{UUID(int=7)}/erasure", {"reason": "x"}, token=world.admin
    )
    no_reason = world.api.post(path, {}, token=world.admin)

    assert_problem(by_coordinator, 403)
    assert_problem(unknown, 404)
    assert_problem(no_reason, 422)


def test_after_erasure_no_fingerprint_of_their_requests_is_kept_and_a_retry_still_answers(
    world: PersonalWorld, store: Any, request: pytest.FixtureRequest
) -> None:
    path = f"/api/relationships/{world.active_id}/feedback"
    body = {"about": "relationship", "content": world.sentence("feedback sent with a key")}
    key = {"Idempotency-Key": "feedback-1"}
    must(world.api.post(path, body, token=world.budi.token, headers=key), 200)
    canonical = json.dumps(["POST", path, body], sort_keys=True)  # as web.answers fingerprints
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest().encode()
    assert holds(raw_bytes(store, request), fingerprint)  # a guess at the text would confirm it

    world.erase_budi()
    retried = world.api.post(path, body, token=world.budi.token, headers=key)

    assert not holds(raw_bytes(store, request), fingerprint)
    assert must(retried, 200)["feedback"][-1]["content"] == ERASED
