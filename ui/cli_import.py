"""`python main.py import …` and `python main.py export …`: the import pipeline and the lead export without
the browser. Exit 0 when the file was processed (even with rejected rows), 2 when it can't be used."""

import argparse
import json
import sys
from pathlib import Path

from services import export, importer
from services.config import Settings


class _BadMapping(importer.UnusableFile):
    pass


def add_parsers(commands: argparse._SubParsersAction) -> None:
    imp = commands.add_parser('import', help='import contacts and leads from a CSV, TSV, TXT or XLSX file')
    imp.add_argument('file', help='the file to import')
    imp.add_argument(
        '--on-duplicate',
        choices=importer.POLICIES,
        default='merge',
        help='what to do with a row that matches an existing contact (default: merge)',
    )
    imp.add_argument(
        '--mapping',
        help='JSON file: {"Header": "field" or null}, or {"mapping": {...}, "status": {...}, "source": {...}}',
    )
    imp.add_argument('--sheet', help='the XLSX sheet to read (default: the first)')
    imp.add_argument('--dry-run', action='store_true', help='check and count, but store nothing')
    imp.add_argument('--json', action='store_true', help='print the report as one JSON object')
    imp.set_defaults(handler=run_import_command)

    exp = commands.add_parser('export', help='write every lead with its contact fields to a CSV file')
    exp.add_argument('file', help='the CSV file to write')
    exp.set_defaults(handler=run_export_command)


def _read_mapping(path: str | None) -> tuple[dict | None, dict | None, dict | None]:
    if not path:
        return None, None, None
    try:
        data = json.loads(Path(path).read_text(encoding='utf-8'))
    except OSError as e:
        raise _BadMapping(f'cannot read the mapping file: {e.strerror}') from None
    except ValueError as e:
        raise _BadMapping(f'the mapping file is not valid JSON: {e}') from None
    if not isinstance(data, dict):
        raise _BadMapping('the mapping file must hold a JSON object')
    if isinstance(data.get('mapping'), dict):
        return data['mapping'], data.get('status'), data.get('source')
    return data, None, None


def run_import_command(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise importer.UnusableFile(f'no such file: {args.file}')
    mapping, status_map, source_map = _read_mapping(args.mapping)
    report = importer.run_import(
        actor=None,
        path=path,
        filename=path.name,
        sheet=args.sheet,
        mapping=mapping,
        status_map=status_map,
        source_map=source_map,
        on_duplicate=args.on_duplicate,
        dry_run=args.dry_run,
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return 0
    verb = 'Would import' if report.dry_run else 'Imported'
    print(
        f'{verb} {path.name}: {report.rows} rows — {report.created} created, {report.merged} merged, '
        f'{report.skipped} skipped, {report.flagged} flagged as possible duplicates, '
        f'{len(report.rejected)} rejected ({report.seconds:.1f} s).'
    )
    for item in report.rejected[:20]:
        print(f'  rejected row {item.row} (line {item.line}): {", ".join(item.reasons)}')
    if len(report.rejected) > 20:
        print(f'  … and {len(report.rejected) - 20} more rejected rows (use --json for all)')
    if report.warnings:
        print(f'  {len(report.warnings)} warnings (use --json to see them)')
    if report.batch_id is not None:
        print(f'Import #{report.batch_id}; undo it from the summary on /import or the import history.')
    return 0


def run_export_command(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.parent.exists():
        print(f'error: the folder {path.parent} does not exist', file=sys.stderr)
        return 2
    count = export.export_leads(actor=None, path=path)
    print(f'Exported {count} leads to {path}.')
    return 0
