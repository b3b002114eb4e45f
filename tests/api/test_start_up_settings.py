"""Outside development the service refuses to start without a real secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.store import SettingsError, Store
from web import create_app

STRONG = "a-secret-of-our-own-that-is-long-enough-0123456789"


def start(tmp_path: Path, **settings: object) -> None:
    app = create_app({"STORE_OBJECT": Store.sqlite(tmp_path), **settings})
    app.extensions["services"].close()


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "must be set"),
        ("", "must be set"),
        ("change-me", "example value"),
        ("short-secret", "at least 32"),
    ],
)
def test_production_refuses_a_missing_example_or_short_secret(
    tmp_path: Path, secret: str | None, message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        start(tmp_path, ENV="production", SECRET_KEY=secret)


def test_production_starts_with_a_secret_of_its_own(tmp_path: Path) -> None:
    start(tmp_path, ENV="production", SECRET_KEY=STRONG)


def test_development_keeps_a_random_secret_in_its_data_directory(tmp_path: Path) -> None:
    start(tmp_path, DATA_DIR=str(tmp_path))

    assert len((tmp_path / "secret.key").read_text()) >= 32


def test_an_unknown_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TANDEM_ENV"):
        start(tmp_path, ENV="staging")
