"""The wizard's read-only steps: what the file holds, what its values map to, and a preview of the result."""

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from models import UserRead
from services import db
from services.export import safe_cell
from services.importer.mapping import suggest_mapping
from services.importer.match import load_existing, plan_duplicates
from services.importer.models import (
    ColumnInfo,
    FileOverview,
    ImportPreview,
    PreviewRow,
    ValueChoice,
    ValueOverview,
)
from services.importer.parse import read_file
from services.importer.pipeline import distinct_values, prepare, remembered_mapping, settings_for, value_maps

_PREVIEW_FIELDS = (
    'name',
    'email',
    'phone',
    'company',
    'job_title',
    'city',
    'state',
    'country',
    'region',
    'source',
    'stage_key',
    'product_type',
    'tags',
    'next_call_at',
    'notes',
)


def inspect_file(
    *, actor: UserRead | None, path: Path, filename: str, sheet: str | None = None
) -> FileOverview:
    """Headers with suggested fields and sample values; raises UnusableFile for files that can't be used."""
    settings_for(actor)  # permission check
    parsed = read_file(path, sheet=sheet)
    remembered = remembered_mapping(parsed.headers)
    mapping = suggest_mapping(parsed.headers, remembered)
    columns = []
    for i, header in enumerate(parsed.headers):
        values = parsed.frame[i].head(2000).str.strip()
        samples = [v[:80] for v in pd.unique(values[values.ne('')])[:4]]
        columns.append(ColumnInfo(header=header, field=mapping[header], samples=samples))
    return FileOverview(
        filename=filename,
        rows=parsed.rows,
        kind=parsed.kind,
        encoding=parsed.encoding,
        delimiter={'\t': 'tab'}.get(parsed.delimiter, parsed.delimiter),
        sheet=parsed.sheet,
        sheets=parsed.sheets,
        columns=columns,
        remembered=remembered is not None and set(remembered) == set(parsed.headers),
    )


def value_overview(
    *, actor: UserRead | None, path: Path, sheet: str | None, mapping: dict[str, str | None]
) -> ValueOverview:
    settings = settings_for(actor)
    parsed = read_file(path, sheet=sheet)
    full = {h: mapping.get(h) for h in parsed.headers}
    maps = value_maps(parsed, full, settings)
    statuses = distinct_values(parsed, full, 'status')
    sources = distinct_values(parsed, full, 'source')
    return ValueOverview(
        status=[
            ValueChoice(value=v, count=c, target=maps.status.get(v)) for v, c in list(statuses.items())[:200]
        ],
        source=[
            ValueChoice(value=v, count=c, target=maps.source.get(v)) for v, c in list(sources.items())[:200]
        ],
        stages=settings.stages,
        sources=settings.sources,
    )


def preview_import(
    *,
    actor: UserRead | None,
    path: Path,
    sheet: str | None,
    mapping: dict[str, str | None],
    status_map: dict[str, str | None] | None = None,
    source_map: dict[str, str | None] | None = None,
    on_duplicate: str = 'merge',
    limit: int = 50,
) -> ImportPreview:
    """The first rows as they will be stored, with errors, warnings and what happens to each; totals."""
    prepared = prepare(
        actor=actor, path=path, sheet=sheet, mapping=mapping, status_map=status_map, source_map=source_map
    )
    rows = prepared.rows
    accepted = rows.accepted.reset_index(drop=True)
    with db.session() as s:
        plan = plan_duplicates(accepted, load_existing(s), on_duplicate)
    action = np.full(len(rows.data), 'reject', dtype=object)
    action[rows.valid] = plan.action
    warnings: dict[int, list[str]] = {}
    for w in rows.warnings:
        warnings.setdefault(w['row'], []).append(w['message'])
    flag_reasons: dict[int, list[str]] = {}
    valid_positions = np.flatnonzero(rows.valid)
    for f in plan.flags:
        flag_reasons.setdefault(int(valid_positions[f.row]) + 1, []).append(f'possible duplicate: {f.reason}')
    names = dict(prepared.settings.stages)
    preview = []
    for pos in range(min(limit, len(rows.data))):
        record = rows.data.iloc[pos]
        values = {f: _shown(record[f]) for f in _PREVIEW_FIELDS}
        values['stage_key'] = names.get(values['stage_key'], values['stage_key'])
        preview.append(
            PreviewRow(
                row=pos + 1,
                line=int(record['line']),
                values=values,
                action=str(action[pos]),
                errors=rows.reasons.get(pos, []),
                warnings=warnings.get(pos + 1, []) + flag_reasons.get(pos + 1, []),
            )
        )
    return ImportPreview(
        rows=preview,
        total=len(rows.data),
        created=plan.count('create'),
        merged=plan.count('merge'),
        skipped=plan.count('skip'),
        flagged=plan.count('flag'),
        rejected=len(rows.reasons),
        warnings=len(rows.warnings),
    )


def _shown(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ''
    if isinstance(value, tuple):
        return ', '.join(value)
    if isinstance(value, pd.Timestamp):
        return '' if pd.isna(value) else value.strftime('%Y-%m-%d %H:%M')
    if value is pd.NaT:
        return ''
    return str(value)


def rejected_rows_csv(
    *, actor: UserRead | None, path: Path, sheet: str | None, rejected: list[dict]
) -> bytes:
    """The rejected records with their original columns plus `reason`, as a spreadsheet-safe CSV."""
    settings_for(actor)
    parsed = read_file(path, sheet=sheet)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*parsed.headers, 'reason'])
    for item in rejected:
        pos = int(item['row']) - 1
        cells = parsed.frame.iloc[pos].tolist()
        writer.writerow([safe_cell(c) for c in cells] + ['; '.join(item['reasons'])])
    return out.getvalue().encode('utf-8-sig')
