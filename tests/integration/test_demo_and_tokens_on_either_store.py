"""`tandem demo` and `tandem token` work on whichever store is configured, as a newcomer runs
them: in development with no secret configured, from shells that need not share a folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from services import open_tandem
from services.demo import seed
from services.mentoring import Mentoring
from services.postgres import connect
from services.settings import Settings
from services.store import Store
from services.tandem import Tandem
from web import create_app
from web.cli import main

STRONG = "a-secret-of-our-own-that-is-long-enough-0123456789"


def shell_environment(store: Store, data_dir: Path) -> dict[str, str]:
    """The TANDEM_* variables of a shell on `store`, with a data folder of its own."""
    env = {"TANDEM_STORE": store.kind, "TANDEM_DATA_DIR": str(data_dir)}
    if store.kind == "postgres":
        env.update(
            TANDEM_POSTGRES_HOST=store.host,
            TANDEM_POSTGRES_PORT=str(store.port),
            TANDEM_POSTGRES_DBNAME=store.dbname,
            TANDEM_POSTGRES_USER=store.user,
            TANDEM_POSTGRES_SCHEMA=store.schema,
        )
    return env


def tandem_cli(store: Store, data_dir: Path, *args: str, **settings: str | None) -> Result:
    """`tandem ...` in a shell of its own: its own data folder and the store's settings."""
    env: dict[str, str | None] = {
        "TANDEM_SECRET_KEY": None,
        "TANDEM_SEAL_KEY": None,
        "TANDEM_ENV": None,
        **shell_environment(store, data_dir),
    }
    env.update({f"TANDEM_{name}": value for name, value in settings.items()})
    return CliRunner().invoke(main, list(args), env=env)


def another_shell(store: Store, tmp_path: Path, name: str) -> Path:
    """A SQLite store is its data folder; a PostgreSQL store is reached from any folder."""
    return store.data_dir if store.kind == "sqlite" else tmp_path / name


def demo_ids(result: Result) -> dict[str, str]:
    """The ids a demo run printed (not its tokens, which are minted afresh)."""
    assert result.exit_code == 0, result.output
    pairs = [line.removeprefix("export ").split("=", 1) for line in result.stdout.splitlines()]
    return {k: v for k, v in (p for p in pairs if len(p) == 2) if not v.startswith("ey")}


def stored_topics(store: Store) -> Counter[str]:
    tandem = open_tandem(store)
    try:
        return topics_in(tandem)
    finally:
        tandem.close()


def topics_in(tandem: Tandem) -> Counter[str]:
    notifications = tandem.recorder.select_notifications(start=0, limit=1_000_000)
    return Counter(n.topic for n in notifications)


def test_a_token_minted_by_the_cli_opens_an_app_started_separately_on_the_same_store(
    store: Store, tmp_path: Path
) -> None:
    minted = tandem_cli(
        store, another_shell(store, tmp_path, "shell"), "token", "--sub", "a", "--role", "auditor"
    )
    server_folder = another_shell(store, tmp_path, "server")
    server = {**shell_environment(store, server_folder), "TANDEM_FOLLOW_LOG": "false"}
    app = create_app(Settings.from_env(server))

    try:
        answer = app.test_client().get(
            "/api/audit/events", headers={"Authorization": f"Bearer {minted.stdout.strip()}"}
        )
    finally:
        app.extensions["services"].close()

    assert minted.exit_code == 0, minted.output
    assert answer.status_code == 200, answer.get_json()


def test_the_token_command_says_where_the_development_secret_is_kept(
    store: Store, tmp_path: Path
) -> None:
    result = tandem_cli(store, tmp_path / "shell", "token", "--sub", "a", "--role", "admin")

    expected = "tandem_secrets" if store.kind == "postgres" else "secret.key"
    assert expected in result.stderr


def test_production_never_falls_back_on_a_stored_secret(store: Store, tmp_path: Path) -> None:
    tandem_cli(store, tmp_path / "dev", "token", "--sub", "a", "--role", "admin")  # stores one

    refused = tandem_cli(
        store, tmp_path / "dev", "token", "--sub", "a", "--role", "admin", ENV="production"
    )

    assert refused.exit_code != 0
    assert "TANDEM_SECRET_KEY must be set" in refused.output


def test_production_stores_no_secret(store: Store, tmp_path: Path) -> None:
    production = {"ENV": "production", "SECRET_KEY": STRONG}

    tandem_cli(store, tmp_path / "prod", "db", "init", **production)
    minted = tandem_cli(
        store, tmp_path / "prod", "token", "--sub", "a", "--role", "admin", **production
    )

    assert minted.exit_code == 0, minted.output
    assert not (tmp_path / "prod" / "secret.key").exists()
    assert stored_secrets(store) == []


def stored_secrets(store: Store) -> list[object]:
    if store.kind == "sqlite":
        return []
    with connect(store) as conn:
        return conn.execute(f"SELECT * FROM {store.schema}.tandem_secrets").fetchall()


def test_the_demo_run_twice_gives_the_same_ids_and_records_nothing_new(
    store: Store, tmp_path: Path
) -> None:
    first = tandem_cli(store, store.data_dir, "demo")
    for saved in store.data_dir.glob("demo.*"):  # the demo is found in the store, not in a file
        saved.unlink()
    recorded = stored_topics(store)

    again = tandem_cli(store, another_shell(store, tmp_path, "elsewhere"), "demo")

    assert demo_ids(again) == demo_ids(first)
    assert stored_topics(store) == recorded
    assert "Found the demo programme" in again.stdout


def test_a_demo_interrupted_midway_completes_on_the_next_run_without_duplicates(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Mentoring, "propose_mode", fails_once_at(1, Mentoring.propose_mode))
    interrupted = tandem_cli(store, store.data_dir, "demo")
    monkeypatch.undo()

    completed = tandem_cli(store, store.data_dir, "demo")

    assert interrupted.exit_code != 0
    assert isinstance(interrupted.exception, Interrupted)
    assert completed.exit_code == 0, completed.output
    assert stored_topics(store) == topics_of_a_demo_seeded_at_once(tmp_path / "at-once")


def test_the_demo_creates_the_data_folder_it_saves_its_tokens_in(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "not" / "there" / "yet"

    result = tandem_cli(store, folder, "demo", SECRET_KEY=STRONG)

    assert result.exit_code == 0, result.output
    assert "export PROGRAM=" in (folder / "demo.env").read_text()


class Interrupted(Exception):
    """The demo stopped midway, as by Ctrl-C or a lost connection."""


def fails_once_at(call: int, command: Callable[..., Any]) -> Callable[..., Any]:
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == call:
            raise Interrupted(f"stopped at call {call}")
        return command(*args, **kwargs)

    return failing


def topics_of_a_demo_seeded_at_once(folder: Path) -> Counter[str]:
    tandem = open_tandem(folder)
    try:
        seed(tandem)
        return topics_in(tandem)
    finally:
        tandem.close()
