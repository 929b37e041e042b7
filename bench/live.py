"""Benchmark of live updates: N board clients connected to a real server over NiceGUI's own socket protocol
(python-socketio, as the browser's socket.io would: page load, implicit handshake, 'update' messages), and
one real Chromium user dropping a card from New onto Contacted.

Prints: time from the drop until each client received the update (p50 / p95 / max), server memory per
connected board client (RSS growth / N), and event-loop lag while they are connected, measured as the extra
latency of a trivial HTTP request served by the same loop (sampled every 20 ms; p50 / p99 / max).

Run: .venv/bin/python bench/live.py [--clients 50] [--leads 2000] [--moves 5]
Targets: p95 ≤ 100 ms; ≤ 4 MB per client; loop lag p99 ≤ 100 ms.
"""

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
import socketio  # noqa: E402

from bench.board import PASSWORD, seed_database  # noqa: E402
from bench.server import CHROMIUM_ARGS, running_server, signed_in_cookies  # noqa: E402
from services import db  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return 0.0


class BoardClient:
    """One open board: loads /leads like a browser, then listens on the websocket."""

    def __init__(self, base_url: str, cookies: dict) -> None:
        self.base_url = base_url
        self.cookies = cookies
        self.sio = socketio.AsyncClient(reconnection=False)
        self.waiting_for: int | None = None
        self.received_at: float | None = None
        self.sio.on('update', self._on_update)

    async def open(self, http: httpx.AsyncClient) -> None:
        html = (await http.get('/leads')).text
        client_id = re.search(r"'client_id': '([0-9a-f-]+)'", html) or re.search(
            r'"client_id": "([0-9a-f-]+)"', html
        )
        assert client_id, 'no client id in the page'
        query = {
            'client_id': client_id.group(1),
            'tab_id': str(uuid.uuid4()),
            'document_id': str(uuid.uuid4()),
            'implicit_handshake': 'true',
            'next_message_id': '0',
        }
        url = f'{self.base_url}?{"&".join(f"{k}={v}" for k, v in query.items())}'
        cookie = '; '.join(f'{k}={v}' for k, v in self.cookies.items())
        await self.sio.connect(
            url, socketio_path='/_nicegui_ws/socket.io', transports=['websocket'], headers={'Cookie': cookie}
        )

    def expect(self, count: int) -> None:
        """Wait for an update that sets some element's data-count to `count`."""
        self.waiting_for, self.received_at = count, None

    def _on_update(self, data: dict) -> None:
        # a look at each element's props, not a re-encoding of the whole update: this process shares the
        # machine's two cores with the server and the browser, and should take as little of them as it can
        if self.waiting_for is None or self.received_at is not None:
            return
        if any(
            isinstance(element, dict) and (element.get('props') or {}).get('data-count') == self.waiting_for
            for element in data.values()
        ):
            self.received_at = time.perf_counter()


async def probe_lag(base_url: str, stop: asyncio.Event, samples: list[float]) -> None:
    """Latency of a static file (served on the event loop) every 20 ms; the floor is subtracted later."""
    async with httpx.AsyncClient(base_url=base_url) as http:
        while not stop.is_set():
            start = time.perf_counter()
            await http.get('/favicon.ico')
            samples.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.02)


# What SortableJS does on a drop (nicegui's sortable.js onEnd): a 'sortend' event on the source column. Sent
# directly, so the clock starts when the browser reports the drop, not during Chromium's drag emulation.
DROP_JS = """([leadId, stage]) => {
  const card = document.querySelector(`[data-lead="${leadId}"]`);
  const from = card.parentElement;
  const to = document.querySelector(`[data-stage-cards="${stage}"]`);
  to.prepend(card);
  from.dispatchEvent(new CustomEvent('sortend', {bubbles: false, detail: {
    item_id: parseInt(card.id.substring(1)), from_id: parseInt(from.id.substring(1)),
    to_id: parseInt(to.id.substring(1)), old_index: 0, new_index: 0}}));
}"""


