"""`tandem webhooks`: deliver in a process of its own, or see how deliveries stand."""

from __future__ import annotations

import logging
from typing import cast

import click
from flask import current_app
from flask.cli import AppGroup

from services.wiring import Services
from web.running import interval_option, until_stopped

COUNTS = """SELECT s.id, s.url, d.status, COUNT(d.seq) AS deliveries
FROM webhook_subscriptions s LEFT JOIN webhook_deliveries d ON d.subscription_id = s.id
GROUP BY s.id, s.url, d.status ORDER BY s.id"""


def _services() -> Services:
    """The app's services; the command delivers itself, never a thread the app started."""
    services = cast(Services, current_app.extensions["services"])
    services.webhooks.dispatcher.stop()  # an app started with TANDEM_DISPATCH=true delivers
    services.projector.stop()
    return services


@click.group(cls=AppGroup)
def webhooks() -> None:
    """Deliver webhooks, reminders and e-mail; see how deliveries stand."""


@webhooks.command("run")
@interval_option
def webhooks_run(interval: float) -> None:
    """Follow the log and deliver, in this process (start the server with TANDEM_DISPATCH=false
    or TANDEM_FOLLOW_LOG=false). A second one waits as a standby and takes over when it stops."""
    dispatcher = _services().webhooks.dispatcher
    dispatcher.interval = interval
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per delivery
    until_stopped(dispatcher.run)


@webhooks.command("status")
def webhooks_status() -> None:
    """Where the dispatcher is in the log, and each subscription's deliveries by status."""
    services = _services()
    hooks = services.webhooks
    log_position = services.tandem.recorder.max_notification_id() or 0
    click.echo(f"log         position {log_position}")
    click.echo(f"dispatcher  position {hooks.dispatcher.position()}  lag {hooks.dispatcher.lag()}")
    for row in hooks.outbox.fetch(COUNTS):
        if row["status"] is not None:
            click.echo(f"{row['id']}  {row['status']:<9} {row['deliveries']:>8}  {row['url']}")
