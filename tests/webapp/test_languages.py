"""The app in Bahasa Indonesia and English: every word of it translated, `?lang=` remembered,
Accept-Language otherwise, `<html lang>` telling which; the API's problems stay English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from tests.support.api import ApiClient
from tests.support.pages import signed_in

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "web" / "translations" / "id" / "LC_MESSAGES" / "messages.po"


def test_every_word_of_the_app_has_an_indonesian_translation(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    pybabel = str(Path(sys.executable).parent / "pybabel")
    subprocess.run(
        [pybabel, "extract", "-F", "babel.cfg", "-k", "_l", "-o", str(template), "web"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as extracted, CATALOGUE.open("rb") as translated:
        wanted = {m.id for m in read_po(extracted) if m.id}
        catalogue = {m.id: m for m in read_po(translated) if m.id}

    missing = sorted(str(i) for i in wanted if i not in catalogue)
    untranslated = sorted(
        str(i)
        for i in wanted & catalogue.keys()
        if not all(catalogue[i].string) or catalogue[i].fuzzy
    )
    assert missing == [], "run `make messages` and translate them"
    assert untranslated == []


def test_the_language_asked_for_is_kept_for_the_next_pages(app: Any) -> None:
    client = signed_in(app, "coordinator-x", ["coordinator"])

    chosen = client.get("/app/?lang=id").get_data(as_text=True)
    later = client.get("/app/").get_data(as_text=True)

    assert '<html lang="id">' in chosen and "Beranda" in chosen
    assert '<html lang="id">' in later and "Keluar" in later


def test_without_a_choice_the_browsers_language_decides(app: Any) -> None:
    client = app.test_client()

    indonesian = client.get("/app/sign-in", headers={"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"})
    english = client.get("/app/sign-in", headers={"Accept-Language": "fr, en-GB;q=0.8"})
    other = client.get("/app/sign-in", headers={"Accept-Language": "fr"})

    assert '<html lang="id">' in indonesian.get_data(as_text=True)
    assert "Masuk ke Tandem" in indonesian.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert '<html lang="en">' in other.get_data(as_text=True)


def test_the_apis_problems_stay_in_english(api: ApiClient) -> None:
    answer = api.request("GET", "/api/relationships", headers={"Accept-Language": "id"})

    assert answer.status == 401
    assert answer.body["title"] == "Unauthorized"


def test_numbers_are_written_as_the_language_writes_them(app: Any) -> None:
    from web.pages.languages import number

    with app.test_request_context("/app/?lang=id"):
        indonesian = number(1234567)
    with app.test_request_context("/app/?lang=en"):
        english = number(1234567)

    assert indonesian == "1.234.567"
    assert english == "1,234,567"
