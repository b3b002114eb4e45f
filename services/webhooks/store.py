"""The dispatcher's tables on either store: what it has read of the log (tracking), the
subscriptions, and each delivery's place, position and outcome, written in one transaction."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from services.persistence.budget import bounded
from services.postgres import InSchema
from services.store import Store
from services.webhooks.schema import tables

if TYPE_CHECKING:
    from services.privacy.erasure import Erased

APPLICATION = "Tandem"
Row = dict[str, Any]

QUEUE = (
    "SELECT 1 FROM webhook_deliveries q WHERE q.subscription_id = :subscription_id "
    "AND q.ordering_key = :ordering_key AND q.status = 'pending'"
)
ENQUEUE = (
    "INSERT INTO webhook_deliveries (subscription_id, ordering_key, message_id, type, position, "
    "reminder_id, status, queued_at, next_attempt_at) VALUES (:subscription_id, :ordering_key, "
    ":message_id, :type, :position, :reminder_id, 'pending', :now, "
    f"(SELECT CASE WHEN EXISTS ({QUEUE}) THEN NULL ELSE :now END))"
)
PROMOTE = (
    "UPDATE webhook_deliveries SET next_attempt_at = :at WHERE seq = (SELECT MIN(q.seq) FROM "
    "webhook_deliveries q WHERE q.subscription_id = :subscription_id AND q.ordering_key = "
    ":ordering_key AND q.status = 'pending')"
)
DONE = (
    "UPDATE webhook_deliveries SET status = :status, next_attempt_at = NULL, attempts = "
    "attempts + 1, last_attempt_at = :at, last_status = :code, last_error = :error, "
    "done_at = :at WHERE seq = :seq AND status = 'pending'"
)
AGAIN = (
    "UPDATE webhook_deliveries SET next_attempt_at = :next, attempts = attempts + 1, "
    "last_attempt_at = :at, last_status = :code, last_error = :error "
    "WHERE seq = :seq AND status = 'pending'"
)
DUE = """SELECT d.seq, d.subscription_id, d.ordering_key, d.message_id, d.type, d.position,
    d.queued_at, d.attempts, s.url, s.sealed_secret, s.program_id, r.body AS reminder_body
FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
LEFT JOIN webhook_reminders r ON r.id = d.reminder_id
WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= :now {excluded}
ORDER BY d.next_attempt_at LIMIT :limit"""
SUBSCRIBE = (
    "INSERT INTO webhook_subscriptions (id, program_id, url, types, sealed_secret, created_by, "
    "created_at, created_position) VALUES (:id, :program_id, :url, :types, :sealed_secret, "
    ":created_by, :created_at, :created_position)"
)
REMEMBER = (
    "INSERT INTO webhook_reminders (id, kind, relationship_id, program_id, due_at, body, "
    "created_at) VALUES (:id, :kind, :relationship_id, :program_id, :due_at, :body, :now) "
    "ON CONFLICT (id) DO NOTHING RETURNING id"
)
MAIL = (
    "INSERT INTO webhook_mails (reminder_id, participant_id, status, queued_at, next_attempt_at) "
    "VALUES (:reminder_id, :participant_id, 'pending', :now, :now) ON CONFLICT DO NOTHING"
)
# An erased person's e-mail: those not sent yet never will be, and no error excerpt (an SMTP
# refusal quotes the address) is kept. A relationship's deliveries keep no receiver's excerpt.
FORGET_MAILS = """UPDATE webhook_mails SET
status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
last_error = CASE WHEN status = 'pending' THEN 'The participant was erased.' ELSE NULL END,
next_attempt_at = NULL, done_at = COALESCE(done_at, :now)
WHERE participant_id = :participant_id"""
FORGET_EXCERPTS = """UPDATE webhook_deliveries SET last_error = NULL
WHERE ordering_key = :relationship_id AND last_error IS NOT NULL"""


class Outbox(TrackingRecorder):
    """What the dispatcher and the subscription queries need of its tables, on either store."""

    dialect = "sqlite"

    @bounded
    def position(self) -> int:
        return self.max_tracking_id(APPLICATION) or 0

    @bounded
    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        with self.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            cursor.execute(self._dialect(sql), params or {})
            return [dict(row) for row in cursor.fetchall()]

    def write(
        self, statements: Iterable[tuple[str, Sequence[Row]]], tracking: int | None = None
    ) -> None:
        """Runs each statement for each of its rows, and records the position read up to, in
        one transaction."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            for sql, rows in statements:
                if rows:
                    cursor.executemany(self._dialect(sql), list(rows))
            if tracking is not None:
                self._insert_tracking(cursor, Tracking(APPLICATION, tracking))  # type: ignore[attr-defined]

    def remember(self, reminder: Row, deliveries: list[Row], mails: list[Row]) -> bool:
        """Keeps a reminder with its deliveries and e-mail, once: False if it was kept before."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            cursor.execute(self._dialect(REMEMBER), reminder)
            if not cursor.fetchall():
                return False
            for sql, rows in ((ENQUEUE, deliveries), (MAIL, mails)):
                if rows:
                    cursor.executemany(self._dialect(sql), rows)
            return True

    def due(self, now: float, limit: int, busy: set[int], full: set[str]) -> list[Row]:
        """The heads of queues due by `now`, soonest first, but those in flight (`busy`) and
        those of subscribers at their limit (`full`)."""
        params: dict[str, Any] = {"now": now, "limit": limit}
        excluded = ""
        if busy:
            params |= {f"b{i}": seq for i, seq in enumerate(busy)}
            excluded += f" AND d.seq NOT IN ({', '.join(f':b{i}' for i in range(len(busy)))})"
        if full:
            params |= {f"f{i}": sub for i, sub in enumerate(full)}
            excluded += (
                f" AND d.subscription_id NOT IN ({', '.join(f':f{i}' for i in range(len(full)))})"
            )
        return self.fetch(DUE.format(excluded=excluded), params)

    def forget(self, erased: Erased) -> None:
        """After an erasure: no e-mail to the person, no excerpt about their relationships."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._begin(cursor)
            self._overwrite_freed(cursor)
            if erased.participant_id is not None:
                cursor.execute(
                    self._dialect(FORGET_MAILS),
                    {"participant_id": str(erased.participant_id), "now": time.time()},
                )
            for relationship_id in sorted(erased.relationship_ids):
                cursor.execute(
                    self._dialect(FORGET_EXCERPTS), {"relationship_id": str(relationship_id)}
                )
        self._forget_residue()

    def close(self) -> None:
        self.datastore.close()  # type: ignore[attr-defined]

    def _begin(self, cursor: Any) -> None:
        """Anything a transaction needs first."""

    def _overwrite_freed(self, cursor: Any) -> None:
        """Bytes a change frees are overwritten, not left in the file (SQLite)."""

    def _forget_residue(self) -> None:
        """What a change replaced is gone from the store's files too, where it can be."""

    def _dialect(self, sql: str) -> str:
        return sql


class SQLiteOutbox(Outbox, SQLiteTrackingRecorder):
    """The dispatcher's tables in their own SQLite file, beside the event store."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *tables("sqlite")]

    def _overwrite_freed(self, cursor: Any) -> None:
        cursor.execute("PRAGMA secure_delete = ON")

    def _forget_residue(self) -> None:
        with self.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgresOutbox(InSchema, Outbox, PostgresTrackingRecorder):
    """The dispatcher's tables in the application's PostgreSQL schema."""

    dialect = "postgres"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.append(self._search_path())
        self.sql_create_statements += [SQL(statement).format() for statement in tables("postgres")]

    def _forget_residue(self) -> None:
        schema = Identifier(self.datastore.schema)
        with self.datastore.get_connection() as conn:
            for table in ("webhook_mails", "webhook_deliveries"):
                conn.execute(SQL("VACUUM {}.{}").format(schema, Identifier(table)))


def open_outbox(store: Store) -> Outbox:
    env = Environment("webhooks", store.environment("webhooks"))
    factory = InfrastructureFactory[TrackingRecorder].construct(env)
    outbox = factory.tracking_recorder(SQLiteOutbox if store.kind == "sqlite" else PostgresOutbox)
    assert isinstance(outbox, Outbox)
    return outbox
