"""The `tandem` command: mint tokens, seed the demo, serve the API."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import click
from flask import Flask

from services.auditing import AuditQuery
from services.demo import HISTORY, PEOPLE, STAFF, Demo, seed
from services.dev_secret import create_secret_table, where_kept
from services.policy import ROLES, Caller
from services.store import SettingsError, check_reachable
from services.views.stall import Stall
from web.auth import mint_token
from web.config import configure, seal_key, store_of


def _config(reach_store: bool = True) -> dict[str, Any]:
    """The settings, checked: a bad or missing one stops the command with one clear line."""
    app = Flask("tandem")
    try:
        configure(app, None)
        store = store_of(app.config)
        if reach_store:
            check_reachable(store)
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    return dict(app.config)


@click.group()
def main() -> None:
    """Tandem: mentoring relationships, event-sourced, served over HTTP."""


@main.command()
@click.option("--sub", required=True, help="The caller: a participant id, or any staff name.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(sorted(ROLES)))
@click.option("--days", default=30, show_default=True, help="Days until the token expires.")
def token(sub: str, roles: tuple[str, ...], days: int) -> None:
    """Mint a bearer token signed with the server's secret (in development, the one kept with
    the configured store)."""
    config = _config(reach_store=False)
    click.echo(mint_token(config["SECRET_KEY"], sub, list(roles), timedelta(days=days)))
    if not os.environ.get("TANDEM_SECRET_KEY"):
        kept = where_kept(store_of(config))
        click.echo(f"# Signed with the development secret kept in {kept}.", err=True)


@main.command()
@click.option("--port", default=8000, show_default=True, help="Where `tandem serve` will listen.")
def demo(port: int) -> None:
    """Create the demo programme in the configured store (or finish or find it there), print its
    ids and fresh tokens, and save them to DATA_DIR/demo.env."""
    from services.wiring import open_services

    config = _config()
    store = store_of(config)
    services = open_services(store, follow_log=False, seal_key=seal_key(config))
    try:
        before = services.tandem.recorder.max_notification_id() or 0
        found = seed(services.tandem)
        recorded = (services.tandem.recorder.max_notification_id() or 0) > before
    finally:
        services.close()
    lines = _env_lines(config["SECRET_KEY"], _ids(found), port)
    store.data_dir.mkdir(parents=True, exist_ok=True)
    saved = store.data_dir / "demo.env"
    saved.write_text("\n".join(lines) + "\n")
    click.echo("\n".join(lines))
    done = "Seeded" if recorded else "Found"
    click.echo(
        f"# {done} the demo programme in the {store.kind} store (history since "
        f"{(found.today - HISTORY):%Y-%m-%d})."
    )
    click.echo(f"# Saved to {saved}: `source` it for the README's curl tour.")


def _ids(demo: Demo) -> dict[str, str]:
    ids = {"PROGRAM": str(demo.program_id)}
    ids.update({f"{name.upper()}_ID": str(pid) for name, pid in demo.people.items()})
    ids.update({f"REL_{key}": str(rid) for key, rid in demo.relationships.items()})
    ids["AS_OF"] = f"{demo.as_of:%Y-%m-%dT%H:%M:%SZ}"  # the end of last quarter, for reports
    return ids


def _env_lines(secret: str, ids: dict[str, str], port: int) -> list[str]:
    month = timedelta(days=30)
    lines = [f"export BASE=http://127.0.0.1:{port}"]
    lines += [f"export {key}={value}" for key, value in ids.items()]
    for key, (sub, role) in STAFF.items():
        lines.append(f"export {key}={mint_token(secret, sub, [role], month)}")
    for name in PEOPLE:
        sub = ids[f"{name.upper()}_ID"]
        lines.append(f"export {name.upper()}={mint_token(secret, sub, ['participant'], month)}")
    return lines


@main.group()
def db() -> None:
    """The store's tables."""


@db.command("init")
def db_init() -> None:
    """Create every table (events and views) once; safe to run again. Run before the workers,
    which start with TANDEM_CREATE_TABLES=false."""
    from services.wiring import open_services

    config = _config()
    store = replace(store_of(config), create_tables=True)
    services = open_services(store, follow_log=False, seal_key=seal_key(config))
    services.close()
    create_secret_table(store)
    click.echo(f"Tables ready in the {store.kind} store.")


