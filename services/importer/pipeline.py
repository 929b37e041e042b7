"""The steps shared by every entry point: settings, mapping, value maps and the prepared rows."""

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from models import ImportMapping, Stage, UserRead
from services import access, app_settings, db
from services.errors import Invalid
from services.importer.mapping import check_mapping, header_signature, suggest_mapping
from services.importer.parse import ParsedFile, read_file
from services.importer.rows import PreparedRows, ValueMaps, prepare_rows
from services.importer.values import suggest_source_map, suggest_status_map


@dataclass(frozen=True)
class ImportSettings:
    phone_region: str
    sources: list[str]
    stages: list[tuple[str, str]]  # (key, name) in board order
    stage_rows: dict[str, tuple[int, str]]  # key → (id, kind)


def load_settings(s: Session, actor: UserRead | None) -> ImportSettings:
    """The actor must be allowed to create leads (None: the command line, the operator's own authority)."""
    if actor is not None:
        access.require(s, actor, 'create_leads')
    stages = list(s.exec(select(Stage).order_by(col(Stage.position), col(Stage.id))))
    return ImportSettings(
        phone_region=app_settings.read(s, 'phone_region') or 'US',
        sources=list(app_settings.read(s, 'lead_sources')),
        stages=[(st.key, st.name) for st in stages],
        stage_rows={st.key: (st.id, str(st.kind)) for st in stages},
    )


def settings_for(actor: UserRead | None) -> ImportSettings:
    with db.session() as s:
        return load_settings(s, actor)


def remembered_mapping(headers: list[str]) -> dict[str, str | None] | None:
    with db.session() as s:
        row = s.get(ImportMapping, header_signature(headers))
        return dict(row.mapping) if row is not None else None


def mapping_for(parsed: ParsedFile, mapping: dict[str, str | None] | None) -> dict[str, str | None]:
    """The given mapping (headers it leaves out are ignored), else the remembered one, else suggestions."""
    if mapping is None:
        return suggest_mapping(parsed.headers, remembered_mapping(parsed.headers))
    full = {h: mapping.get(h) for h in parsed.headers}
    problems = check_mapping(mapping, parsed.headers)
    if problems:
        raise Invalid(' '.join(problems))
    return full


def distinct_values(parsed: ParsedFile, mapping: dict[str, str | None], target: str) -> dict[str, int]:
    """Distinct trimmed values of the first column mapped to `target`, with their counts, most common first."""
    for i, header in enumerate(parsed.headers):
        if mapping.get(header) == target:
            counts = parsed.frame[i].str.strip().value_counts()
            return {str(k): int(v) for k, v in counts.items() if k}
    return {}


def value_maps(
    parsed: ParsedFile,
    mapping: dict[str, str | None],
    settings: ImportSettings,
    status_map: dict[str, str | None] | None = None,
    source_map: dict[str, str | None] | None = None,
) -> ValueMaps:
    """Suggestions for every distinct value, overridden by the caller's choices."""
    statuses = list(distinct_values(parsed, mapping, 'status'))
    sources = list(distinct_values(parsed, mapping, 'source'))
    status = suggest_status_map(statuses, settings.stages) | (status_map or {})
    source = suggest_source_map(sources, settings.sources) | (source_map or {})
    valid_keys = {key for key, _ in settings.stages}
    status = {k: (v if v in valid_keys else None) for k, v in status.items()}
    source = {k: (v if v in settings.sources else None) for k, v in source.items()}
    names = dict(settings.stages)
    other = 'Other' if 'Other' in settings.sources else (settings.sources[-1] if settings.sources else '')
    return ValueMaps(
        status=status,
        source=source,
        default_stage='NOT_CONTACTED',
        default_stage_name=names.get('NOT_CONTACTED', 'New'),
        other_source=other,
    )


@dataclass
class Prepared:
    parsed: ParsedFile
    mapping: dict[str, str | None]
    maps: ValueMaps
    rows: PreparedRows
    settings: ImportSettings


def prepare(
    *,
    actor: UserRead | None,
    path: Path,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
    status_map: dict[str, str | None] | None = None,
    source_map: dict[str, str | None] | None = None,
) -> Prepared:
    settings = settings_for(actor)
    parsed = read_file(path, sheet=sheet)
    chosen = mapping_for(parsed, mapping)
    problems = check_mapping({h: f for h, f in chosen.items() if f}, parsed.headers)
    if problems:
        raise Invalid(' '.join(problems))
    maps = value_maps(parsed, chosen, settings, status_map, source_map)
    rows = prepare_rows(parsed, chosen, maps, phone_region=settings.phone_region)
    parsed.frame = None  # the raw cells are read again from the file when rejected rows are downloaded
    return Prepared(parsed=parsed, mapping=chosen, maps=maps, rows=rows, settings=settings)
