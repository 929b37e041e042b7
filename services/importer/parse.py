"""Read a CSV/TSV/TXT or XLSX file into a frame of text cells with the physical line of every record."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from services.importer.detect import UnusableFile, decode, header_row_of_grid, is_xlsx, sniff_layout


@dataclass
class ParsedFile:
    headers: list[str]  # unique, display-ready column names in file order
    frame: pd.DataFrame  # one str column per header (named by position 0..n-1), '' where empty
    lines: np.ndarray  # physical line (Excel row for XLSX) where each record starts
    shifted: np.ndarray  # True where a record has non-empty cells beyond the header's width
    kind: str  # 'text' or 'xlsx'
    encoding: str = ''
    delimiter: str = ''
    sheet: str = ''
    sheets: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.lines)  # still known once the frame is let go


def read_file(path: Path, *, sheet: str | None = None) -> ParsedFile:
    """Parse `path`; raises UnusableFile (nothing is imported) for empty, header-only or non-text files."""
    data = Path(path).read_bytes()
    parsed = parse_xlsx(data, sheet=sheet) if is_xlsx(data) else parse_text(data)
    if parsed.rows == 0:
        raise UnusableFile('The file has a header row but no data rows: there is nothing to import.')
    return parsed


def unique_headers(cells: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells):
        name = str(cell).replace('\ufeff', '').strip() or f'Column {i + 1}'
        if name in seen:
            seen[name] += 1
            name = f'{name} ({seen[name]})'
        else:
            seen[name] = 1
        out.append(name)
    return out


def parse_text(data: bytes) -> ParsedFile:
    text, encoding = decode(data)
    layout = sniff_layout(text, encoding)
    if encoding in ('utf-8', 'utf-8-sig'):
        raw, start = data, 3 if encoding == 'utf-8-sig' else 0  # parsed in place: no copy of a big file
    else:
        raw, start = text.encode('utf-8'), 0
    del text
    offset = _offset_of_line(raw, layout.header_line, start)
    width = len(layout.header)
    starts = _record_starts(raw, offset)
    if len(starts) <= 1:
        raise UnusableFile('The file has a header row but no data rows: there is nothing to import.')
    frame = _read_uniform(raw, offset + int(starts[1]), layout.delimiter, width)
    if frame is not None:
        # every row as wide as the header (the common case): only the empty lines need leaving out
        lines = _line_numbers(raw, offset, _non_empty(raw, offset, starts[1:]))
        record_lines = lines + layout.header_line - 1
        columns = width
    else:
        body = bytes(raw[offset:])
        data_bytes = body[int(starts[1]) :]
        starts, widths, blank = _scan_records(body, layout.delimiter)
        keep = ~blank[1:]
        record_lines = _line_numbers(body, 0, starts[1:][keep]) + layout.header_line - 1
        columns = max(width, int(widths[1:][keep].max(initial=width)))
        frame = _read_frame(data_bytes, layout.delimiter, columns, fast=False)
    if len(frame) != len(record_lines):
        # quotes this scanner reads differently from the parser (a stray quote mid-field): count slowly
        data_bytes = bytes(raw[offset + int(starts[1]) :]) if frame is not None else data_bytes
        record_lines = _csv_module_lines(data_bytes, layout.delimiter) + layout.header_line
        record_lines = record_lines[: len(frame)]
    shifted = np.zeros(len(frame), dtype=bool)
    for extra in range(width, columns):
        shifted |= frame[extra].str.strip().ne('').to_numpy()
    frame = frame[list(range(width))]
    not_blank = np.zeros(len(frame), dtype=bool)
    for c in range(width):
        not_blank |= frame[c].str.strip().ne('').to_numpy()
    not_blank |= shifted
    if not not_blank.all():
        frame = frame[not_blank].reset_index(drop=True)
        record_lines, shifted = record_lines[not_blank], shifted[not_blank]
    return ParsedFile(
        headers=unique_headers(layout.header),
        frame=frame,
        lines=record_lines.astype(np.int64),
        shifted=shifted,
        kind='text',
        encoding=encoding,
        delimiter=layout.delimiter,
    )


def _read_frame(data: bytes, delimiter: str, columns: int, *, fast: bool) -> pd.DataFrame:
    if not data.strip():
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in range(columns)})
    options = dict(sep=delimiter, header=None, names=list(range(columns)), dtype=str, keep_default_na=False)
    if fast:
        try:
            frame = pd.read_csv(io.BytesIO(data), engine='pyarrow', **options)
            return frame.fillna('')
        except Exception:  # pyarrow refuses some layouts the C parser reads; correctness first
            pass
    frame = pd.read_csv(io.BytesIO(data), engine='c', na_filter=False, skip_blank_lines=True, **options)
    return frame.fillna('').astype(str)


def _read_uniform(raw: bytes, offset: int, delimiter: str, columns: int) -> pd.DataFrame | None:
    """pyarrow's parser (several times faster), straight from the file's bytes, when every row has the
    header's width; None otherwise (ragged rows, whitespace-only lines)."""
    names = [str(i) for i in range(columns)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw)[offset:]),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype('pyarrow', na_value=np.nan)}.get)
    frame.columns = range(columns)
    return frame


