"""`python main.py duplicates [--json]` and `python main.py backup FILE`: the duplicate scan and a consistent
database copy without the browser."""

import argparse
import json
from pathlib import Path

from services import backup
from services.config import Settings
from services.dedupe.scan import scan_duplicates


def add_parsers(commands: argparse._SubParsersAction) -> None:
    dup = commands.add_parser(
        'duplicates', help='scan every contact for likely duplicates and print the clusters'
    )
    dup.add_argument(
        '--json', action='store_true', help='print {"clusters": [{"contact_ids", "score", "reasons"}]}'
    )
    dup.set_defaults(handler=run_duplicates_command)

    bak = commands.add_parser(
        'backup', help='write a consistent copy of the database (safe while the app runs)'
    )
    bak.add_argument('file', help='the file to write')
    bak.set_defaults(handler=run_backup_command)


def run_duplicates_command(settings: Settings, args: argparse.Namespace) -> int:
    clusters = scan_duplicates(actor=None)
    if args.json:
        payload = {
            'clusters': [
                {'contact_ids': c.contact_ids, 'score': c.score, 'reasons': c.reasons} for c in clusters
            ]
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    if not clusters:
        print('No likely duplicates found.')
        return 0
    print(f'{len(clusters)} cluster{"s" if len(clusters) != 1 else ""} of likely duplicates (best first):')
    for cluster in clusters:
        ids = ', '.join(f'#{i}' for i in cluster.contact_ids)
        print(f'  {cluster.score:5.1f}  {ids}  — {"; ".join(cluster.reasons)}')
    return 0


def run_backup_command(settings: Settings, args: argparse.Namespace) -> int:
    target = backup.backup_to(Path(args.file))
    print(f'Backup written to {target} ({target.stat().st_size:,} bytes, integrity check ok).')
    return 0
