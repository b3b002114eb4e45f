"""A streaming replica of a throwaway PostgreSQL server: `pg_basebackup` of it, on a port and in
a folder of its own, replaying the primary's WAL as it comes (hot standby: it answers reads)."""

from __future__ import annotations

from tests.support.postgres import USER, ThrowawayPostgres


class ThrowawayReplica(ThrowawayPostgres):
    def __init__(self, primary: ThrowawayPostgres) -> None:
        super().__init__(primary.bindir)
        self.primary = primary
        # PATH may hold links to a few of the binaries only: pg_basebackup sits beside the real ones
        self.installed = (primary.bindir / "pg_ctl").resolve().parent

    def start(self) -> None:
        """Copies the primary as it is now and follows it from there (-R: as a standby)."""
        self._run(
            str(self.installed / "pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(self.primary.port), "-U", USER),
            *("-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast"),
        )
        self.start_again()

    def pause_replay(self) -> None:
        """It goes on receiving the primary's WAL but applies none of it: it lags."""
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")
