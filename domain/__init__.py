"""What a mentoring relationship is: aggregates, their events, rules and value types."""

from domain.programme import Participant, Program
from domain.relationship import Relationship
from domain.requesting import OpenPair, request_relationship

__all__ = ["OpenPair", "Participant", "Program", "Relationship", "request_relationship"]
