"""What reminder e-mail says, in Bahasa Indonesia and English: plain text, and HTML from it."""

from __future__ import annotations

from jinja2 import Environment

DEFAULT_LOCALE = "en"
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "meeting_due.subject": "Reminder: your meeting with {other} on {when}",
        "meeting_due.body": "Your meeting with {other} is scheduled for {when}.",
        "check_in_needed.subject": "Time to check in with {other}",
        "check_in_needed.body": (
            "It has been a while since you and {other} last met. Schedule your next meeting"
            " to keep your mentoring going."
        ),
        "greeting": "Hello {name},",
        "link": "Open it in Tandem",
        "footer": "You receive this e-mail because you take part in a programme on Tandem.",
    },
    "id": {
        "meeting_due.subject": "Pengingat: pertemuan Anda dengan {other} pada {when}",
        "meeting_due.body": "Pertemuan Anda dengan {other} dijadwalkan pada {when}.",
        "check_in_needed.subject": "Saatnya bertemu lagi dengan {other}",
        "check_in_needed.body": (
            "Sudah cukup lama sejak Anda dan {other} terakhir bertemu. Jadwalkan pertemuan"
            " berikutnya agar mentoring Anda tetap berjalan."
        ),
        "greeting": "Halo {name},",
        "link": "Buka di Tandem",
        "footer": "Anda menerima email ini karena Anda mengikuti sebuah program di Tandem.",
    },
}

HTML = Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>{{ greeting }}</p>
<p>{{ body }}</p>
{% if url %}<p><a href="{{ url }}">{{ link }}</a></p>{% endif %}
<p style="color: #666; font-size: smaller">{{ footer }}</p>
</body></html>
"""
)


def texts(locale: str | None) -> dict[str, str]:
    return TEXTS.get(locale or DEFAULT_LOCALE, TEXTS[DEFAULT_LOCALE])
