"""`tandem participants` (export, erase), `tandem retention run` and `tandem keys rewrap`: the
personal data commands, on the app's services (web/cli.py builds the app from the settings)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast
from uuid import UUID

import click
from flask import current_app
from flask.cli import AppGroup

from services.policy import Caller
from services.unit_of_work import Command
from services.wiring import Services

OPERATOR = Caller("tandem-cli", frozenset({"admin"}))


def _services() -> Services:
    """The app's services, its views brought up to the end of the log by the command itself."""
    services = cast(Services, current_app.extensions["services"])
    services.projector.stop()  # an app started with TANDEM_FOLLOW_LOG=true follows the log
    services.projector.catch_up()
    services.erasures.await_views = lambda position: _caught_up(services)
    return services


def _caught_up(services: Services) -> None:
    services.projector.catch_up()


@click.group(cls=AppGroup)
def participants() -> None:
    """A participant's personal data: take a copy, or erase it."""


@participants.command("export")
@click.argument("participant_id", type=click.UUID)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Else stdout.")
def participants_export(participant_id: UUID, output: Path | None) -> None:
    """Everything held about a participant, as NDJSON (as GET /api/participants/{id}/export)."""
    lines = _services().export.lines(OPERATOR, participant_id)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    written = 0
    try:
        for line in lines:
            out.write(line)
            written += 1
    finally:
        if output:
            out.close()
    if output:
        click.echo(f"Wrote {written} lines to {output}: keep it as safe as the store.")


@participants.command("erase")
@click.argument("participant_id", type=click.UUID)
@click.option("--reason", required=True, help="Why, for the record.")
@click.option("--by", default=OPERATOR.sub, show_default=True, help="Who erases, for the record.")
def participants_erase(participant_id: UUID, reason: str, by: str) -> None:
    """Erase a participant for good (as POST /api/participants/{id}/erasure)."""
    caller = Caller(by, OPERATOR.roles)
    services = _services()
    relationships = services.erasures.relationships_of(participant_id)
    recorded = services.erasures.erase_participant(Command(caller), participant_id, reason)
    click.echo(
        f"Erased participant {participant_id} and the private text of {len(relationships)}"
        f" relationships (log position {recorded.position})."
    )


@click.group(cls=AppGroup)
def retention() -> None:
    """Erase the private text of relationships past their programme's retention period."""


@retention.command("run")
def retention_run() -> None:
    """One retention pass now (the server and `tandem projections run` run one every
    TANDEM_RETENTION_EVERY seconds); prints what it erased."""
    erased = _services().retention.run()
    for done in erased:
        click.echo(
            f"{done.relationship_id}  programme {done.program_id}: ended"
            f" {done.ended_at:%Y-%m-%d}, kept {done.days} days"
        )
    click.echo(f"Erased the private text of {len(erased)} relationships.")


@click.group(cls=AppGroup)
def keys() -> None:
    """The data keys' key-encryption key."""


@keys.command("rewrap")
def keys_rewrap() -> None:
    """Wrap every data key again under TANDEM_KEY_ENCRYPTION_KEY (after rotating it, with the
    old one in TANDEM_RETIRED_KEY_ENCRYPTION_KEYS); then the old one can be dropped."""
    tandem = _services().tandem
    recorder = tandem.recorder
    stored = recorder.every_data_key()  # type: ignore[attr-defined]
    encryption = tandem.keyring.encryption
    stale = [key for key in stored if key.kek_id != encryption.current_id]
    recorder.rewrap_data_keys([encryption.wrap(encryption.unwrap(key)) for key in stale])  # type: ignore[attr-defined]
    click.echo(f"Wrapped {len(stale)} of {len(stored)} data keys again under the current key.")
