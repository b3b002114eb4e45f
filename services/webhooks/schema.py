"""The dispatcher's own tables, in SQL SQLite and PostgreSQL both speak (times: epoch seconds).

A delivery is one message to one subscriber. Only the head of each subscriber's queue for a
relationship has a `next_attempt_at`: the next one gets it when the head is done (delivered or
failed), so deliveries of a relationship go out one after another, in order, and finding what
is due reads the heads only, however long a dead receiver's queues grow.
"""

from __future__ import annotations

SEQ = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgres": "BIGSERIAL PRIMARY KEY"}
# What every queue keeps of its items' attempts: deliveries and e-mail alike.
QUEUED = """status TEXT NOT NULL,
            queued_at DOUBLE PRECISION NOT NULL,
            next_attempt_at DOUBLE PRECISION,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            done_at DOUBLE PRECISION"""


def tables(dialect: str) -> tuple[str, ...]:
    return (
        """CREATE TABLE IF NOT EXISTS webhook_subscriptions (
            id TEXT PRIMARY KEY,
            program_id TEXT NOT NULL,
            url TEXT NOT NULL,
            types TEXT NOT NULL,
            sealed_secret TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            created_position BIGINT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_subscriptions_program "
        "ON webhook_subscriptions (program_id)",
        # The programme of each relationship, for replays: a relationship never changes programme.
        """CREATE TABLE IF NOT EXISTS webhook_relationships (
            id TEXT PRIMARY KEY,
            program_id TEXT NOT NULL
        )""",
        f"""CREATE TABLE IF NOT EXISTS webhook_deliveries (
            seq {SEQ[dialect]},
            subscription_id TEXT NOT NULL,
            ordering_key TEXT NOT NULL,
            message_id TEXT NOT NULL,
            type TEXT NOT NULL,
            position BIGINT,
            reminder_id TEXT,
            {QUEUED},
            last_attempt_at DOUBLE PRECISION,
            last_status INTEGER
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries "
        "(next_attempt_at) WHERE next_attempt_at IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS webhook_deliveries_queue ON webhook_deliveries "
        "(subscription_id, ordering_key, status, seq)",
        "CREATE INDEX IF NOT EXISTS webhook_deliveries_listed ON webhook_deliveries "
        "(subscription_id, status, seq)",
        # Reminders are not in the log: what each said is kept here, once per relationship and
        # due moment (its id says which), for the deliveries and e-mail it caused.
        """CREATE TABLE IF NOT EXISTS webhook_reminders (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            relationship_id TEXT NOT NULL,
            program_id TEXT NOT NULL,
            due_at DOUBLE PRECISION NOT NULL,
            body TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        )""",
        # E-mail to send: who and which reminder; the address and text are read at sending.
        f"""CREATE TABLE IF NOT EXISTS webhook_mails (
            seq {SEQ[dialect]},
            reminder_id TEXT NOT NULL,
            participant_id TEXT NOT NULL,
            {QUEUED},
            UNIQUE (reminder_id, participant_id)
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_mails_due ON webhook_mails "
        "(next_attempt_at) WHERE next_attempt_at IS NOT NULL",
    )