@main.group()
def projections() -> None:
    """Follow, rebuild or inspect the read views."""


def _services() -> Any:
    from services.wiring import open_services

    config = _config()
    return open_services(store_of(config), follow_log=False, seal_key=seal_key(config))


@projections.command("run")
@click.option("--interval", default=0.5, show_default=True, help="Seconds between polls.")
def projections_run(interval: float) -> None:
    """Keep the views current in this process (start the server with TANDEM_FOLLOW_LOG=false)."""
    services = _services()
    services.projector.interval = interval
    services.projector.after_batch = services.evidence.seal
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # says whether this process leads or waits as a standby behind another projector
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        services.projector.run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        services.close()


@projections.command("rebuild")
def projections_rebuild() -> None:
    """Empty every view and rebuild it from the first event."""
    services = _services()
    started = time.perf_counter()
    services.views.clear()
    applied = services.projector.catch_up()
    seconds = time.perf_counter() - started
    stall = services.projector.stalled
    services.close()
    if stall is not None:
        raise click.ClickException(f"Rebuilt {applied} events, then stopped. {_stalled(stall)}")
    click.echo(f"Rebuilt the views from {applied} events in {seconds:.2f} s.")


@projections.command("status")
def projections_status() -> None:
    """Each view's position in the log and how far behind it is."""
    services = _services()
    log_position = services.tandem.recorder.max_notification_id() or 0
    click.echo(f"log      position {log_position}")
    click.echo(
        f"views    position {services.views.position()}  lag {services.projector.lag()} events"
    )
    stall = services.views.stall()
    services.close()
    if stall is not None:
        raise click.ClickException(_stalled(stall))


def _stalled(stall: Stall) -> str:
    return (
        f"The views are stopped before position {stall.position} since "
        f"{stall.since:%Y-%m-%d %H:%M:%S} UTC: {stall.reason}. They are not skipped: fix the "
        "cause (the event, or the code that applies it), and they continue from there."
    )


@main.group()
def audit() -> None:
    """Seal, verify and export the history."""


@audit.command("seal")
def audit_seal() -> None:
    """Seal every relationship's events not sealed yet."""
    services = _services()
    sealed = services.evidence.seal(services.evidence.relationship_ids())
    click.echo(f"Sealed new events of {sealed} relationships.")
    services.close()


@audit.command("verify")
@click.option("--relationship", "relationship_id", type=click.UUID, help="Only this one.")
def audit_verify(relationship_id: UUID | None) -> None:
    """Check every history against its seal; exits 1 if any is not intact."""
    services = _services()
    auditor = Caller("tandem-cli", frozenset({"auditor"}))
    ids = [relationship_id] if relationship_id else services.evidence.relationship_ids()
    checked = broken = 0
    for rid in ids:
        result = services.evidence.verification(auditor, rid)
        checked += 1
        if not result.intact:
            broken += 1
            click.echo(
                f"{rid}  {result.problem} at version {result.first_bad_version}: {result.detail}"
            )
    services.close()
    click.echo(f"{checked} relationships checked, {broken} not intact.")
    if broken:
        raise SystemExit(1)


@audit.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--program", "program_id", type=click.UUID)
@click.option("--relationship", "relationship_id", type=click.UUID)
def audit_export(output: Path, program_id: UUID | None, relationship_id: UUID | None) -> None:
    """Write the audit trail (private text withheld) as NDJSON, streamed to a file."""
    services = _services()
    services.projector.catch_up()
    auditor = Caller("tandem-cli", frozenset({"auditor"}))
    query = AuditQuery(program_id=program_id, relationship_id=relationship_id)
    lines = 0
    with output.open("w", encoding="utf-8") as out:
        for line in services.audit.export(auditor, query):
            out.write(line)
            lines += 1
    services.close()
    click.echo(f"Wrote {lines} events to {output}.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=1, show_default=True, help="Processes (SQLite: keep 1).")
@click.option("--threads", default=8, show_default=True, help="Threads per process.")
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the API with gunicorn; each worker creates its application after the fork."""
    _config()  # bad settings stop here, in one line, before any worker starts
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "web.server.ProblemWorker")  # problem+json errors
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            from web import create_app

            return create_app()

    Server().run()


if __name__ == "__main__":
    main()
