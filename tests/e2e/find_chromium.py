"""Print the path of a headless-capable Chromium for the browser tests, installing Debian's if needed.

Order: $LEADBOARD_CHROMIUM, /usr/bin/chromium, Playwright's own download, then `apt-get install chromium`
where that is allowed (root, apt-get present). What it did goes to stderr; only the path goes to stdout."""

import os
import shutil
import subprocess
import sys
from pathlib import Path


def say(message: str) -> None:
    print(f'[browser] {message}', file=sys.stderr, flush=True)


def playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).exists() else None


def apt_install() -> str | None:
    if shutil.which('apt-get') is None or os.geteuid() != 0:
        return None
    say("no Chromium found: installing Debian's chromium with apt-get (about 30 s)")
    env = {**os.environ, 'DEBIAN_FRONTEND': 'noninteractive'}
    for command in (['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'chromium']):
        result = subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        if result.returncode != 0:
            say(f'{" ".join(command)} failed: {result.stderr.strip()[-300:]}')
            return None
    return '/usr/bin/chromium' if Path('/usr/bin/chromium').exists() else None


def main() -> int:
    explicit = os.environ.get('LEADBOARD_CHROMIUM')
    if explicit:
        if Path(explicit).exists():
            say(f'using LEADBOARD_CHROMIUM={explicit}')
            print(explicit)
            return 0
        say(f'LEADBOARD_CHROMIUM={explicit} does not exist; looking elsewhere')
    for finder, label in (
        (lambda: '/usr/bin/chromium' if Path('/usr/bin/chromium').exists() else None, 'Debian Chromium'),
        (playwright_chromium, "Playwright's Chromium"),
        (apt_install, 'freshly installed Debian Chromium'),
    ):
        path = finder()
        if path:
            say(f'using {label} at {path}')
            print(path)
            return 0
    say('no Chromium available: browser tests will fail. Set LEADBOARD_CHROMIUM to a Chromium binary.')
    return 1


if __name__ == '__main__':
    sys.exit(main())
