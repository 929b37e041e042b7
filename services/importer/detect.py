"""What kind of file this is, its encoding, its delimiter and where its header row starts."""

import codecs
import csv
import io
from dataclasses import dataclass

from services.errors import Invalid

DELIMITERS = (',', ';', '\t', '|')
_SAMPLE_ROWS = 60
_MAGIC = {
    b'\x89PNG': 'a PNG image',
    b'\xff\xd8\xff': 'a JPEG image',
    b'GIF8': 'a GIF image',
    b'%PDF': 'a PDF document',
    b'\x1f\x8b': 'a gzip archive',
    b'Rar!': 'a RAR archive',
    b'\xd0\xcf\x11\xe0': 'an old Excel/Office file (save it as .xlsx or .csv)',
    b'BM': None,  # too short a signature to trust on its own; the NUL check decides
}


class UnusableFile(Invalid):
    """The file itself can't be imported (empty, header only, not text): nothing is imported."""


@dataclass(frozen=True)
class TextLayout:
    encoding: str
    delimiter: str
    header_line: int  # 1-based physical line of the header row
    header: list[str]


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b'PK\x03\x04' and (b'xl/' in data[:65536] or b'[Content_Types].xml' in data[:4096])


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of its encoding, or UnusableFile when it isn't text.

    For UTF-8 (the common case, and the only one at a million rows) only the beginning is returned: the
    whole file is checked piece by piece and then parsed from its bytes, never held as one string.
    """
    if not data.strip(b' \t\r\n\x00'):
        raise UnusableFile('The file is empty: there is nothing to import.')
    for magic, what in _MAGIC.items():
        if what and data.startswith(magic):
            raise UnusableFile(
                f'This file is {what}, not a spreadsheet: upload a CSV, TSV, TXT or XLSX file.'
            )
    if data.startswith(b'PK\x03\x04'):
        raise UnusableFile(
            'This file is a ZIP archive, not a spreadsheet: upload a CSV, TSV, TXT or XLSX file.'
        )
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_head(data, 3), 'utf-8-sig'
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, 'utf-16'), 'utf-16'
    head = data[:4096]
    # UTF-16 without a BOM: every other byte of ASCII text is NUL
    if len(head) >= 4 and head.count(b'\x00') * 3 > len(head):
        odd_nuls, even_nuls = head[1::2].count(b'\x00'), head[0::2].count(b'\x00')
        if odd_nuls > len(head) // 3 and even_nuls == 0:
            return _strict(data, 'utf-16-le'), 'utf-16-le'
        if even_nuls > len(head) // 3 and odd_nuls == 0:
            return _strict(data, 'utf-16-be'), 'utf-16-be'
    if b'\x00' in data:
        raise UnusableFile(
            'This file is not text (it holds binary data): upload a CSV, TSV, TXT or XLSX file.'
        )
    try:
        text, encoding = _utf8_head(data, 0), 'utf-8'
    except UnusableFile:
        # Windows-1252 leaves five bytes undefined; latin-1 keeps them rather than failing
        try:
            text, encoding = data.decode('cp1252'), 'windows-1252'
        except UnicodeDecodeError:
            text, encoding = data.decode('latin-1'), 'latin-1'
    if _control_share(text[:20000]) > 0.05:
        raise UnusableFile(
            'This file is not text (it holds binary data): upload a CSV, TSV, TXT or XLSX file.'
        )
    return text, encoding


def _utf8_head(data: bytes, start: int, piece: int = 1 << 22) -> str:
    decoder = codecs.getincrementaldecoder('utf-8')()
    view = memoryview(data)
    head = ''
    try:
        for i in range(start, len(data), piece):
            text = decoder.decode(view[i : i + piece], final=i + piece >= len(data))
            if i == start:
                head = text
    except UnicodeDecodeError as e:
        raise UnusableFile('The file is not valid UTF-8.') from e
    return head


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise UnusableFile(f'The file claims to be {encoding} but is not readable as such.') from e


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in '\t\r\n')
    return controls / len(text)


def sample_rows(text: str, delimiter: str, limit: int = _SAMPLE_ROWS) -> list[tuple[int, list[str]]]:
    """The first rows of `text` as (1-based physical start line, cells), blank lines left out."""
    reader = csv.reader(io.StringIO(text[:200_000]), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start = line
            line = reader.line_num + 1
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def sniff_layout(text: str, encoding: str) -> TextLayout:
    """Pick the delimiter giving the most rows of one consistent width, then the header row above them."""
    best: tuple[tuple[int, int], str, list[tuple[int, list[str]]], int] | None = None
    for delimiter in DELIMITERS:
        rows = sample_rows(text, delimiter)
        widths = [len(cells) for _, cells in rows if len(cells) > 1]
        if not widths:
            continue
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(mode), mode)
        if best is None or score > best[0]:
            best = (score, delimiter, rows, mode)
    if best is None:
        rows = sample_rows(text, ',')
        if not rows:
            raise UnusableFile('The file is empty: there is nothing to import.')
        delimiter, mode = ',', 1
    else:
        _, delimiter, rows, mode = best
    header_line, header = _header_row(rows, mode)
    return TextLayout(encoding=encoding, delimiter=delimiter, header_line=header_line, header=header)


def _header_row(rows: list[tuple[int, list[str]]], width: int) -> tuple[int, list[str]]:
    """The first row at least half as wide as the table, with mostly filled, non-numeric cells; preamble
    lines ('Notes:', an export banner) sit above it."""
    for line, cells in rows:
        filled = [c.strip() for c in cells if c.strip()]
        if width > 1 and (len(cells) * 2 < width or len(filled) < 2):
            continue
        if len(filled) * 2 >= len(cells) and sum(_looks_numeric(c) for c in filled) <= len(filled) // 3:
            return line, cells
    return rows[0]


def _looks_numeric(cell: str) -> bool:
    stripped = cell.replace(' ', '').replace('-', '').replace('+', '').replace('(', '').replace(')', '')
    return stripped.replace('.', '').replace(',', '').isdigit()


def header_row_of_grid(grid: list[list[str]]) -> int:
    """Index of the header row in the first rows of a sheet (title rows above it are skipped)."""
    indexed = [(i, row) for i, row in enumerate(grid) if any(c.strip() for c in row)]
    if not indexed:
        raise UnusableFile('The sheet is empty: there is nothing to import.')
    widths = [sum(1 for c in row if c.strip()) for _, row in indexed]
    width = max(widths)
    for i, row in indexed:
        filled = [c.strip() for c in row if c.strip()]
        if (
            len(filled) >= max(1, (width + 1) // 2)
            and sum(_looks_numeric(c) for c in filled) <= len(filled) // 3
        ):
            return i
    return indexed[0][0]
