"""How a command that follows the log runs in a process of its own (`projections run`,
`webhooks run`): until SIGTERM or Ctrl-C, logging whether it leads or waits as a standby."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable

import click

# How often a follower looks for new events when it has caught up.
interval_option = click.option(
    "--interval", default=0.5, show_default=True, help="Seconds between polls."
)


def until_stopped(run: Callable[[threading.Event], None]) -> None:
    """Calls `run` with an event that SIGTERM sets; Ctrl-C ends it quietly."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # says whether this process leads or waits as a standby behind another one
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        run(stop)
