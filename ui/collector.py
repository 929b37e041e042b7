"""Full garbage collections, moved away from the moments users wait for the screen.

A full collection walks every tracked object. With fifty boards open that is some 700,000 objects and a
stop of the event loop of 300 ms or more: every open screen freezes, and a dragged card reaches the other
boards late. CPython starts one whenever the objects that survived since the last one reach a quarter of
the older ones — so boards opening, or a burst of moves, set one off at exactly the wrong moment.

Instead:
- what is alive once the app has started (modules, routes, settings) is frozen: it lives as long as the
  process, so walking it again finds nothing;
- automatic full collections are off (young ones stay: they take about a millisecond);
- a full collection runs when the server is quiet (no young collection for QUIET seconds: next to no
  allocation), then freezes what survived, so the next one walks only what is newer;
- at least every RECLAIM seconds the frozen objects are thawed and collected too, because cyclic garbage
  among them — the elements of a closed tab or a card that left a column — is only freed that way. That
  one walks everything, so it too waits for a quiet moment, unless the server is never quiet for long.
"""

import asyncio
import gc
import logging
import time

from nicegui import app, background_tasks

log = logging.getLogger('leadboard')

QUIET = 2.0
RECLAIM = 600.0
CHECK = 0.5


_DEFAULTS = gc.get_threshold()


def install() -> None:
    app.on_startup(_start)
    app.on_shutdown(_stop)


async def _start() -> None:
    gc.collect()
    gc.freeze()
    young, middle, _ = _DEFAULTS
    # the third threshold counts middle-generation collections; this many never comes: no automatic full one
    gc.set_threshold(young, middle, 2**30)
    background_tasks.create(_run(), name='quiet-gc')


def _stop() -> None:
    # the page tests start and stop the app many times in one process: leave CPython as it was
    gc.set_threshold(*_DEFAULTS)
    gc.unfreeze()


async def _run() -> None:
    last_young = _collections(0)
    collected_at = _collections(1)  # middle collections so far: more of them means objects were promoted
    busy_at = thawed_at = time.monotonic()
    while True:
        await asyncio.sleep(CHECK)
        now = time.monotonic()
        if _collections(0) != last_young:
            busy_at = now
        quiet = now - busy_at >= QUIET
        if now - thawed_at >= RECLAIM and (quiet or now - thawed_at >= 2 * RECLAIM):
            started = time.perf_counter()
            gc.unfreeze()
            freed = gc.collect()
            gc.freeze()
            thawed_at = now
            collected_at = _collections(1)
            log.debug('full collection: %d freed in %.0f ms', freed, (time.perf_counter() - started) * 1000)
        elif quiet and _collections(1) != collected_at:
            gc.collect()
            gc.freeze()
            collected_at = _collections(1)
        last_young = _collections(0)


def _collections(generation: int) -> int:
    return gc.get_stats()[generation]['collections']
