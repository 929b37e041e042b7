"""Leadboard's composition root: read settings, then run a command or start the web app."""

import os
import sys

from ui import cli, web


def main(argv: list[str]) -> None:
    settings, args = cli.parse(argv)
    if args.command:
        raise SystemExit(cli.run_command(settings, args))
    web.start(settings)


if __name__ in {'__main__', '__mp_main__'}:
    # NiceGUI's test harness runs this file inside pytest: its arguments are pytest's, not ours
    main([] if os.environ.get('NICEGUI_USER_SIMULATION') else sys.argv[1:])
