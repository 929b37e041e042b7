"""Steps page tests share."""

from nicegui.testing import User

from tests.conftest import PASSWORD


async def sign_in(user: User, username: str, password: str = PASSWORD) -> None:
    await user.open('/login')
    user.find(marker='login-username').type(username)
    user.find(marker='login-password').type(password)
    user.find(marker='login-submit').click()
