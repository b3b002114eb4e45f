"""A programme's status as the charts and tables of its page: (id, caption, [(label, count)])."""

from __future__ import annotations

from typing import Any

from flask_babel import format_percent
from flask_babel import gettext as _

from services.cohorts import MILESTONES
from web.pages.labels import value_label
from web.pages.languages import number

NO_FIGURE = "—"
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


def cohort_chart(cohorts: list[dict[str, Any]]) -> Chart:
    """How many relationships each cohort began with; the table below gives the rest."""
    rows = [(cohort["period"], cohort["relationships"]) for cohort in cohorts]
    return ("cohorts", _("Relationships requested, by cohort"), rows)


def cohort_headings() -> list[str]:
    return [
        _("Cohort"),
        _("Requested"),
        _("Accepted"),
        _("Boundaries agreed"),
        _("First meeting"),
        _("First goal achieved"),
        _("Concluded"),
        _("Days to accept (median)"),
        _("Days to a first meeting (median)"),
        _("Cadence kept"),
        _("Shifts to peer"),
        _("Went on to mentor"),
    ]


def cohort_row(cohort: dict[str, Any]) -> list[str]:
    """A dumped cohort as the cells under `cohort_headings`, in the person's language ("—"
    where there is no figure yet: no gap measured, no meetings to keep a cadence)."""
    reached, days, cadence = cohort["reached"], cohort["median_days"], cohort["cadence"]
    counts = [cohort["relationships"], *(reached[milestone] for milestone in MILESTONES)]
    medians = [days["requested_to_accepted"], days["accepted_to_first_meeting_held"]]
    adherence = cadence["adherence"]
    return [
        cohort["period"],
        *(number(count) for count in counts),
        *(NO_FIGURE if median is None else number(median) for median in medians),
        NO_FIGURE if adherence is None else format_percent(adherence),
        number(cohort["shifts"]["to_peer"]),
        number(cohort["mentees_who_went_on_to_mentor"]),
    ]
