"""Subscriptions: who may make, read, replay and end them, and what their deliveries became."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain import Program
from domain.errors import InvalidReference, NotAllowed
from services import policy
from services.errors import NotFound
from services.paging import Page, page_of, position_after
from services.policy import Caller, refusal
from services.tandem import Tandem
from services.unit_of_work import Command, Recorded, UnitOfWork, create
from services.views.queries import with_times
from services.webhooks.addresses import RefusedAddress, Resolver, system_resolver, target
from services.webhooks.messages import TYPES
from services.webhooks.signing import Sealer, new_secret
from services.webhooks.store import Outbox
from services.webhooks.subscription import Subscription

WAIT_SECONDS = 5.0
STATUSES = ("pending", "delivered", "failed")
LISTED = """SELECT id, program_id, url, types, created_at, created_position
FROM webhook_subscriptions WHERE {filters} ORDER BY created_position"""
COUNTS = """SELECT status, COUNT(*) AS deliveries FROM webhook_deliveries
WHERE subscription_id = :id GROUP BY status"""
DELIVERIES = """SELECT seq, message_id, type, position, ordering_key, status, attempts, queued_at,
    last_attempt_at, next_attempt_at, last_status, last_error, done_at
FROM webhook_deliveries WHERE subscription_id = :id AND seq > :after {status}
ORDER BY seq LIMIT :limit"""
TIMES = ("queued_at", "last_attempt_at", "next_attempt_at", "done_at", "created_at")


class NotCaughtUp(Exception):
    """The dispatcher has not read the log up to the asked position in time."""


@dataclass(frozen=True)
class Subscribed:
    """A new subscription, with the secret shown this once."""

    recorded: Recorded[Subscription]
    secret: str


class Subscriptions:
    def __init__(
        self,
        app: Tandem,
        outbox: Outbox,
        sealer: Sealer,
        dispatcher: Any,
        allow_private: bool,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.app, self.outbox, self.sealer, self.dispatcher = app, outbox, sealer, dispatcher
        self.allow_private, self.resolve = allow_private, resolve

    def subscribe(
        self, command: Command, url: str, program_id: UUID, types: list[str] | None = None
    ) -> Subscribed:
        unknown = sorted(set(types or []) - set(TYPES))
        if unknown:
            raise InvalidReference("types", f"Unknown types: {', '.join(unknown)}.")
        self._programme(command.caller, program_id, "program_id")
        try:
            target(url, self.allow_private, self.resolve)
        except RefusedAddress as refused:
            raise InvalidReference("url", str(refused)) from None
        secret = new_secret()
        recorded = create(
            self.app,
            command,
            lambda: Subscription(
                program_id=program_id,
                url=url,
                types=sorted(set(types or [])),
                sealed_secret=self.sealer.seal(secret),
                by=command.caller.sub,
            ),
        )
        return Subscribed(recorded, secret)

    def subscription(self, caller: Caller, subscription_id: UUID) -> dict[str, Any]:
        subscription = self._subscription(caller, subscription_id)
        counts = {s: 0 for s in STATUSES}
        for row in self.outbox.fetch(COUNTS, {"id": str(subscription_id)}):
            counts[row["status"]] = row["deliveries"]
        return {**_document(subscription), "deliveries": counts}

    def subscriptions(self, caller: Caller, program_id: UUID | None = None) -> list[dict[str, Any]]:
        """Those of the programmes the caller coordinates (every one, for admins)."""
        if not (caller.is_coordinator or caller.is_admin):
            raise NotAllowed("Only coordinators and admins read subscriptions.")
        params, filters = {}, "1 = 1"
        if program_id is not None:
            self._programme(caller, program_id, None)
            params, filters = {"program_id": str(program_id)}, "program_id = :program_id"
        rows = self.outbox.fetch(LISTED.format(filters=filters), params)
        allowed: dict[str, bool] = {}
        listed = []
        for row in rows:
            programme = row["program_id"]
            if programme not in allowed:
                program = self.app.find(Program, UUID(programme))
                allowed[programme] = program is not None and policy.may_manage_subscriptions(
                    caller, program
                )
            if allowed[programme]:
                listed.append({**with_times(row, TIMES), "types": json.loads(row["types"])})
        return listed

    def unsubscribe(self, command: Command, subscription_id: UUID) -> Recorded[Subscription]:
        work: UnitOfWork[Subscription] = UnitOfWork(self.app, command)
        while work.pending():
            with work.attempt():
                subscription = self._subscription(command.caller, subscription_id)
                subscription.delete(by=command.caller.sub)
                work.save(subscription)
        return work.recorded

    def replay(
        self, command: Command, subscription_id: UUID, from_position: int
    ) -> Recorded[Subscription]:
        end = self.app.recorder.max_notification_id() or 0
        if from_position > end:
            raise InvalidReference(
                "from_position", f"Is beyond the end of the log (position {end})."
            )
        work: UnitOfWork[Subscription] = UnitOfWork(self.app, command)
        while work.pending():
            with work.attempt():
                subscription = self._subscription(command.caller, subscription_id)
                subscription.replay(from_position, by=command.caller.sub)
                work.save(subscription)
        return work.recorded

    def deliveries(
        self,
        caller: Caller,
        subscription_id: UUID,
        status: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page[dict[str, Any]]:
        self._subscription(caller, subscription_id)
        params = {"id": str(subscription_id), "after": position_after(cursor), "limit": limit + 1}
        filters = ""
        if status is not None:
            params["status"], filters = status, "AND status = :status"
        rows = self.outbox.fetch(DELIVERIES.format(status=filters), params)
        return page_of([_delivery(row) for row in rows], limit, "seq")

    def await_position(self, after: int | None) -> None:
        """Waits for the dispatcher to have read the log up to a position."""
        if not after:
            return
        end = self.app.recorder.max_notification_id() or 0
        if after > end:
            raise InvalidReference("after", f"Is beyond the end of the log (position {end}).")
        if not self.dispatcher.wait_for(after, WAIT_SECONDS):
            raise NotCaughtUp(f"The dispatcher has not reached position {after} yet.")

    def _programme(self, caller: Caller, program_id: UUID, field: str | None) -> Program:
        program = self.app.find(Program, program_id)
        if program is None:
            if field is not None:
                raise InvalidReference(field, "No such programme.")
            raise NotFound(f"No program {program_id}.")
        if not policy.may_manage_subscriptions(caller, program):
            raise refusal(caller, f"program {program_id}")
        return program

    def _subscription(self, caller: Caller, subscription_id: UUID) -> Subscription:
        subscription: Subscription = self.app.load(Subscription, subscription_id)
        if subscription.deleted:
            raise NotFound(f"No subscription {subscription_id}.")
        program = self.app.find(Program, subscription.program_id)
        if program is None or not policy.may_manage_subscriptions(caller, program):
            raise refusal(caller, f"subscription {subscription_id}")
        return subscription


def _document(subscription: Subscription) -> dict[str, Any]:
    return {
        "id": subscription.id,
        "program_id": subscription.program_id,
        "url": subscription.url,
        "types": subscription.types,
        "created_at": subscription.created_on,
    }


def _delivery(row: dict[str, Any]) -> dict[str, Any]:
    row = with_times(row, TIMES)
    reminder = row["position"] is None
    return {
        "id": row["seq"],
        "seq": row["seq"],
        "webhook_id": row["message_id"],
        "type": row["type"],
        "position": row["position"],
        "relationship_id": row["ordering_key"],
        "status": row["status"],
        "attempts": row["attempts"],
        "queued_at": row["queued_at"],
        "last_attempt_at": row["last_attempt_at"],
        "next_attempt_at": row["next_attempt_at"] if row["status"] == "pending" else None,
        "response_status": row["last_status"],
        "error": row["last_error"],
        "done_at": row["done_at"],
        "reminder": reminder,
    }