def _positions(raw: bytes, offset: int, byte: int, piece: int = 1 << 24) -> np.ndarray:
    """Offsets (from `offset`) of every `byte`, scanned piece by piece to keep the temporaries small."""
    arr = np.frombuffer(raw, dtype=np.uint8, offset=offset)
    found = [np.flatnonzero(arr[i : i + piece] == byte) + i for i in range(0, len(arr), piece)]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _record_starts(raw: bytes, offset: int) -> np.ndarray:
    """Offsets (from `offset`) where records start: after each newline outside quotes (quote parity)."""
    newlines = _positions(raw, offset, ord('\n'))
    if b'"' in raw:
        quotes = _positions(raw, offset, ord('"'))
        newlines = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    starts = np.concatenate(([0], newlines + 1))
    return starts[starts < len(raw) - offset]


def _non_empty(raw: bytes, offset: int, starts: np.ndarray) -> np.ndarray:
    """The record starts whose record holds more than its line ending."""
    ends = np.append(starts[1:], len(raw) - offset)
    short = np.flatnonzero(ends - starts <= 2)
    empty = np.zeros(len(starts), dtype=bool)
    for i in short:
        empty[i] = not raw[offset + starts[i] : offset + ends[i]].strip(b'\r\n')
    return starts[~empty]


def _offset_of_line(raw: bytes, line: int, start: int = 0) -> int:
    offset = start
    for _ in range(line - 1):
        offset = raw.index(b'\n', offset) + 1
    return offset


def _scan_records(body: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Byte offset where each record starts, its field count and whether it is blank.

    Quote parity decides whether a newline or delimiter sits inside a quoted field (RFC 4180 doubles quotes,
    so parity holds); all of it is vectorized because files reach a million rows.
    """
    arr = np.frombuffer(body, dtype=np.uint8)
    quotes = np.flatnonzero(arr == ord('"'))
    newlines = np.flatnonzero(arr == ord('\n'))
    outside = np.searchsorted(quotes, newlines) % 2 == 0
    ends = newlines[outside]
    starts = np.concatenate(([0], ends + 1))
    if starts[-1] >= len(arr):
        starts = starts[:-1]
    delims = np.flatnonzero(arr == ord(delimiter))
    delims = delims[np.searchsorted(quotes, delims) % 2 == 0]
    owner = np.searchsorted(starts, delims, side='right') - 1
    widths = np.bincount(owner, minlength=len(starts)) + 1
    content = np.flatnonzero(~np.isin(arr, np.frombuffer(b' \t\r\n', dtype=np.uint8)))
    has_content = np.bincount(np.searchsorted(starts, content, side='right') - 1, minlength=len(starts)) > 0
    return starts, widths, ~has_content


def _line_numbers(raw: bytes, offset: int, starts: np.ndarray) -> np.ndarray:
    return np.searchsorted(_positions(raw, offset, ord('\n')), starts) + 1


def _csv_module_lines(data: bytes, delimiter: str) -> np.ndarray:
    reader = csv.reader(io.StringIO(data.decode('utf-8')), delimiter=delimiter)
    lines, line = [], 1
    for cells in reader:
        if any(c.strip() for c in cells):
            lines.append(line)
        line = reader.line_num + 1
    return np.array(lines, dtype=np.int64)


def _cell_text(value: object) -> str:
    if value is None:
        return ''
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=' ')
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def parse_xlsx(data: bytes, *, sheet: str | None = None) -> ParsedFile:
    """The chosen sheet, or the first sheet that holds data rows (a cover sheet is passed over)."""
    from openpyxl import load_workbook  # imported late: only XLSX uploads pay for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:
        raise UnusableFile(
            'This XLSX file could not be opened: it may be damaged or password-protected.'
        ) from e
    try:
        names = list(book.sheetnames)
        if sheet and sheet not in names:
            raise UnusableFile(f'The workbook has no sheet named "{sheet}" (it has: {", ".join(names)}).')
        first_error: UnusableFile | None = None
        for name in [sheet] if sheet else names:
            try:
                return _sheet(book[name], names)
            except UnusableFile as e:
                first_error = first_error or e
        raise first_error or UnusableFile('The workbook has no sheets.')
    finally:
        book.close()


def _sheet(ws, names: list[str]) -> ParsedFile:
    grid: list[list[str]] = []
    excel_rows: list[int] = []
    for row in ws.iter_rows():
        cells = [c for c in row if getattr(c, 'row', None)]
        number = cells[0].row if cells else (excel_rows[-1] + 1 if excel_rows else 1)
        grid.append([_cell_text(c.value) for c in row])
        excel_rows.append(number)
    if not any(any(c.strip() for c in r) for r in grid):
        raise UnusableFile(f'The sheet "{ws.title}" is empty: there is nothing to import.')
    head = header_row_of_grid(grid[:60])
    header = grid[head]
    while header and not header[-1].strip():
        header = header[:-1]
    width = len(header)
    body = grid[head + 1 :]
    lines = np.array(excel_rows[head + 1 :], dtype=np.int64)
    shifted = np.array([any(c.strip() for c in r[width:]) for r in body], dtype=bool)
    rows = [(r + [''] * width)[:width] for r in body]
    frame = (
        pd.DataFrame(rows, columns=list(range(width)), dtype=str)
        if rows
        else pd.DataFrame({c: pd.Series([], dtype=str) for c in range(width)})
    )
    keep = np.array([any(c.strip() for c in r) for r in rows], dtype=bool) | shifted if rows else shifted
    frame = frame[keep].reset_index(drop=True)
    if frame.empty:
        raise UnusableFile(f'The sheet "{ws.title}" has a header row but no data rows.')
    return ParsedFile(
        headers=unique_headers(header),
        frame=frame,
        lines=lines[keep],
        shifted=shifted[keep],
        kind='xlsx',
        sheet=ws.title,
        sheets=names,
    )
