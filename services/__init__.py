"""What the system does with the domain: applications, policy and persistence."""

from services.idempotency import Idempotency
from services.policy import Caller
from services.tandem import Tandem, open_tandem
from services.unit_of_work import Command, Recorded

__all__ = ["Caller", "Command", "Idempotency", "Recorded", "Tandem", "open_tandem"]
