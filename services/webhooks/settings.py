"""What the webhooks, reminders and e-mail need to know: read from TANDEM_* by services.settings."""

from __future__ import annotations

from dataclasses import dataclass, field

SECURITIES = ("starttls", "tls", "none")


@dataclass(frozen=True)
class Smtp:
    """Where reminder e-mail goes out; no host, no e-mail."""

    host: str = ""
    port: int = 587
    sender: str = ""
    user: str = ""
    password: str = field(default="", repr=False)
    security: str = "starttls"  # STARTTLS on a plain port, TLS from the start, or none (tests)
    timeout: float = 10.0

    @property
    def configured(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class WebhookSettings:
    key: bytes = field(default=b"", repr=False)  # encrypts signing secrets; derived if empty
    dispatch: bool | None = None  # this process delivers (one at a time leads); None: follows log
    allow_private: bool | None = None  # receivers on private addresses; None: in development
    concurrency: int = 16  # deliveries in flight at once, every subscriber together
    rate: int = 1000  # deliveries a second to one subscriber at most
    timeout: float = 10.0  # seconds for each phase of a delivery: connect, send, read
    reminder_every: float = 60.0  # seconds between reminder passes
    public_url: str = ""  # where the web app is served, for links in e-mail
    smtp: Smtp = field(default_factory=Smtp)
