"""The `tandem` command: the app's commands (web/commands.py), each run in an app built from
Settings.from_env() when it starts, and three that need the settings only: mint a token, create
the tables, serve the API."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

from services.dev_secret import create_secret_table, where_kept
from services.policy import ROLES
from services.privacy.migration import Migration
from services.settings import Settings
from services.store import SettingsError, check_reachable
from services.views.rebuild import rebuild_views
from services.wiring import open_services
from web import commands, create_app, privacy_commands, webhook_commands
from web.auth import mint_token


def _settings(reach_store: bool = True) -> Settings:
    """The settings, checked: a bad or missing one stops the command with one clear line."""
    try:
        settings = Settings.from_env()
        if reach_store:
            check_reachable(settings.store)
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    return settings


def _app() -> Flask:
    """The app a command runs in, closed with the command; its views are kept by the command."""
    settings = _settings()
    quiet = replace(settings.webhooks, dispatch=False)  # commands deliver only when told to
    app = create_app(replace(settings, follow_log=False, webhooks=quiet))
    click.get_current_context().call_on_close(app.extensions["services"].close)
    return app


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Tandem: mentoring relationships, event-sourced, served over HTTP."""
    # as `flask` does: the app's commands build the app from this, once, when they run
    ctx.obj = ScriptInfo(create_app=_app, set_debug_flag=False)


for command in (
    commands.demo,
    commands.projections,
    commands.audit,
    webhook_commands.webhooks,
    privacy_commands.participants,
    privacy_commands.retention,
    privacy_commands.keys,
):
    main.add_command(command)


@main.command()
@click.option("--sub", required=True, help="The caller: a participant id, or any staff name.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(sorted(ROLES)))
@click.option("--days", default=30, show_default=True, help="Days until the token expires.")
def token(sub: str, roles: tuple[str, ...], days: int) -> None:
    """Mint a bearer token signed with the server's secret (in development, the one kept with
    the configured store)."""
    settings = _settings(reach_store=False)
    click.echo(mint_token(settings.secret_key, sub, list(roles), timedelta(days=days)))
    if settings.secret_kept_with_store:
        kept = where_kept(settings.store)
        click.echo(f"# Signed with the development secret kept in {kept}.", err=True)


@main.group()
def db() -> None:
    """The store's tables."""


@db.command("init")
def db_init() -> None:
    """Create every table (events and views) once; safe to run again. Run before the workers,
    which start with TANDEM_CREATE_TABLES=false."""
    settings = _settings()
    store = replace(settings.store, create_tables=True)
    services = open_services(
        store, follow_log=False, seal_key=settings.sealing_key, keys=settings.key_encryption
    )
    try:
        if services.views.stale():  # an upgrade: the old views answer until the new take over
            click.echo("Rebuilding the views beside those of the earlier version ...")
            done = rebuild_views(services, store, os.cpu_count() or 1)
            click.echo(f"Rebuilt the views from {done.position} events in {done.seconds:.2f} s.")
    finally:
        services.close()
    create_secret_table(store)
    click.echo(f"Tables ready in the {store.kind} store.")


@db.command("migrate")
def db_migrate() -> None:
    """Move private text and contact details written before envelopes into them, re-sealing
    the histories that were sealed (the old digests kept); safe to run again. Run it once on
    upgrade, with the workers stopped."""
    settings = _settings()
    quiet = replace(settings.webhook_settings, dispatch=False)
    services = open_services(
        settings.store,
        follow_log=False,
        seal_key=settings.sealing_key,
        webhooks=quiet,
        keys=settings.key_encryption,
    )
    try:
        done = Migration(services.tandem, services.evidence).run()
    finally:
        services.close()
    click.echo(
        f"Moved {done.events} events and {done.snapshots} snapshots of {done.subjects} people"
        f" and relationships into envelopes; re-sealed {len(done.resealed)} histories."
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=1, show_default=True, help="Processes (SQLite: keep 1).")
@click.option("--threads", default=8, show_default=True, help="Threads per process.")
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the API with gunicorn; each worker creates its application after the fork."""
    settings = _settings()  # bad settings stop here, in one line, before any worker starts
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "web.server.ProblemWorker")  # problem+json errors
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return create_app(settings)

    Server().run()


if __name__ == "__main__":
    main()
