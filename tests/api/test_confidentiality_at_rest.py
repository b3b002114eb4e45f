"""With a cipher key, private text is not in the store's bytes, yet reads back for the parties."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.cryptography import AESCipher

from services.store import Store
from tests.support.api import ApiClient, FlaskTransport
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.http_world import enrolled_pair
from tests.support.postgres import ThrowawayPostgres

SENTENCE = "I am anxious about my probation review"


@pytest.fixture
def encrypted(store: Store) -> Iterator[tuple[ApiClient, Any, Store]]:
    ciphered = replace(store, cipher_key=AESCipher.create_key(num_bytes=32))
    app = app_for_tests(ciphered, TEST_SECRET)
    yield ApiClient(FlaskTransport(app), TEST_SECRET), app, ciphered
    app.extensions["services"].close()


def raw_store(store: Store, request: pytest.FixtureRequest) -> bytes:
    if store.kind == "sqlite":
        return b"".join(path.read_bytes() for path in Path(store.data_dir).glob("*.sqlite*"))
    server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
    with server.connect() as conn:
        rows = conn.execute(f"SELECT state FROM {store.schema}.tandem_events").fetchall()
    return b"".join(bytes(row[0]) for row in rows)


def test_a_private_sentence_is_encrypted_at_rest(
    encrypted: tuple[ApiClient, Any, Store], request: pytest.FixtureRequest
) -> None:
    api, app, store = encrypted
    pair = enrolled_pair(api, "At rest")
    budi = pair.budi.token

    created = pair.ask(pair.budi, pair.ana, message=SENTENCE)
    app.extensions["services"].projector.catch_up()

    assert created.status == 201
    assert (
        api.get(f"/api/relationships/{created.body['id']}", token=budi).body["message"] == SENTENCE
    )
    stored = raw_store(store, request)
    assert len(stored) > 1000
    assert SENTENCE.encode() not in stored and b"probation" not in stored
