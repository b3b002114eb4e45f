"""A throwaway PostgreSQL server for one test run, from the installed binaries."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import psycopg

from services.store import Store

USER = "tandem"
DATABASE = "tandem"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's versioned folder."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return Path(folders[0]) if folders else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """Started on a free loopback port in a temporary folder; stopped and deleted at the end."""

    def __init__(self, bindir: Path, durable: bool = False) -> None:
        self.bindir = bindir
        self.durable = durable  # a crash loses nothing committed (slower: each commit flushed)
        self.folder = Path(tempfile.mkdtemp(prefix="tandem-pg-"))
        self.port = free_port()
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
            shutil.chown(self.folder, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True)

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER, "--auth=trust")
        self.start_again()
        with self.connect("postgres") as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def start_again(self) -> None:
        """Starts the server on its data and port (after a stop)."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
        options += "-c max_connections=400"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._ctl("-o", options, "-w", "-l", str(self.folder / "server.log"), "start")

    def stop_immediately(self) -> None:
        """As a crash would: no shutdown checkpoint, every connection cut."""
        self._ctl("-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        """A clean restart: every connection the clients hold goes stale."""
        self._ctl("-m", "fast", "-w", "-l", str(self.folder / "server.log"), "restart")

    def _ctl(self, *arguments: str) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), *arguments)

    def processes(self) -> list[int]:
        """The postmaster and every process it started."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(postmaster)], capture_output=True, text=True
        ).stdout.split()
        return [postmaster, *map(int, children)]

    def stop(self) -> None:
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def connect(self, dbname: str = DATABASE) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=USER, dbname=dbname, autocommit=True
        )

    def new_schema(self) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self.connect() as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return name

    def store(self, data_dir: Path, **settings: Any) -> Store:
        """Tandem's settings for a fresh schema of this server (drop it with drop_schema)."""
        return Store(
            kind="postgres",
            data_dir=data_dir,
            port=self.port,
            dbname=DATABASE,
            user=USER,
            schema=self.new_schema(),
            **settings,
        )

    def dump(self, schema: str) -> bytes:
        """Every table of the schema as pg_dump writes it (schema and data); pg_dump from the
        server's own folder (where initdb is linked from elsewhere, the folder it links to)."""
        pg_dump = (self.bindir / "initdb").resolve().parent / "pg_dump"
        command = [str(pg_dump), "-h", "127.0.0.1", "-p", str(self.port)]
        command += ["-U", USER, "-n", schema, DATABASE]
        return subprocess.run(command, check=True, capture_output=True).stdout

    def drop_schema(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
