"""Steps page tests share."""

import asyncio
import time
from collections.abc import Callable

from nicegui.testing import User

from tests.conftest import PASSWORD


async def sign_in(
    user: User, username: str, password: str = PASSWORD, *, expect_success: bool = True
) -> None:
    """Sign in through /login; on success wait for the landing page, so a later open() is not overtaken."""
    await user.open('/login')
    user.find(marker='login-username').type(username)
    user.find(marker='login-password').type(password)
    user.find(marker='login-submit').click()
    if expect_success:
        await user.should_see(marker='user-menu', retries=50)


async def eventually(condition: Callable[[], bool], timeout: float = 2.0) -> None:
    """Wait until `condition()` holds: a click's write runs in a worker thread and lands a moment later."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.025)
    assert condition()
