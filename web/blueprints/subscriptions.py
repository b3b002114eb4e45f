"""Webhook subscriptions: made, read, replayed and ended by coordinators and admins."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response

from services.webhooks.subscriptions import NotCaughtUp, Subscriptions
from web.answers import Answer, command, created, creating, services
from web.auth import STAFF, caller
from web.blueprints.base import CREATE, READ, Blueprint
from web.errors import problem
from web.schemas.subscriptions import (
    DeletedSchema,
    DeliveryPageSchema,
    DeliveryQuerySchema,
    ReplaySchema,
    SubscriptionCreateSchema,
    SubscriptionListSchema,
    SubscriptionQuerySchema,
    SubscriptionSchema,
)

blp = Blueprint("subscriptions", __name__, url_prefix="/api/subscriptions", description="Webhooks")


def subscriptions() -> Subscriptions:
    return services().webhooks.subscriptions


@blp.errorhandler(NotCaughtUp)
def _not_caught_up(error: NotCaughtUp) -> Response:
    return problem(503, str(error), headers={"Retry-After": "1"})


@blp.post(
    "",
    roles=STAFF,
    body=SubscriptionCreateSchema,
    answer=(201, SubscriptionSchema),
    problems=CREATE,
)
def subscribe(body: dict[str, Any]) -> tuple[Answer, int]:
    """Deliver a programme's events (and reminders) to a URL, signed with the secret answered
    here, once."""
    made = subscriptions().subscribe(creating(), **body)
    subscription = made.recorded.aggregate
    return created(made.recorded, secret=made.secret, created_at=subscription.created_on)


@blp.get(
    "",
    roles=STAFF,
    query=SubscriptionQuerySchema,
    answer=(200, SubscriptionListSchema),
    problems=(*READ, 503),
)
def list_subscriptions(query: dict[str, Any]) -> dict[str, Any]:
    """The subscriptions of the programmes the caller coordinates (all, for admins)."""
    subscriptions().await_position(query.get("after"))
    return {"items": subscriptions().subscriptions(caller(), query.get("program_id"))}


@blp.get(
    "/<uuid:subscription_id>",
    roles=STAFF,
    query=SubscriptionQuerySchema(only=("after",)),
    answer=(200, SubscriptionSchema),
    problems=(*READ, 503),
)
def get_subscription(query: dict[str, Any], subscription_id: UUID) -> dict[str, Any]:
    """A subscription and how many of its deliveries are pending, delivered and failed."""
    subscriptions().await_position(query.get("after"))
    return subscriptions().subscription(caller(), subscription_id)


@blp.delete("/<uuid:subscription_id>", roles=STAFF, answer=(200, DeletedSchema))
def unsubscribe(subscription_id: UUID) -> dict[str, Any]:
    """End a subscription: nothing more is delivered to it, pending deliveries included."""
    recorded = subscriptions().unsubscribe(command(), subscription_id)
    return {"id": subscription_id, "deleted": True, "position": recorded.position}


@blp.get(
    "/<uuid:subscription_id>/deliveries",
    roles=STAFF,
    query=DeliveryQuerySchema,
    answer=(200, DeliveryPageSchema),
    problems=(*READ, 503),
)
def deliveries(query: dict[str, Any], subscription_id: UUID) -> Any:
    """Each delivery, oldest first: its outcome, attempts, and an excerpt of what went wrong."""
    subscriptions().await_position(query.pop("after", None))
    return subscriptions().deliveries(caller(), subscription_id, **query)


@blp.post(
    "/<uuid:subscription_id>/replay", roles=STAFF, body=ReplaySchema, answer=(202, ReplaySchema)
)
def replay(body: dict[str, Any], subscription_id: UUID) -> dict[str, Any]:
    """Deliver again, in order, every event of the programme from a log position, after what
    is already queued; each keeps its `webhook-id`."""
    recorded = subscriptions().replay(command(), subscription_id, body["from_position"])
    return {"id": subscription_id, **body, "position": recorded.position}
