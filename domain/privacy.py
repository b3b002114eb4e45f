"""Which event fields hold text private to the two parties, and which hold a person's contact
details; and what every reader sees of either once it is erased."""

PRIVATE_FIELDS = frozenset(
    {
        "message",
        "topics",
        "progress_reflection",
        "development_areas",
        "summary",
        "content",
        "reflection",
        "notes",
        "confidential_topics",
    }
)
PERSONAL_FIELDS = frozenset({"name", "email"})
ERASED = "[erased]"
