"""The commands that work on the app's store: the demo, the views and the seals.

They are registered on the app's CLI (`flask --app web projections status`) as on `tandem`
(web/cli.py), and use the app they run in: its settings and its services.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from services.auditing import AuditQuery
from services.demo import HISTORY, PEOPLE, STAFF, Demo, seed
from services.policy import Caller
from services.privacy.retention import RetentionSchedule
from services.settings import Settings
from services.views.projector import Unappliable
from services.views.rebuild import RebuildUnderWay, rebuild_views
from services.views.stall import Stall
from services.wiring import Services
from web.auth import mint_token
from web.privacy_commands import keys, participants, retention
from web.running import interval_option, until_stopped
from web.webhook_commands import webhooks

AUDITOR = Caller("tandem-cli", frozenset({"auditor"}))


def init_app(app: Flask) -> None:
    for command in (demo, projections, audit, webhooks, participants, retention, keys):
        app.cli.add_command(command)


def _settings() -> Settings:
    return cast(Settings, current_app.extensions["settings"])


def _services() -> Services:
    """The app's services, their views kept by the command itself, never by a thread."""
    services = cast(Services, current_app.extensions["services"])
    services.projector.stop()  # an app started with TANDEM_FOLLOW_LOG=true follows the log
    return services


def _current(services: Services) -> Services:
    """The services, their views first rebuilt beside the live ones if another version of
    Tandem made those (which answer meanwhile)."""
    if services.views.stale():
        click.echo("The views were made by another version of Tandem: rebuilding them beside.")
        done = rebuild_views(services, _settings().store, os.cpu_count() or 1)
        click.echo(f"Rebuilt the views from {done.position} events in {done.seconds:.2f} s.")
    return services


@click.command()
@click.option("--port", default=8000, show_default=True, help="Where `tandem serve` will listen.")
@with_appcontext
def demo(port: int) -> None:
    """Create the demo programme in the configured store (or finish or find it there), print its
    ids and fresh tokens, and save them to DATA_DIR/demo.env."""
    settings, services = _settings(), _services()
    before = services.tandem.recorder.max_notification_id() or 0
    found = seed(services.tandem)
    recorded = (services.tandem.recorder.max_notification_id() or 0) > before
    lines = _env_lines(settings.secret_key, _ids(found), port)
    store = settings.store
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


@click.group(cls=AppGroup)
def projections() -> None:
    """Follow, rebuild or inspect the read views."""


@projections.command("run")
@interval_option
def projections_run(interval: float) -> None:
    """Keep the views current in this process (start the server with TANDEM_FOLLOW_LOG=false)."""
    services = _current(_services())
    services.projector.interval = interval
    services.projector.after_batch = services.evidence.seal
    schedule = RetentionSchedule(services.retention, _settings().retention_every)
    schedule.start()  # the projector's process runs the retention passes too
    try:
        until_stopped(services.projector.run)
    finally:
        schedule.stop()


@projections.command("rebuild")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="the machine's cores",
    help="Processes filling the views (PostgreSQL; SQLite takes one writer).",
)
def projections_rebuild(workers: int) -> None:
    """Rebuild every view from the first event, beside the live ones, which go on answering
    until the rebuilt ones take their place at once."""
    services = _services()
    try:
        with click.progressbar(
            length=max(1, services.tandem.recorder.max_notification_id() or 0),
            label="Rebuilding the views",
            show_eta=True,
            item_show_func=lambda rate: rate,
        ) as bar:
            done = rebuild_views(services, _settings().store, workers, _progress_on(bar))
    except Unappliable as stop:
        stall = Stall.at(stop.position, stop.error)
        raise click.ClickException(
            f"The rebuild stopped; the live views are as they were. {_stalled(stall)}"
        ) from None
    except RebuildUnderWay as busy:
        raise click.ClickException(str(busy)) from None
    rate = done.position / max(done.seconds, 1e-9)
    click.echo(
        f"Rebuilt the views from {done.position} events in {done.seconds:.2f} s "
        f"({rate:,.0f} events/s); they answer from position {done.position}."
    )


def _progress_on(bar: Any) -> Callable[[int, int], None]:
    """Moves the bar to the log position reached, showing the rate since the start."""
    started = time.perf_counter()

    def progress(position: int, end: int) -> None:
        bar.length = max(bar.length or 1, end)
        rate = position / max(time.perf_counter() - started, 1e-9)
        bar.update(position - bar.pos, f"{rate:,.0f} events/s")

    return progress


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
    if stall is not None:
        raise click.ClickException(_stalled(stall))


def _stalled(stall: Stall) -> str:
    return (
        f"The views are stopped before position {stall.position} since "
        f"{stall.since:%Y-%m-%d %H:%M:%S} UTC: {stall.reason}. They are not skipped: fix the "
        "cause (the event, or the code that applies it), and they continue from there."
    )


@click.group(cls=AppGroup)
def audit() -> None:
    """Seal, verify and export the history."""


@audit.command("seal")
def audit_seal() -> None:
    """Seal every relationship's events not sealed yet."""
    services = _services()
    sealed = services.evidence.seal(services.evidence.relationship_ids())
    click.echo(f"Sealed new events of {sealed} relationships.")


@audit.command("verify")
@click.option("--relationship", "relationship_id", type=click.UUID, help="Only this one.")
def audit_verify(relationship_id: UUID | None) -> None:
    """Check every history against its seal; exits 1 if any is not intact."""
    services = _services()
    ids = [relationship_id] if relationship_id else services.evidence.relationship_ids()
    checked = broken = 0
    for rid in ids:
        result = services.evidence.verification(AUDITOR, rid)
        checked += 1
        if not result.intact:
            broken += 1
            click.echo(
                f"{rid}  {result.problem} at version {result.first_bad_version}: {result.detail}"
            )
    click.echo(f"{checked} relationships checked, {broken} not intact.")
    if broken:
        raise SystemExit(1)


@audit.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--program", "program_id", type=click.UUID)
@click.option("--relationship", "relationship_id", type=click.UUID)
def audit_export(output: Path, program_id: UUID | None, relationship_id: UUID | None) -> None:
    """Write the audit trail (private text withheld) as NDJSON, streamed to a file."""
    services = _current(_services())
    services.projector.catch_up()
    query = AuditQuery(program_id=program_id, relationship_id=relationship_id)
    lines = 0
    with output.open("w", encoding="utf-8") as out:
        for line in services.audit.export(AUDITOR, query):
            out.write(line)
            lines += 1
    click.echo(f"Wrote {lines} events to {output}.")
