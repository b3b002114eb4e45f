"""Where the events and views live: a SQLite file (embedded default) or a PostgreSQL database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Store:
    """Read from TANDEM_* by services.settings; the password and cipher key stay out of its repr."""

    kind: str = "sqlite"
    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = 5432
    dbname: str = "tandem"
    user: str = "tandem"
    password: str = field(default="", repr=False)
    schema: str = ""
    pool_size: int = 5
    max_overflow: int = 10
    create_tables: bool = True
    cipher_key: str = field(default="", repr=False)
    group_commit: bool = True  # saves arriving together share a transaction (persistence)
    read_host: str = ""  # a streaming replica the views may be read from (PostgreSQL)
    read_port: int = 5432

    @classmethod
    def sqlite(cls, data_dir: str | Path) -> Store:
        return cls(kind="sqlite", data_dir=Path(data_dir))

    def environment(self, database: str) -> dict[str, str]:
        """The eventsourcing settings for one of Tandem's databases: "tandem" or "views"."""
        env = {
            "CREATE_TABLE": "y" if self.create_tables else "n",
            "GROUP_COMMIT": "y" if self.group_commit else "n",
        }
        if self.cipher_key:
            env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
            env["CIPHER_KEY"] = self.cipher_key
        if self.kind == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            env["PERSISTENCE_MODULE"] = "services.persistence.sqlite:Factory"
            env["SQLITE_DBNAME"] = str(self.data_dir / f"{database}.sqlite")
            env["SQLITE_LOCK_TIMEOUT"] = "5"  # another process writing: a 503 after that
            return env
        env.update(
            PERSISTENCE_MODULE="services.persistence.postgres:Factory",
            POSTGRES_HOST=self.host,
            POSTGRES_PORT=str(self.port),
            POSTGRES_DBNAME=self.dbname,
            POSTGRES_USER=self.user,
            POSTGRES_PASSWORD=self.password,
            POSTGRES_POOL_SIZE=str(self.pool_size),
            POSTGRES_MAX_OVERFLOW=str(self.max_overflow),
            POSTGRES_CONNECT_TIMEOUT="3",  # also the wait for a pooled connection
        )
        if self.schema:
            env["POSTGRES_SCHEMA"] = self.schema
        return env


def check_reachable(store: Store) -> None:
    """Fails with one line if the PostgreSQL server cannot be reached with these settings."""
    if store.kind != "postgres":
        return
    import psycopg

    from services.postgres import connect

    try:
        connect(store).close()
    except psycopg.Error as error:
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = lines[-1] if lines else type(error).__name__
        where = f"{store.user}@{store.host}:{store.port}/{store.dbname}"
        raise SettingsError(f"Cannot reach PostgreSQL at {where}: {reason}") from None
