"""What the system does with the domain: applications, policy and persistence."""

from services.application import Recorded
from services.policy import Caller, Command, Idempotency
from services.tandem import Tandem, open_tandem

__all__ = ["Caller", "Command", "Idempotency", "Recorded", "Tandem", "open_tandem"]
