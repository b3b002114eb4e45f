"""Which event fields hold text private to the two parties."""

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
