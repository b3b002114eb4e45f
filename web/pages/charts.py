"""A programme's status as the charts and tables of its page: (id, caption, [(label, count)])."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from web.pages.labels import value_label

Chart = tuple[str, str, list[tuple[str, int]]]
STATUSES = ("requested", "active", "paused", "declined", "withdrawn", "concluded")
DIRECTIONS = ("mentor_to_mentee", "mentee_to_mentor", "between_peers")


def status_charts(status: dict[str, Any]) -> list[Chart]:
    def rows(counts: dict[str, int], *names: str) -> list[tuple[str, int]]:
        return [(value_label(name), counts[name]) for name in names]

    relationships = status["relationships"]
    meetings, goals, shifts = status["meetings"], status["goals"], status["shifts"]
    return [
        ("by-status", _("Relationships by status"), rows(relationships["by_status"], *STATUSES)),
        (
            "by-mode",
            _("Relationships by mode"),
            rows(relationships["by_mode"], "mentoring", "peer"),
        ),
        (
            "health",
            _("Health of active relationships"),
            rows(status["health"], "on_track", "needs_check_in", "too_early"),
        ),
        (
            "meetings",
            _("Meetings"),
            [
                (value_label("held"), meetings["held"]),
                (value_label("cancelled"), meetings["cancelled"]),
                (_("upcoming"), meetings["upcoming"]),
            ],
        ),
        ("goals", _("Goals"), [(_("set"), goals["set"]), (_("achieved"), goals["achieved"])]),
        (
            "shifts",
            _("Shifts between modes"),
            [
                *rows(shifts, "to_peer", "to_mentoring"),
                (_("mentees who became mentors"), status["mentees_who_became_mentors"]),
            ],
        ),
        ("feedback", _("Feedback given"), rows(status["feedback"], *DIRECTIONS)),
    ]
