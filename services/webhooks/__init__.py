"""From the log to the world: signed webhooks, reminders (webhooks and e-mail), calendar feeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.store import Store
from services.tandem import Tandem
from services.views.leadership import leadership_for
from services.webhooks.calendars import Calendars
from services.webhooks.delivering import Deliveries
from services.webhooks.dispatcher import Dispatcher
from services.webhooks.fanout import FanOut
from services.webhooks.mail import Mails
from services.webhooks.reminders import Reminders
from services.webhooks.sender import Sender
from services.webhooks.settings import WebhookSettings
from services.webhooks.signing import Sealer
from services.webhooks.store import Outbox, open_outbox
from services.webhooks.subscriptions import Subscriptions


@dataclass
class Webhooks:
    outbox: Outbox
    dispatcher: Dispatcher
    subscriptions: Subscriptions
    calendars: Calendars

    def close(self) -> None:
        self.dispatcher.close()
        self.outbox.close()


def open_webhooks(
    tandem: Tandem, views: Any, store: Store, settings: WebhookSettings, **options: Any
) -> Webhooks:
    """Everything of the webhooks, on the store; the dispatcher not started. `options` reach
    the parts tests replace (a `resolve` for the address checks, a `clock`)."""
    outbox = open_outbox(store)
    sealer = Sealer(settings.key)
    allow_private = bool(settings.allow_private)
    resolve = options.get("resolve")
    sender = Sender(settings.timeout, allow_private, **({"resolve": resolve} if resolve else {}))
    deliveries = Deliveries(tandem, outbox, sealer, sender, settings.concurrency, settings.rate)
    mails = (
        Mails(tandem, outbox, settings.smtp, settings.public_url)
        if settings.smtp.configured
        else None
    )
    fanout = FanOut(tandem, outbox)
    reminders = Reminders(views, outbox, fanout, mails.reachable if mails else None)
    dispatcher = Dispatcher(
        tandem,
        outbox,
        deliveries,
        reminders,
        mails,
        reminder_every=settings.reminder_every,
        leadership=leadership_for(store, "webhooks"),
        store=store,
        **({"clock": options["clock"]} if "clock" in options else {}),
    )
    subscriptions = Subscriptions(
        tandem,
        outbox,
        sealer,
        dispatcher,
        allow_private,
        **({"resolve": resolve} if resolve else {}),
    )
    return Webhooks(
        outbox,
        dispatcher,
        subscriptions,
        Calendars(tandem, views, settings.key, settings.public_url),
    )
