"""How an active relationship is doing at a moment (judged in services/views/queries.health)."""

from enum import StrEnum


class Health(StrEnum):
    TOO_EARLY = "too_early"  # no meeting yet, within its first period
    ON_TRACK = "on_track"  # met within the period, or a meeting is due within it
    NEEDS_CHECK_IN = "needs_check_in"
