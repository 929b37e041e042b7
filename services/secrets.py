"""The session-signing secret: made on first start, kept in the data dir (mode 0600), reused after."""

import os
import secrets
from pathlib import Path


def session_secret(path: Path) -> str:
    if path.exists():
        value = path.read_text(encoding='utf-8').strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # create with 0600 from the start, so the secret is never readable by others even briefly
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(value + '\n')
    return value
