"""What the importer returns to its callers (pages and the command line): plain read models."""

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RejectedRow(_Frozen):
    row: int  # 1-based data record after the header, blank records skipped
    line: int  # physical line where the record starts (the Excel row for XLSX)
    reasons: list[str]


class RowWarning(_Frozen):
    row: int
    field: str
    message: str


class ImportReport(_Frozen):
    rows: int
    created: int
    merged: int
    skipped: int
    flagged: int
    rejected: list[RejectedRow]
    warnings: list[RowWarning]
    mapping: dict[str, str | None]
    batch_id: int | None
    dry_run: bool = False
    seconds: float = 0.0

    def as_json(self) -> dict:
        return self.model_dump(exclude={'dry_run', 'seconds'})


class ColumnInfo(_Frozen):
    header: str
    field: str | None  # the suggestion (or the remembered choice)
    samples: list[str]  # a few non-empty values


class FileOverview(_Frozen):
    filename: str
    rows: int
    kind: str
    encoding: str
    delimiter: str
    sheet: str
    sheets: list[str]
    columns: list[ColumnInfo]
    remembered: bool  # the mapping comes from an earlier file with the same headers


class ValueChoice(_Frozen):
    value: str
    count: int
    target: str | None  # stage key / source name; None: unknown (default with a warning)


class ValueOverview(_Frozen):
    status: list[ValueChoice]
    source: list[ValueChoice]
    stages: list[tuple[str, str]]  # (key, name) in board order
    sources: list[str]


class PreviewRow(_Frozen):
    row: int
    line: int
    values: dict[str, str]  # field → value as it will be stored
    action: str  # create, flag, merge, skip, reject
    errors: list[str]
    warnings: list[str]


class ImportPreview(_Frozen):
    rows: list[PreviewRow]
    total: int
    created: int
    merged: int
    skipped: int
    flagged: int
    rejected: int
    warnings: int


class KeptRecord(_Frozen):
    contact_id: int
    name: str
    reason: str


class UndoReport(_Frozen):
    batch_id: int
    removed_contacts: int
    removed_leads: int
    reverted: int
    kept: list[KeptRecord]
