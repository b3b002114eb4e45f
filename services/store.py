"""Where the events and views live: a SQLite file (embedded default) or a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

KINDS = ("sqlite", "postgres")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Store:
    kind: str = "sqlite"
    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = 5432
    dbname: str = "tandem"
    user: str = "tandem"
    password: str = ""
    schema: str = ""
    pool_size: int = 5
    max_overflow: int = 10
    create_tables: bool = True
    cipher_key: str = ""

    @classmethod
    def sqlite(cls, data_dir: str | Path) -> Store:
        return cls(kind="sqlite", data_dir=Path(data_dir))

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> Store:
        """From TANDEM_* settings (without the prefix): STORE, DATA_DIR, POSTGRES_*, ..."""
        kind = str(settings.get("STORE", "sqlite")).lower()
        if kind not in KINDS:
            raise SettingsError(f"TANDEM_STORE must be one of {', '.join(KINDS)}, not {kind!r}.")
        store = cls(
            kind=kind,
            data_dir=Path(str(settings.get("DATA_DIR", "data"))),
            host=str(settings.get("POSTGRES_HOST", "127.0.0.1")),
            port=_number(settings, "POSTGRES_PORT", 5432, 1, 65535),
            dbname=str(settings.get("POSTGRES_DBNAME", "tandem")),
            user=str(settings.get("POSTGRES_USER", "tandem")),
            password=str(settings.get("POSTGRES_PASSWORD", "")),
            schema=str(settings.get("POSTGRES_SCHEMA", "")),
            pool_size=_number(settings, "POOL_SIZE", 5, 1, 100),
            max_overflow=_number(settings, "MAX_OVERFLOW", 10, 0, 100),
            create_tables=_flag(settings, "CREATE_TABLES", True),
            cipher_key=str(settings.get("CIPHER_KEY", "")),
        )
        if kind == "postgres" and not store.dbname:
            raise SettingsError("TANDEM_POSTGRES_DBNAME must name a database.")
        return store

    def environment(self, database: str) -> dict[str, str]:
        """The eventsourcing settings for one of Tandem's databases: "tandem" or "views"."""
        env = {"CREATE_TABLE": "y" if self.create_tables else "n"}
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


def _number(settings: Mapping[str, object], name: str, default: int, low: int, high: int) -> int:
    raw = settings.get(name, default)
    try:
        value = int(str(raw))
    except ValueError:
        raise SettingsError(f"TANDEM_{name} must be a whole number, not {raw!r}.") from None
    if not low <= value <= high:
        raise SettingsError(f"TANDEM_{name} must be between {low} and {high}, not {value}.")
    return value


def _flag(settings: Mapping[str, object], name: str, default: bool) -> bool:
    raw = str(settings.get(name, "true" if default else "false")).lower()
    if raw in ("1", "true", "yes", "y", "on"):
        return True
    if raw in ("0", "false", "no", "n", "off"):
        return False
    raise SettingsError(f"TANDEM_{name} must be true or false, not {raw!r}.")


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
