"""Exporting a history and the auditors' trail as NDJSON; `tandem audit export` to a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.app import ONE_STORE
from tests.support.audit import (
    NDJSON,
    audited_programme,
    caught_up,
    every_item,
    export,
    full_of_private_text,
    history,
    lines_of,
    staff,
)
from tests.support.http_world import REQUEST_MESSAGE, Programme
from tests.support.tampering import in_process, tandem_command
from tests.support.view_reads import SECRET, Views


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


def test_a_history_export_is_its_events_one_a_line_private_text_for_the_parties_only(
    views: Views, programme: Programme
) -> None:
    relationship = full_of_private_text(views, programme)
    parties = (programme.budi.token, programme.ana.token)

    for reader in (*parties, programme.auditor, programme.admin):
        answer = history(relationship, reader, ndjson=True)

        lines = lines_of(answer)
        assert lines == must(history(relationship, reader))["events"]
        assert [line["version"] for line in lines] == list(range(1, len(lines) + 1))
        assert {line["actor_id"] for line in lines} == {programme.ana.id, programme.budi.id}
        shown = [text in answer.body for text in (SECRET, REQUEST_MESSAGE)]
        assert shown == [reader in parties] * 2, shown


def test_who_may_not_read_a_history_may_not_export_it(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)

    assert_problem(history(relationship, programme.coordinator, ndjson=True), 403)
    assert_problem(history(relationship, programme.citra.token, ndjson=True), 404)


def test_the_trail_export_holds_the_json_items_one_a_line(
    views: Views, programme: Programme
) -> None:
    audited = audited_programme(views, programme)
    queries: list[dict[str, Any]] = [
        {},
        {"program_id": programme.id},
        {"relationship_id": audited.mentoring.id},
        {"type": "Accepted"},
        {"actor_id": programme.ana.id},
        {"program_id": programme.id, "actor_id": programme.coordinator_sub},
    ]

    for query in queries:
        answer = export(views.api, programme.auditor, **query)

        assert lines_of(answer) == every_item(views.api, programme.auditor, **query), query
        assert "content-length" not in answer.headers, "the export is streamed, not measured"


def test_the_trail_export_is_not_cut_at_a_page(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    for number in range(50):
        body = {"text": f"Goal {number}"}
        views.did(relationship.command(programme.budi.token, "goals", body))
    caught_up(views, programme)

    lines = lines_of(export(views.api, programme.auditor, relationship_id=relationship.id))

    assert [line["version"] for line in lines] == list(range(1, 53))
    assert lines == every_item(views.api, programme.auditor, relationship_id=relationship.id)


def test_the_trail_export_withholds_every_private_text(views: Views, programme: Programme) -> None:
    full_of_private_text(views, programme)

    answer = export(views.api, programme.admin, program_id=programme.id)

    assert SECRET not in answer.body and REQUEST_MESSAGE not in answer.body, answer.body
    assert '"[private]"' in answer.body
    assert '"channel": "video"' in answer.body


@ONE_STORE
def test_an_export_that_matches_nothing_is_empty(api: ApiClient) -> None:
    answer = export(api, staff(api, "auditor"), type="NothingEverHappened")

    assert lines_of(answer) == []


@ONE_STORE
@pytest.mark.parametrize("role", ["coordinator", "participant"])
def test_a_refused_export_is_a_problem_not_a_stream(api: ApiClient, role: str) -> None:
    answer = export(api, staff(api, role))

    assert_problem(answer, 403)
    assert not answer.content_type.startswith(NDJSON), answer.headers


@ONE_STORE
def test_an_export_with_a_malformed_filter_is_a_validation_failure(api: ApiClient) -> None:
    answer = export(api, staff(api, "auditor"), since="last quarter")

    assert "since" in assert_problem(answer, 422)["errors"]


@in_process
@pytest.mark.usefixtures("app")
def test_tandem_audit_export_writes_the_trail_to_a_file(
    views: Views, programme: Programme, store: Any, tmp_path: Path
) -> None:
    audited = audited_programme(views, programme)
    scopes: list[tuple[list[str], dict[str, Any]]] = [
        (["--relationship", audited.peers.id], {"relationship_id": audited.peers.id}),
        (["--program", programme.id], {"program_id": programme.id}),
        ([], {}),
    ]

    for options, query in scopes:
        output = tmp_path / "trail.ndjson"
        result = tandem_command(store, "audit", "export", "--output", str(output), *options)

        assert result.exit_code == 0, result.output
        expected = every_item(views.api, programme.auditor, **query)
        assert [json.loads(line) for line in output.read_text().splitlines()] == expected
        assert f"Wrote {len(expected)} events" in result.output
