"""The background sweep that returns lapsed claims to the pool (PRODUCT §5: every screen shows it within a
minute). Reads already treat a lapsed claim as none; the sweep makes it visible, logged and broadcast."""

from nicegui import app, run

from services import claims

SWEEP_SECONDS = 20.0


async def _sweep() -> None:
    await run.io_bound(claims.sweep_expired_claims)


def _start() -> None:
    app.timer(SWEEP_SECONDS, _sweep)


def install() -> None:
    """Register once per app start. Startup handlers are cleared whenever NiceGUI resets the app (the test
    harness re-runs main.py for every test), so each run of the app gets exactly one sweep timer."""
    if _start not in app._startup_handlers:  # noqa: SLF001 - no public "is registered" check exists
        app.on_startup(_start)
