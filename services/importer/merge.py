"""Merging a file row into a record: the record keeps its values, fills empty fields, gains tags, and
appends notes. Used for rows merging into an existing contact and for twins inside one file."""

import json
from typing import Any

FILLABLE = (
    'first_name',
    'last_name',
    'email',
    'phone',
    'company',
    'job_title',
    'city',
    'state',
    'country',
    'region',
    'source',
)
# the normalized forms travel with their raw field
_COMPANION = {'email': 'email_norm', 'phone': 'phone_e164'}


def merge_into(record: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """Fold `row` into `record` in place; returns {field: prior value} for every field it changed."""
    prior: dict[str, Any] = {}

    def put(field: str, value: Any) -> None:
        if field not in prior:
            prior[field] = record.get(field)
        record[field] = value

    for field in FILLABLE:
        incoming = row.get(field) or ''
        if incoming and not (record.get(field) or ''):
            put(field, incoming)
            if field in _COMPANION:
                put(_COMPANION[field], row.get(_COMPANION[field]))
    # a second address or number the record does not hold yet is kept, not dropped
    _keep_secondary(record, row, 'email', 'secondary_emails', put, key=str.lower)
    _keep_secondary(record, row, 'phone', 'secondary_phones', put, key=_digits)
    incoming_notes = (row.get('notes') or '').strip()
    notes = record.get('notes') or ''
    if incoming_notes and incoming_notes not in notes:
        put('notes', f'{notes}\n\n{incoming_notes}' if notes else incoming_notes)
    return prior


def _digits(value: str) -> str:
    return ''.join(ch for ch in value if ch.isdigit())


def _keep_secondary(record, row, field, list_field, put, *, key) -> None:
    current = _as_list(record.get(list_field))
    known = {key(v) for v in current} | ({key(record[field])} if record.get(field) else set())
    additions = []
    for value in [row.get(field) or '', *_as_list(row.get(list_field))]:
        if value and key(value) not in known:
            known.add(key(value))
            additions.append(value)
    if additions:
        put(list_field, json.dumps(current + additions, ensure_ascii=False))


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value)
