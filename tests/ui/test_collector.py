"""ui/collector.py: full collections wait while the server allocates, and run once it is quiet."""

import asyncio
import gc

import pytest

from ui import collector


@pytest.fixture
def fast_collector(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(collector, 'QUIET', 0.3)
    monkeypatch.setattr(collector, 'CHECK', 0.02)
    monkeypatch.setattr(collector, 'RECLAIM', 3600.0)
    young, middle, _ = collector._DEFAULTS
    gc.set_threshold(young, middle, 2**30)
    yield
    gc.set_threshold(*collector._DEFAULTS)
    gc.unfreeze()


def full_collections() -> int:
    return gc.get_stats()[2]['collections']


async def test_a_busy_server_waits_and_a_quiet_one_collects_and_freezes(fast_collector) -> None:
    task = asyncio.create_task(collector._run())
    try:
        await asyncio.sleep(0.05)
        before = full_collections()
        kept = []
        for _ in range(40):  # half a second of allocating objects that survive (boards being built)
            kept.append([[] for _ in range(3000)])
            await asyncio.sleep(0.0125)
        assert gc.get_stats()[1]['collections'] > 0
        assert full_collections() == before  # never while busy, though objects were promoted
        for _ in range(50):
            await asyncio.sleep(0.02)
            if full_collections() > before:
                break
        assert full_collections() == before + 1  # quiet: one full collection, and nothing more to do
        assert gc.get_freeze_count() > 0  # what survived it is not walked again
        await asyncio.sleep(0.4)
        assert full_collections() == before + 1
    finally:
        task.cancel()
