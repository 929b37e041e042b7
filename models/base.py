from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC. Every stored time is UTC (SQLModel's UTCDateTime refuses naive values)."""
    return datetime.now(UTC)
