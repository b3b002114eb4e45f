"""The service starts only on settings that make sense, read once from TANDEM_* variables.

Outside development it refuses to start without a real secret; a misspelt yes/no, a number out
of range or an empty key stops it with one line naming the variable; no secret shows in a repr.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from services.settings import Settings
from services.store import SettingsError, Store
from web import create_app
from web.cli import main

STRONG = "a-secret-of-our-own-that-is-long-enough-0123456789"


def settings_from(tmp_path: Path, **variables: str) -> Settings:
    environ = {f"TANDEM_{name}": value for name, value in variables.items()}
    return Settings.from_env({"TANDEM_DATA_DIR": str(tmp_path), **environ})


def start(settings: Settings) -> None:
    app = create_app(settings)
    app.extensions["services"].close()


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The process's own TANDEM_* variables, as a gunicorn worker reads them: a store in tmp."""
    for name in ("STORE", "ENV", "SEAL_KEY", "FOLLOW_LOG", "CREATE_TABLES", "CIPHER_KEY"):
        monkeypatch.delenv(f"TANDEM_{name}", raising=False)
    monkeypatch.setenv("TANDEM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TANDEM_SECRET_KEY", STRONG)
    return monkeypatch


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
    variables = {} if secret is None else {"SECRET_KEY": secret}

    with pytest.raises(SettingsError, match=message):
        settings_from(tmp_path, ENV="production", **variables)


def test_production_starts_with_a_secret_of_its_own(tmp_path: Path) -> None:
    start(settings_from(tmp_path, ENV="production", SECRET_KEY=STRONG))


def test_development_keeps_a_random_secret_in_its_data_directory(tmp_path: Path) -> None:
    settings = settings_from(tmp_path)

    assert settings.secret_key == (tmp_path / "secret.key").read_text()
    assert len(settings.secret_key) >= 32
    assert settings.secret_kept_with_store


@pytest.mark.parametrize("name", ["FOLLOW_LOG", "CREATE_TABLES"])
@pytest.mark.parametrize(
    ("spelling", "meaning"),
    [
        *[("true", True), ("Yes", True), ("on", True), ("1", True), ("y", True)],
        *[("false", False), ("NO", False), ("off", False), ("0", False), ("n", False)],
    ],
)
def test_yes_or_no_settings_take_the_usual_spellings(
    tmp_path: Path, name: str, spelling: str, meaning: bool
) -> None:
    settings = settings_from(tmp_path, **{name: spelling})

    read = settings.follow_log if name == "FOLLOW_LOG" else settings.store.create_tables
    assert read is meaning


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FOLLOW_LOG", "flase"),
        ("FOLLOW_LOG", ""),
        ("CREATE_TABLES", "maybe"),
        ("POOL_SIZE", "abc"),
        ("POSTGRES_PORT", "70000"),
        ("STORE", "mysql"),
        ("ENV", "staging"),
        ("SEAL_KEY", ""),
        ("SEAL_KEY", "   "),
    ],
)
def test_a_bad_value_is_refused_with_one_line_naming_its_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(SettingsError, match=f"TANDEM_{name}") as refused:
        settings_from(tmp_path, **{name: value})

    assert "\n" not in str(refused.value)


def test_a_worker_told_not_to_follow_the_log_starts_no_projector(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("TANDEM_FOLLOW_LOG", "off")

    app = create_app()  # as gunicorn's workers and `flask --app web` create it
    services = app.extensions["services"]
    services.close()

    assert services.projector.poke not in services.tandem.on_saved
    assert services.projector.after_batch is None


def test_a_worker_with_a_misspelt_setting_does_not_start(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("TANDEM_FOLLOW_LOG", "flase")

    with pytest.raises(SettingsError, match="TANDEM_FOLLOW_LOG"):
        create_app()


def test_a_command_with_a_misspelt_setting_stops_with_one_line(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("TANDEM_FOLLOW_LOG", "flase")

    result = CliRunner().invoke(main, ["projections", "status"])

    assert result.exit_code == 1
    assert result.output.startswith("Error: TANDEM_FOLLOW_LOG must be true or false")
    assert result.output.count("\n") == 1


def test_the_seal_key_is_the_configured_one_or_derived_from_the_secret(tmp_path: Path) -> None:
    configured = settings_from(tmp_path, SECRET_KEY=STRONG, SEAL_KEY="a-seal-key")
    derived = settings_from(tmp_path, SECRET_KEY=STRONG)
    other_secret = settings_from(tmp_path, SECRET_KEY=STRONG[::-1])

    assert configured.sealing_key == b"a-seal-key"
    assert derived.sealing_key not in (b"", STRONG.encode())
    assert derived.sealing_key != other_secret.sealing_key


def test_no_password_or_key_shows_in_a_repr(tmp_path: Path) -> None:
    secrets = {
        "POSTGRES_PASSWORD": "the-database-password",
        "CIPHER_KEY": "the-cipher-key",
        "SECRET_KEY": STRONG,
        "SEAL_KEY": "the-seal-key",
    }
    settings = settings_from(tmp_path, STORE="postgres", **secrets)

    shown = [repr(settings), str(settings), repr(settings.store), str(settings.store)]
    for secret in secrets.values():
        assert not any(secret in text for text in shown), secret
    assert "postgres" in repr(settings.store)


def test_a_store_built_directly_keeps_its_password_out_of_its_repr() -> None:
    store = Store(kind="postgres", password="the-database-password", cipher_key="the-key")

    assert "the-database-password" not in repr(store)
    assert "the-key" not in repr(store)
