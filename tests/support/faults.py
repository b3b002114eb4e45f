"""Faults between Tandem and its store, made for real: a proxy that loses a commit's answer
(and the app behind it), and a PostgreSQL server stopped, frozen or restarted under load."""

from __future__ import annotations

import os
import select
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tests.support.api import ApiClient
from tests.support.postgres import ThrowawayPostgres, free_port


class LosingProxy:
    """Forwards loopback TCP to PostgreSQL. Armed, it lets the next COMMIT through to the
    server, then cuts the client off before the server's answer reaches it: the commit lands,
    and the client cannot know."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.commits_lost = 0
        self._armed = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def lose_next_commits(self, count: int = 1) -> None:
        with self._lock:
            self._armed += count

    def close(self) -> None:
        self._closing = True
        self._server.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _take_commit(self, chunk: bytes) -> bool:
        with self._lock:
            if self._armed and b"COMMIT" in chunk:
                self._armed -= 1
                self.commits_lost += 1
                return True
        return False

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        with client, upstream:
            while True:
                readable, _, _ = select.select([client, upstream], [], [])
                if client in readable:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    upstream.sendall(chunk)
                    if self._take_commit(chunk):
                        client.shutdown(socket.SHUT_RDWR)  # the answer never reaches it
                        upstream.recv(65536)  # the server answers: the commit is done
                        return
                if upstream in readable:
                    chunk = upstream.recv(65536)
                    if not chunk:
                        return
                    client.sendall(chunk)


@dataclass(frozen=True)
class Lossy:
    """The app on a store reached through a losing proxy, and a client of it."""

    api: ApiClient
    proxy: LosingProxy
    app: Any


@contextmanager
def frozen(server: ThrowawayPostgres) -> Iterator[None]:
    """Every process of the server stopped (SIGSTOP): connections stay open, nothing answers."""
    pids = server.processes()
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
