"""Named errors for every broken rule; the web layer maps them to HTTP answers."""


class DomainError(Exception):
    """A rule of the domain forbids the command in the current state. Each rule is a subclass
    naming its problem: `slug` (stable: clients match on it) and `title`."""

    slug = "domain-rule"
    title = "Domain rule broken"

    def __init_subclass__(cls, slug: str, title: str) -> None:
        super().__init_subclass__()
        cls.slug, cls.title = slug, title


class InvalidTransition(DomainError, slug="invalid-transition", title="Invalid transition"): ...


class SelfRequest(DomainError, slug="self-request", title="Nobody can request themselves"): ...


class NotEnrolled(DomainError, slug="not-enrolled", title="Not enrolled with a fitting role"): ...


class AlreadyOpen(DomainError, slug="already-open", title="An open relationship exists"): ...


class NoOpenProposal(DomainError, slug="no-open-proposal", title="No open proposal"): ...


class ModeUnchanged(DomainError, slug="mode-unchanged", title="Mode unchanged"): ...


class NotAParty(DomainError, slug="not-a-party", title="Not a party"): ...


class Erased(DomainError, slug="erased", title="Erased"):
    """Its private text (or the person) was erased: nothing more can be added to it."""


class NotAllowed(Exception):
    """The actor may not do this, whatever the state."""


class UnknownPart(LookupError):
    """A meeting or goal named in the path does not exist in the relationship."""


class InvalidReference(ValueError):
    """A field of the command names something that does not exist."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
