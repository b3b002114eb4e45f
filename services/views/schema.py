"""The view tables, in SQL that SQLite and PostgreSQL both speak. Times are epoch seconds."""

import re

from services.views import became, counts

# Raise when the tables or what the projection writes into them change: the views rebuild.
SCHEMA_VERSION = 4

# What a relationship's row holds beside its id, now (view_relationships) and in each of its
# past versions (view_relationship_history); times are epoch seconds, `position` the log
# position of the event that made the version, `valid_from` (and `valid_to`) temporal keys.
RELATIONSHIP_COLUMNS = """seq BIGINT NOT NULL,
        program_id TEXT NOT NULL,
        status TEXT NOT NULL,
        mode TEXT NOT NULL,
        requester_id TEXT NOT NULL,
        invitee_id TEXT NOT NULL,
        mentor_id TEXT,
        mentee_id TEXT,
        proposed_every_days INTEGER,
        period_days INTEGER NOT NULL,
        accepted_at DOUBLE PRECISION,
        meetings_held INTEGER NOT NULL DEFAULT 0,
        meetings_cancelled INTEGER NOT NULL DEFAULT 0,
        last_meeting_at DOUBLE PRECISION,
        goals_set INTEGER NOT NULL DEFAULT 0,
        goals_achieved INTEGER NOT NULL DEFAULT 0,
        feedback_to_mentee INTEGER NOT NULL DEFAULT 0,
        feedback_to_mentor INTEGER NOT NULL DEFAULT 0,
        feedback_between_peers INTEGER NOT NULL DEFAULT 0,
        shifts_to_peer INTEGER NOT NULL DEFAULT 0,
        shifts_to_mentoring INTEGER NOT NULL DEFAULT 0,
        boundaries_agreed_at DOUBLE PRECISION,
        first_meeting_held_at DOUBLE PRECISION,
        first_goal_achieved_at DOUBLE PRECISION,
        ended_at DOUBLE PRECISION,
        outcome TEXT,
        cadence_gaps INTEGER NOT NULL DEFAULT 0,
        cadence_kept INTEGER NOT NULL DEFAULT 0,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL,
        version INTEGER NOT NULL,
        position BIGINT NOT NULL"""
MEETING_COLUMNS = """relationship_id TEXT NOT NULL,
        program_id TEXT NOT NULL,
        status TEXT NOT NULL,
        scheduled_for DOUBLE PRECISION NOT NULL"""


def names(columns: str) -> str:
    """The column names of a list of column definitions, in their order."""
    return ", ".join(line.split()[0] for line in columns.split(","))


RELATIONSHIP_NAMES = "id, " + names(RELATIONSHIP_COLUMNS)
MEETING_NAMES = "id, " + names(MEETING_COLUMNS)


def versioned(table: str, columns: str) -> tuple[str, ...]:
    """A history table: each past version of a row, the moments it was valid, and the node of
    the interval tree it is filed at (services/views/temporal.py), indexed for both ends."""
    return (
        f"""CREATE TABLE IF NOT EXISTS {table} (
        {columns},
        valid_from BIGINT NOT NULL,
        valid_to BIGINT NOT NULL,
        node BIGINT NOT NULL
    )""",
        f"CREATE INDEX IF NOT EXISTS {table}_from ON {table} (program_id, node, valid_from)",
        f"CREATE INDEX IF NOT EXISTS {table}_to ON {table} (program_id, node, valid_to)",
    )


# Where the projector stopped, and why: an event it cannot apply is reported, not skipped. Not
# rebuilt (it is about the live projector), and made by a swap where a store has none yet.
STALLS = """CREATE TABLE IF NOT EXISTS view_stalls (
    name TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    reason TEXT NOT NULL,
    since DOUBLE PRECISION NOT NULL
)"""

