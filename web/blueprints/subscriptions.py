"""Webhook subscriptions: made, read, replayed and ended by coordinators and admins."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response

from services.webhooks.subscriptions import NotCaughtUp, Subscriptions
from web.answers import Answer, command, created, creating, services
from web.auth import allow, caller
from web.blueprints.base import COMMAND, CREATE, READ, Blueprint, command_docs, problems
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
STAFF = ("coordinator", "admin")


def subscriptions() -> Subscriptions:
    return services().webhooks.subscriptions


@blp.errorhandler(NotCaughtUp)
def _not_caught_up(error: NotCaughtUp) -> Response:
    return problem(503, str(error), headers={"Retry-After": "1"})


@blp.route("", methods=["POST"])
@allow(*STAFF)
@blp.arguments(SubscriptionCreateSchema)
@blp.response(201, SubscriptionSchema)
@command_docs(blp, *CREATE)
def subscribe(body: dict[str, Any]) -> tuple[Answer, int]:
    """Deliver a programme's events (and reminders) to a URL, signed with the secret answered
    here, once."""
    made = subscriptions().subscribe(creating(), **body)
    subscription = made.recorded.aggregate
    return created(made.recorded, secret=made.secret, created_at=subscription.created_on)


@blp.route("", methods=["GET"])
@allow(*STAFF)
@blp.arguments(SubscriptionQuerySchema, location="query")
@blp.response(200, SubscriptionListSchema)
@problems(blp, *READ, 503)
def list_subscriptions(query: dict[str, Any]) -> dict[str, Any]:
    """The subscriptions of the programmes the caller coordinates (all, for admins)."""
    subscriptions().await_position(query.get("after"))
    return {"items": subscriptions().subscriptions(caller(), query.get("program_id"))}


@blp.route("/<uuid:subscription_id>", methods=["GET"])
@allow(*STAFF)
@blp.arguments(SubscriptionQuerySchema(only=("after",)), location="query")
@blp.response(200, SubscriptionSchema)
@problems(blp, *READ, 503)
def get_subscription(query: dict[str, Any], subscription_id: UUID) -> dict[str, Any]:
    """A subscription and how many of its deliveries are pending, delivered and failed."""
    subscriptions().await_position(query.get("after"))
    return subscriptions().subscription(caller(), subscription_id)


@blp.route("/<uuid:subscription_id>", methods=["DELETE"])
@allow(*STAFF)
@blp.response(200, DeletedSchema)
@command_docs(blp, *COMMAND)
def unsubscribe(subscription_id: UUID) -> dict[str, Any]:
    """End a subscription: nothing more is delivered to it, pending deliveries included."""
    recorded = subscriptions().unsubscribe(command(), subscription_id)
    return {"id": subscription_id, "deleted": True, "position": recorded.position}


@blp.route("/<uuid:subscription_id>/deliveries", methods=["GET"])
@allow(*STAFF)
@blp.arguments(DeliveryQuerySchema, location="query")
@blp.response(200, DeliveryPageSchema)
@problems(blp, *READ, 503)
def deliveries(query: dict[str, Any], subscription_id: UUID) -> Any:
    """Each delivery, oldest first: its outcome, attempts, and an excerpt of what went wrong."""
    subscriptions().await_position(query.pop("after", None))
    return subscriptions().deliveries(caller(), subscription_id, **query)


@blp.route("/<uuid:subscription_id>/replay", methods=["POST"])
@allow(*STAFF)
@blp.arguments(ReplaySchema)
@blp.response(202, ReplaySchema)
@command_docs(blp, *COMMAND)
def replay(body: dict[str, Any], subscription_id: UUID) -> dict[str, Any]:
    """Deliver again, in order, every event of the programme from a log position, after what
    is already queued; each keeps its `webhook-id`."""
    recorded = subscriptions().replay(command(), subscription_id, body["from_position"])
    return {"id": subscription_id, **body, "position": recorded.position}
