"""`python main.py import` / `export`: the JSON report, exit codes, and the formula-safe export."""

import csv
import json
from pathlib import Path

import pytest

from services.export import safe_cell
from ui import cli

FIXTURES = Path(__file__).parent.parent / 'fixtures' / 'import'


def run(argv: list[str]) -> int:
    settings, args = cli.parse(argv)
    return cli.run_command(settings, args)


def test_import_json_report(capsys):
    assert run(['import', str(FIXTURES / 'rejections.csv'), '--json']) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {
        'rows',
        'created',
        'merged',
        'skipped',
        'flagged',
        'rejected',
        'warnings',
        'mapping',
        'batch_id',
    }
    assert report['rows'] == 6 and report['created'] == 1
    assert report['rejected'][0] == {'row': 1, 'line': 2, 'reasons': ['missing_name']}
    assert report['mapping'] == {'Name': 'name', 'Email': 'email', 'Phone': 'phone'}
    assert isinstance(report['batch_id'], int)


def test_import_policy_mapping_file_and_dry_run(tmp_path, capsys):
    source = tmp_path / 'in.csv'
    source.write_text('Who,Mail,Stat\nAna,ana@ex.example,zzz\n')
    mapping = tmp_path / 'mapping.json'
    mapping.write_text(
        json.dumps(
            {'mapping': {'Who': 'name', 'Mail': 'email', 'Stat': 'status'}, 'status': {'zzz': 'QUALIFIED'}}
        )
    )
    assert run(['import', str(source), '--mapping', str(mapping), '--dry-run', '--json']) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry['created'] == 1 and dry['batch_id'] is None and dry['warnings'] == []
    assert run(['import', str(source), '--mapping', str(mapping), '--json']) == 0
    capsys.readouterr()
    assert run(['import', str(source), '--mapping', str(mapping), '--on-duplicate', 'skip', '--json']) == 0
    assert json.loads(capsys.readouterr().out)['skipped'] == 1


@pytest.mark.parametrize('name', ['empty.csv', 'header_only.csv', 'binary.csv', 'image.csv'])
def test_an_unusable_file_exits_2_with_a_reason(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(['import', str(FIXTURES / name), '--json'])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith('error: ') and err.count('\n') == 1


def test_export_writes_every_lead_formula_safe(tmp_path, capsys):
    assert run(['import', str(FIXTURES / 'payloads.csv')]) == 0
    assert run(['import', str(FIXTURES / 'zoho_leads.csv')]) == 0
    target = tmp_path / 'out.csv'
    assert run(['export', str(target)]) == 0
    with target.open(encoding='utf-8', newline='') as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        'lead_id',
        'contact_id',
        'name',
        'first_name',
        'last_name',
        'email',
        'phone',
        'phone_e164',
        'company',
        'job_title',
        'city',
        'state',
        'country',
        'region',
        'source',
        'stage',
        'status',
        'owner',
        'tags',
        'next_call_at',
        'product_type',
        'notes',
        'created_at',
    ]
    by_email = {r['email']: r for r in rows}
    xss = by_email['xss@ex.example']
    assert xss['name'] == '<script>alert(1)</script>'
    assert xss['company'] == '\'=HYPERLINK("http://evil","x")' and xss['notes'] == "'@SUM(A1)"
    bold = by_email['bold@ex.example']
    assert bold['company'] == "'+cmd|' /C calc'!A0" and bold['notes'] == "'-2+3"
    omar = by_email['omar@zoho.example']
    assert omar['phone'] == '+1 (416) 555-0123' and omar['phone_e164'] == '+14165550123'
    assert (omar['stage'], omar['status'], omar['tags']) == ('Contacted', 'CONTACTED', 'Key; Q3')
    assert omar['created_at'].endswith('+00:00')
    assert by_email['pia@zoho.example']['status'] == 'LOST'


@pytest.mark.parametrize(
    ('value', 'expected'),
    [
        ('+1 555 0100', '+1 555 0100'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ('-42', '-42'),
        ('-2+3', "'-2+3"),
        ('=1+1', "'=1+1"),
        ('@SUM(A1)', "'@SUM(A1)"),
        ('\tx', "'\tx"),
        ('\rx', "'\rx"),
        ('plain', 'plain'),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