async def drop(page, lead_id: str, stage: str) -> float:
    dropped = time.perf_counter()
    await page.evaluate(DROP_JS, [lead_id, stage])
    return dropped


async def run(base_url: str, pid: int, cookies: dict, clients: int, moves: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=os.environ.get('LEADBOARD_CHROMIUM', '/usr/bin/chromium'), args=CHROMIUM_ARGS
        )
        context = await browser.new_context(viewport={'width': 1366, 'height': 768})
        await context.add_cookies([{'name': k, 'value': v, 'url': base_url} for k, v in cookies.items()])
        mover = await context.new_page()
        await mover.goto(base_url + '/leads')
        await mover.wait_for_function('window.did_handshake === true')
        await asyncio.sleep(2)
        before = rss_mb(pid)

        boards = [BoardClient(base_url, cookies) for _ in range(clients)]
        async with httpx.AsyncClient(base_url=base_url, cookies=cookies, timeout=60) as http:
            for board in boards:
                await board.open(http)
        await asyncio.sleep(3)
        after = rss_mb(pid)

        stop, lag = asyncio.Event(), []
        prober = asyncio.create_task(probe_lag(base_url, stop, lag))
        await asyncio.sleep(2)
        latencies: list[float] = []
        for _ in range(moves):
            lead_id = await mover.locator('[data-stage="NOT_CONTACTED"] [data-lead]').first.get_attribute(
                'data-lead'
            )
            # every board's update of this move carries Contacted's new count (the card itself may land
            # below the column's first page and not be sent at all)
            shown = await mover.locator('[data-stage="CONTACTED"] [data-count]').get_attribute('data-count')
            for board in boards:
                board.expect(int(shown or 0) + 1)
            dropped = await drop(mover, lead_id, 'CONTACTED')
            deadline = time.perf_counter() + 10
            while any(b.received_at is None for b in boards) and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            missing = sum(b.received_at is None for b in boards)
            these = sorted((b.received_at - dropped) * 1000 for b in boards if b.received_at is not None)
            latencies += these
            if not these:
                print(f'  move of lead {lead_id}: no board saw it within 10 s', flush=True)
                continue
            print(
                f'  move of lead {lead_id}: {clients - missing}/{clients} boards updated, '
                f'first {these[0]:.0f} ms, last {these[-1]:.0f} ms',
                flush=True,
            )
            await asyncio.sleep(1)
        await asyncio.sleep(2)
        stop.set()
        await prober
        for board in boards:
            await board.sio.disconnect()
        await browser.close()

    latencies.sort()
    floor = min(lag)
    lags = sorted(x - floor for x in lag)
    pct = lambda xs, q: xs[min(len(xs) - 1, int(len(xs) * q))]  # noqa: E731
    print(f'{clients} connected boards, {moves} moves:')
    print(
        f'  drop → update received: p50 {statistics.median(latencies):.0f} ms, p95 {pct(latencies, 0.95):.0f} ms, '
        f'max {latencies[-1]:.0f} ms'
    )
    print(
        f'  server memory: {before:.0f} MB → {after:.0f} MB, {(after - before) / clients:.2f} MB per board client'
    )
    print(
        f'  event-loop lag (extra latency of a static request, {len(lags)} samples): '
        f'p50 {statistics.median(lags):.1f} ms, p99 {pct(lags, 0.99):.1f} ms, max {lags[-1]:.1f} ms'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--leads', type=int, default=2000)
    parser.add_argument('--moves', type=int, default=5)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix='live-bench-'))
    url = f'sqlite:///{data_dir / "leadboard.db"}'
    db.configure(url)
    seed_database(url, args.leads)
    db.dispose()
    with running_server(data_dir) as (base_url, process):
        cookies = signed_in_cookies(base_url, 'bench', PASSWORD)
        asyncio.run(run(base_url, process.pid, cookies, args.clients, args.moves))


if __name__ == '__main__':
    main()