TABLES = (
    """CREATE TABLE IF NOT EXISTS view_schema (
        version INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS view_programs (
        id TEXT PRIMARY KEY,
        meeting_every_days INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS view_coordinators (
        program_id TEXT NOT NULL,
        sub TEXT NOT NULL,
        PRIMARY KEY (program_id, sub)
    )""",
    f"""CREATE TABLE IF NOT EXISTS view_relationships (
        id TEXT PRIMARY KEY,
        {RELATIONSHIP_COLUMNS},
        valid_from BIGINT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS view_rel_program ON view_relationships (program_id, seq)",
    "CREATE INDEX IF NOT EXISTS view_rel_status ON view_relationships (program_id, status, seq)",
    "CREATE INDEX IF NOT EXISTS view_rel_requester ON view_relationships (requester_id, seq)",
    "CREATE INDEX IF NOT EXISTS view_rel_invitee ON view_relationships (invitee_id, seq)",
    "CREATE INDEX IF NOT EXISTS view_rel_seq ON view_relationships (seq)",
    "CREATE INDEX IF NOT EXISTS view_rel_valid ON view_relationships (program_id, valid_from)",
    *versioned("view_relationship_history", f"id TEXT NOT NULL, {RELATIONSHIP_COLUMNS}"),
    f"""CREATE TABLE IF NOT EXISTS view_meetings (
        id TEXT PRIMARY KEY,
        {MEETING_COLUMNS},
        valid_from BIGINT NOT NULL
    )""",
    # By programme first: one programme's meetings sit together however large the table grows.
    "DROP INDEX IF EXISTS view_meetings_due",
    "CREATE INDEX IF NOT EXISTS view_meetings_health ON view_meetings "
    "(program_id, relationship_id, status, scheduled_for)",
    "CREATE INDEX IF NOT EXISTS view_meetings_program ON view_meetings "
    "(program_id, status, scheduled_for)",
    *versioned("view_meeting_history", f"id TEXT NOT NULL, {MEETING_COLUMNS}"),
    "CREATE INDEX IF NOT EXISTS view_meeting_history_due ON view_meeting_history "
    "(relationship_id, scheduled_for)",
    """CREATE TABLE IF NOT EXISTS view_mentorships (
        relationship_id TEXT NOT NULL,
        program_id TEXT NOT NULL,
        mentor_id TEXT NOT NULL,
        mentee_id TEXT NOT NULL,
        since DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (relationship_id, mentor_id, mentee_id)
    )""",
    "CREATE INDEX IF NOT EXISTS view_mentorships_mentor ON view_mentorships (mentor_id, since)",
    "CREATE INDEX IF NOT EXISTS view_mentorships_mentee ON view_mentorships (mentee_id, since)",
    "CREATE INDEX IF NOT EXISTS view_mentorships_program ON view_mentorships (program_id)",
    counts.TABLE,
    became.TABLE,
    became.INDEX,
    """CREATE TABLE IF NOT EXISTS view_audit (
        position BIGINT PRIMARY KEY,
        program_id TEXT NOT NULL,
        relationship_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        occurred_at DOUBLE PRECISION NOT NULL,
        actor_id TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS view_audit_program ON view_audit (program_id, position)",
    "CREATE INDEX IF NOT EXISTS view_audit_relationship ON view_audit (relationship_id, position)",
    "CREATE INDEX IF NOT EXISTS view_audit_actor ON view_audit (actor_id, position)",
    "CREATE INDEX IF NOT EXISTS view_audit_type ON view_audit (type, position)",
    "CREATE INDEX IF NOT EXISTS view_audit_time ON view_audit (occurred_at)",
    STALLS,
)

NAMES = (
    "view_programs",
    "view_coordinators",
    "view_relationships",
    "view_relationship_history",
    "view_meetings",
    "view_meeting_history",
    "view_mentorships",
    "view_program_counts",
    "view_became_mentors",
    "view_audit",
    "view_stalls",
    "view_schema",
)
DROP = tuple(f"DROP TABLE IF EXISTS {table}" for table in NAMES)

DEFAULT_PERIOD_DAYS = 14
DAY = 86400.0  # seconds: periods are in days, times in epoch seconds

# A rebuild fills tables beside the live ones, under this prefix, then swaps them in; view_stalls
# stays (it is about the live projector). Index names carry the generation of their tables
# (none for the first), so a build's indexes never meet the live ones' names.
NEXT = "next_"
REBUILT = tuple(name for name in NAMES if name != "view_stalls")
GENERATION = "CREATE TABLE IF NOT EXISTS view_generation (generation INTEGER NOT NULL)"
MIGRATIONS = tuple(s for s in TABLES if s.startswith("DROP INDEX"))  # of indexes made before
_REBUILT = re.compile(r"\b(" + "|".join(REBUILT) + r")\b")
_INDEX = re.compile(r"^(CREATE INDEX IF NOT EXISTS) (\w+) ON")


def renamed(sql: str, prefix: str) -> str:
    """The statement on the rebuilt tables under `prefix` (every table but view_stalls)."""
    return _REBUILT.sub(lambda found: prefix + found.group(1), sql) if prefix else sql


def tables(prefix: str = "") -> tuple[str, ...]:
    """CREATE TABLE statements: every view's, or (with a prefix) the rebuilt ones'."""
    made = [s for s in TABLES if s.startswith("CREATE TABLE")]
    if prefix:
        made = [s for s in made if _REBUILT.search(s.split("(")[0])]
    return tuple(renamed(s, prefix) for s in made)


# The indexes the projector's own reads use (services/views/tally.py): a rebuild makes them
# with its tables, not once they are filled.
READ_BY_PROJECTOR = (
    "view_meetings_health",
    "view_mentorships_mentor",
    "view_mentorships_mentee",
    "view_became_mentors_mentor",
)


def indexes(prefix: str = "", generation: int = 0, only: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The indexes of those tables (or `only` those named), named for their generation."""
    suffix = f"_g{generation}" if generation else ""
    return tuple(
        _INDEX.sub(rf"\1 \2{suffix} ON", renamed(s, prefix))
        for s in TABLES
        if s.startswith("CREATE INDEX")
        and (not prefix or _REBUILT.search(s))
        and (not only or s.split()[5] in only)
    )
