"""The programme page's cohorts: the API's figures as a chart and a table, by month or quarter,
as far as the day picked, and their CSV the API's CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.api import ApiClient
from tests.support.http_world import Programme, enrolled_pair
from tests.support.pages import caught_up, signed_in

CELLS = re.compile(r"<t[hd][^>]*>([^<]*)</t[hd]>")


@pytest.fixture
def pair(api: ApiClient) -> Programme:
    """Budi asked Ana and Ana accepted; Budi also asked Citra, who has not answered."""
    pair = enrolled_pair(api, "Graduates")
    accepted = str(pair.ask(pair.budi, pair.ana).body["id"])
    pair.api.post(f"/api/relationships/{accepted}/accept", {}, token=pair.ana.token)
    citra = pair.register("citra", "mentor")
    pair.ask(pair.budi, citra)
    return pair


def _coordinator(app: Any) -> Any:
    caught_up(app)
    return signed_in(app, "coordinator-graduates", ["coordinator"], "Carla")


def _cohort_rows(page: str) -> list[list[str]]:
    table = page.split('id="cohort-table"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [CELLS.findall(row) for row in body.split("</tr>")[:-1]]


def test_the_programme_page_shows_each_cohort_as_the_api_counts_it(
    app: Any, pair: Programme
) -> None:
    client = _coordinator(app)
    token = pair.api.token("coordinator-graduates", ["coordinator"])
    from_api = pair.api.get(f"/api/programs/{pair.id}/cohorts?by=quarter", token=token).body

    page = client.get(f"/app/programs/{pair.id}?by=quarter")

    assert page.status_code == 200
    assert "<title>Graduates · Tandem</title>" in page.get_data(as_text=True)
    [cohort] = from_api["cohorts"]
    [row] = _cohort_rows(page.get_data(as_text=True))
    assert row[:3] == [cohort["period"], "2", "1"]  # requested, accepted
    assert cohort["relationships"] == 2 and cohort["reached"]["accepted"] == 1
    assert 'data-chart="cohorts"' in page.get_data(as_text=True)


def test_the_cohorts_follow_the_day_picked(app: Any, pair: Programme) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()

    page = _coordinator(app).get(f"/app/programs/{pair.id}?as_of={yesterday}")

    assert page.status_code == 200
    assert "No relationship has been requested yet." in page.get_data(as_text=True)


def test_the_exported_cohorts_are_the_apis_csv(app: Any, pair: Programme) -> None:
    client = _coordinator(app)
    token = pair.api.token("coordinator-graduates", ["coordinator"])
    from_api = pair.api.request(
        "GET",
        f"/api/programs/{pair.id}/cohorts?by=month",
        token=token,
        headers={"Accept": "text/csv"},
    )

    exported = client.get(f"/app/programs/{pair.id}/cohorts.csv?by=month")

    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows == list(csv.DictReader(io.StringIO(from_api.body)))
    assert [row["relationships"] for row in rows] == ["2"]


def test_cohorts_by_an_unknown_period_are_told_on_a_page(app: Any, pair: Programme) -> None:
    answer = _coordinator(app).get(f"/app/programs/{pair.id}?by=fortnight")

    assert answer.status_code == 422
    assert answer.mimetype == "text/html"
    assert "by" in answer.get_data(as_text=True)


def test_the_cohort_table_speaks_indonesian(app: Any, pair: Programme) -> None:
    page = _coordinator(app).get(f"/app/programs/{pair.id}?lang=id").get_data(as_text=True)

    assert "Kohort" in page and "Hubungan yang diminta, per kohort" in page
