"""Reading files: encodings, delimiters, preambles, quoting, ragged rows, XLSX and unusable files."""

from pathlib import Path

import pytest

from services.importer.detect import UnusableFile
from services.importer.parse import read_file

FIXTURES = Path(__file__).parent.parent / 'fixtures' / 'import'


def rows_of(parsed) -> list[list[str]]:
    return [list(r) for r in parsed.frame.itertuples(index=False)]


@pytest.mark.parametrize(
    ('name', 'encoding', 'delimiter', 'expected'),
    [
        ('utf8_bom.csv', 'utf-8-sig', ',', ['Zoë Ærø', 'zoe@ex.example']),
        ('utf16_tab.txt', 'utf-16', '\t', ['Łukasz Żółć', 'l@ex.example', '+48 22 123 45 67']),
        (
            'windows1252_semicolon.csv',
            'windows-1252',
            ';',
            ['José Müller', 'jose@ex.example', '0151 2345678', 'München'],
        ),
        ('pipe.txt', 'utf-8', '|', ['Ray Po', 'ray@po.example', 'Po | Partners']),
        ('tab.tsv', 'utf-8', '\t', ['Sue Ng', 'sue@ng.example', 'likes, commas; and semicolons']),
    ],
)
def test_encodings_and_delimiters_are_detected_without_mojibake(name, encoding, delimiter, expected):
    parsed = read_file(FIXTURES / name)
    assert parsed.encoding == encoding
    assert parsed.delimiter == delimiter
    assert rows_of(parsed)[0] == expected
    assert '\ufeff' not in parsed.headers[0]


def test_windows1252_dash_and_accents_survive():
    parsed = read_file(FIXTURES / 'windows1252_semicolon.csv')
    assert rows_of(parsed)[1] == [
        'Françoise Lefèvre',
        'f@ex.example',
        '+33 1 23 45 67 89',
        'Orléans – Centre',
    ]


def test_header_row_found_under_a_preamble_with_physical_lines():
    parsed = read_file(FIXTURES / 'linkedin_connections.csv')
    assert parsed.headers == [
        'First Name',
        'Last Name',
        'URL',
        'Email Address',
        'Company',
        'Position',
        'Connected On',
    ]
    assert [r[0] for r in rows_of(parsed)] == ['Mia', 'Noah']
    assert parsed.lines.tolist() == [5, 6]


def test_quoted_commas_doubled_quotes_and_embedded_newlines():
    parsed = read_file(FIXTURES / 'quoted.csv')
    rows = rows_of(parsed)
    assert rows[0] == ['Smith, John', 'john@smith.example', 'He said "call me" on Monday']
    assert rows[1][2] == 'line one\nline two\nline three'
    assert rows[2][0] == 'Uma Vo'
    # the record after the three-line note starts on line 6
    assert parsed.lines.tolist() == [2, 3, 6]


def test_ragged_rows_blank_lines_and_shifted_rows():
    parsed = read_file(FIXTURES / 'ragged.csv')
    rows = rows_of(parsed)
    assert rows[0] == ['Vic Ray', 'vic@ray.example', '', '']  # missing trailing cells are empty
    assert rows[1] == ['Wes Hu', 'wes@hu.example', '555-201-0000', 'Hu Co']
    assert parsed.shifted.tolist() == [False, True, False, False]  # extra non-empty cells
    assert rows[2] == ['Xia Yu', 'xia@yu.example', '', 'Yu Ltd']  # trailing empty extras are fine
    assert parsed.lines.tolist() == [2, 5, 6, 8]  # blank and whitespace-only lines are ignored


def test_strings_like_na_and_null_stay_text(tmp_path):
    path = tmp_path / 'na.csv'
    path.write_text('Name,Email,Company\nNA,na@ex.example,null\nNone,none@ex.example,N/A\n')
    assert rows_of(read_file(path)) == [['NA', 'na@ex.example', 'null'], ['None', 'none@ex.example', 'N/A']]


def test_xlsx_sheet_choice_title_rows_and_real_dates():
    parsed = read_file(FIXTURES / 'leads.xlsx', sheet='Leads')
    assert parsed.sheets == ['Summary', 'Leads']
    assert parsed.headers == ['Full Name', 'Email', 'Phone', 'Company', 'Next Call', 'Status']
    rows = rows_of(parsed)
    assert rows[0] == [
        'Zed Alpha',
        'zed@alpha.example',
        '4155550100',
        'Alpha Inc',
        '2024-07-15 09:30:00',
        'Qualified',
    ]
    assert rows[1][4] == '2024-07-16'
    assert parsed.lines.tolist() == [5, 6, 8]  # Excel rows, the empty row skipped


def test_xlsx_unknown_sheet_is_refused():
    with pytest.raises(UnusableFile, match='no sheet named "Nope"'):
        read_file(FIXTURES / 'leads.xlsx', sheet='Nope')


@pytest.mark.parametrize(
    ('name', 'message'),
    [
        ('empty.csv', 'empty'),
        ('blank_lines.csv', 'empty'),
        ('header_only.csv', 'no data rows'),
        ('binary.csv', 'not text'),
        ('image.csv', 'PNG image'),
    ],
)
def test_unusable_files_get_a_clear_message(name, message):
    with pytest.raises(UnusableFile, match=message):
        read_file(FIXTURES / name)


def test_xlsx_without_a_sheet_name_reads_the_first_sheet_with_data():
    parsed = read_file(FIXTURES / 'leads.xlsx')
    assert parsed.sheet == 'Leads' and parsed.rows == 3
