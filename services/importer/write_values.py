"""The values an import writes, column-wise from the prepared rows: contacts, leads, activities, flags."""

import numpy as np
import pandas as pd

from services.importer import sqlbulk
from services.importer.context import WriteContext, Written
from services.importer.match import Plan
from services.importer.merge_write import CONTACT_COLUMNS

CONTACT_CONSTANTS = ('import_batch_id', 'created_at', 'updated_at', 'updated_by_id', 'version')
LEAD_COLUMNS = (
    'contact_id',
    'stage_id',
    'next_call_at',
    'source',
    'product_type',
    'lost_reason',
    'import_batch_id',
    'created_by_id',
    'created_at',
    'updated_at',
    'updated_by_id',
    'stage_changed_at',
    'converted_at',
    'version',
)
ACTIVITY_COLUMNS = ('kind', 'contact_id', 'actor_id', 'summary', 'body', 'data', 'created_at')
FLAG_COLUMNS = (
    'contact_id',
    'other_contact_id',
    'reason',
    'score',
    'status',
    'import_batch_id',
    'created_at',
)


def contact_constants(ctx: WriteContext) -> tuple:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    return (ctx.batch_id, stamp, stamp, ctx.actor_id, 1)


def contact_values(records: pd.DataFrame) -> list[list]:
    """One list per CONTACT_COLUMNS column (None for missing; an empty email_norm is None)."""
    values = []
    for column in CONTACT_COLUMNS:
        series = records[column]
        if series.dtype == object or series.hasnans:
            values.append(series.astype(object).where(series.notna(), None).tolist())
        else:
            values.append(series.tolist())
    at = CONTACT_COLUMNS.index('email_norm')
    values[at] = [e or None for e in values[at]]
    return values


def lead_values(
    ctx: WriteContext, records: pd.DataFrame, out: Written
) -> tuple[list, list, list, list, list]:
    """stage id, next call (as the column stores it), source, product type and converted_at per row."""
    stage = records['stage_key'].map({k: v[0] for k, v in ctx.stages.items()})
    won = records['stage_key'].map({k: v[1] == 'won' for k, v in ctx.stages.items()}).to_numpy(dtype=bool)
    out.stage_ids.update(int(i) for i in stage.unique())
    when = pd.to_datetime(records['next_call_at'])
    if sqlbulk.is_sqlite(ctx.conn):
        next_call = when.dt.strftime('%Y-%m-%d %H:%M:%S.%f')
    else:
        next_call = when.dt.tz_localize('UTC').map(lambda t: t.to_pydatetime())
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    return (
        stage.tolist(),
        next_call.astype(object).where(when.notna(), None).tolist(),
        records['source'].astype(object).tolist(),
        records['product_type'].astype(object).tolist(),
        [stamp if w else None for w in won.tolist()],
    )


def lead_constants(ctx: WriteContext) -> tuple:
    """lost_reason … stage_changed_at of LEAD_COLUMNS."""
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    return ('', ctx.batch_id, ctx.actor_id, stamp, stamp, ctx.actor_id, stamp)


def lead_tuples(
    ctx: WriteContext, contact_ids: list[int], records: pd.DataFrame, out: Written
) -> list[tuple]:
    """Full LEAD_COLUMNS rows for these contacts (the leads of records[i] belong to contact_ids[i])."""
    stage, next_call, source, product, converted = lead_values(ctx, records, out)
    constant = lead_constants(ctx)
    return [
        (cid, sid, nc, src, pt, *constant, conv, 1)
        for cid, sid, nc, src, pt, conv in zip(
            contact_ids, stage, next_call, source, product, converted, strict=True
        )
    ]


def activity_tuples(ctx: WriteContext, out: Written) -> list[tuple]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    data = sqlbulk.as_json({'batch_id': ctx.batch_id})
    # a created contact's origin is its import_batch_id (the timeline shows "Imported from …" from it);
    # only changes to records that existed before get their own activity row
    tuples = []
    for cid in out.merged_ids:
        filled = sorted(out.undo['merged'].get(str(cid), {}).get('before', {}))
        summary = f'Merged from {ctx.filename}' + (
            f': filled {", ".join(filled)}' if filled else ': nothing new'
        )
        tuples.append(('import', cid, ctx.actor_id, summary, '', data, stamp))
    return tuples


def flag_tuples(ctx: WriteContext, plan: Plan, id_at: np.ndarray) -> list[tuple]:
    stamp = sqlbulk.when(ctx.conn, ctx.now)
    tuples = []
    for f in plan.flags:
        mine = int(id_at[f.row]) if id_at[f.row] >= 0 else None
        other = f.contact_id
        if other is None and f.other_row is not None and id_at[f.other_row] >= 0:
            other = int(id_at[f.other_row])
        if mine is None or other is None or mine == other:
            continue
        low, high = sorted((mine, other))
        tuples.append((low, high, f.reason, round(f.score, 1), 'open', ctx.batch_id, stamp))
    return tuples
