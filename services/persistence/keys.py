"""The data keys' table (services.privacy.keys), in SQL both stores speak: wrapped keys, made in
the transaction of the first event sealed under them, and tombstones, written in the
transaction that records an erasure."""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from services.privacy.keys import StoredKey

KEYS = "tandem_data_keys"
COLUMNS = {
    "sqlite": "subject_id TEXT PRIMARY KEY, wrapped BLOB, kek_id TEXT, "
    "created_at REAL NOT NULL, erased_at REAL",
    "postgres": "subject_id uuid PRIMARY KEY, wrapped bytea, kek_id text, "
    "created_at double precision NOT NULL, erased_at double precision",
}
INSERT = (
    f"INSERT INTO {KEYS} (subject_id, wrapped, kek_id, created_at) "
    "VALUES (:subject_id, :wrapped, :kek_id, :at)"
)
# A tombstone whether the subject had a key or not (text written before keys had none).
DESTROY = (
    f"INSERT INTO {KEYS} (subject_id, wrapped, kek_id, created_at, erased_at) "
    "VALUES (:subject_id, NULL, NULL, :at, :at) ON CONFLICT (subject_id) DO UPDATE "
    "SET wrapped = NULL, kek_id = NULL, erased_at = excluded.erased_at"
)
REWRAP = f"UPDATE {KEYS} SET wrapped = :wrapped, kek_id = :kek_id WHERE subject_id = :subject_id"
SELECT = f"SELECT subject_id, wrapped, kek_id FROM {KEYS} WHERE subject_id IN ({{subjects}})"
EVERY = f"SELECT subject_id, wrapped, kek_id FROM {KEYS} WHERE wrapped IS NOT NULL"
PAGE = 500  # subjects a query


def create(dialect: str) -> str:
    return f"CREATE TABLE IF NOT EXISTS {KEYS} ({COLUMNS[dialect]})"


def new_rows(keys: Sequence[StoredKey], subject: Any) -> list[dict[str, Any]]:
    at = time.time()
    return [
        {"subject_id": subject(k.subject), "wrapped": k.wrapped, "kek_id": k.kek_id, "at": at}
        for k in keys
    ]


def tombstone_rows(subjects: Collection[UUID], subject: Any) -> list[dict[str, Any]]:
    at = time.time()
    return [{"subject_id": subject(s), "at": at} for s in sorted(subjects)]


def stored(row: Any) -> StoredKey:
    wrapped = row["wrapped"]
    return StoredKey(
        UUID(str(row["subject_id"])), row["kek_id"], None if wrapped is None else bytes(wrapped)
    )


def pages(subjects: Collection[UUID]) -> list[list[UUID]]:
    ordered = sorted(set(subjects))
    return [ordered[i : i + PAGE] for i in range(0, len(ordered), PAGE)]
