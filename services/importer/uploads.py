"""Uploaded files waiting in the wizard: kept in a temp folder under a random token that the browser tab
remembers, so the wizard's steps survive a page reload without holding the file in memory."""

import re
import secrets
import tempfile
import time
from pathlib import Path

from services.errors import NotFound

_ROOT = Path(tempfile.gettempdir()) / 'leadboard-imports'
_TOKEN = re.compile(r'^[0-9a-f]{32}$')
_MAX_AGE = 24 * 3600
ALLOWED_SUFFIXES = ('.csv', '.tsv', '.txt', '.xlsx')


def new_upload_path(filename: str) -> tuple[str, Path]:
    """A token and the path to save an upload to (stale uploads are cleared on the way)."""
    _ROOT.mkdir(parents=True, exist_ok=True)
    _sweep()
    token = secrets.token_hex(16)
    folder = _ROOT / token
    folder.mkdir()
    suffix = Path(filename).suffix.lower()
    return token, folder / f'upload{suffix if suffix in ALLOWED_SUFFIXES else ".bin"}'


def upload_path(token: str) -> Path:
    if not _TOKEN.match(token or ''):
        raise NotFound('The uploaded file is gone: upload it again.')
    folder = _ROOT / token
    files = list(folder.glob('upload*')) if folder.is_dir() else []
    if not files:
        raise NotFound('The uploaded file is gone (uploads are kept for a day): upload it again.')
    return files[0]


def discard(token: str) -> None:
    try:
        path = upload_path(token)
    except NotFound:
        return
    path.unlink(missing_ok=True)
    path.parent.rmdir()


def _sweep() -> None:
    cutoff = time.time() - _MAX_AGE
    for folder in _ROOT.iterdir():
        try:
            if folder.stat().st_mtime < cutoff:
                for f in folder.iterdir():
                    f.unlink()
                folder.rmdir()
        except OSError:
            continue
