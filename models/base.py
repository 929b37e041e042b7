from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no zone, so every stored time is UTC without tzinfo, everywhere."""
    return datetime.now(UTC).replace(tzinfo=None)
