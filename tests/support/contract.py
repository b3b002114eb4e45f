"""What API.md fixes, stated once for the tests (apart from the code under test)."""

# "Private text": free text written by the two parties, hidden from every other reader.
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
