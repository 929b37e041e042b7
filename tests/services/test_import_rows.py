"""Row rules, value rules and text handling, end to end through the service (the CLI's --json shape)."""

from pathlib import Path

from sqlmodel import select

from models import Contact, ContactTag, Lead, Stage, Tag
from services import db, importer

FIXTURES = Path(__file__).parent.parent / 'fixtures' / 'import'


def _contacts() -> dict[str, Contact]:
    with db.session() as s:
        return {c.name: c for c in s.exec(select(Contact))}


def test_every_rejection_reason_with_row_and_line(admin):
    report = importer.run_import(actor=admin, path=FIXTURES / 'rejections.csv', filename='rejections.csv')
    assert [(r.row, r.line, r.reasons) for r in report.rejected] == [
        (1, 2, ['missing_name']),
        (2, 3, ['missing_contact_method']),
        (3, 4, ['invalid_email']),
        (4, 5, ['invalid_phone']),
        (5, 6, ['invalid_phone']),
    ]
    assert report.created == 1 and report.rows == 6
    assert list(_contacts()) == ['Good One']


def test_shifted_rows_are_rejected_and_short_rows_are_padded(admin):
    report = importer.run_import(actor=admin, path=FIXTURES / 'ragged.csv', filename='ragged.csv')
    assert [(r.row, r.line, r.reasons) for r in report.rejected] == [(2, 5, ['column_count_mismatch'])]
    contacts = _contacts()
    assert set(contacts) == {'Vic Ray', 'Xia Yu', 'Yan Oh'}
    assert contacts['Vic Ray'].phone == '' and contacts['Vic Ray'].company == ''


def test_status_source_and_date_values_with_warnings(admin):
    report = importer.run_import(actor=admin, path=FIXTURES / 'statuses.csv', filename='statuses.csv')
    assert report.created == 4
    assert [(w.row, w.field) for w in report.warnings] == [
        (3, 'next_call_at'),
        (4, 'status'),
        (4, 'source'),
    ]
    assert report.warnings[1].message == 'Unknown status "Pending approval by legal": imported as New.'
    with db.session() as s:
        rows = s.exec(
            select(Contact.name, Stage.key, Lead.source, Lead.next_call_at)
            .join(Lead, Lead.contact_id == Contact.id)
            .join(Stage, Stage.id == Lead.stage_id)
        ).all()
    by_name = {name: (key, source, when) for name, key, source, when in rows}
    assert by_name['A One'][:2] == ('NOT_CONTACTED', 'Website')
    assert by_name['A One'][2].strftime('%Y-%m-%d %H:%M') == '2024-05-01 00:00'
    assert by_name['B Two'][:2] == ('CONVERTED', 'LinkedIn')
    assert by_name['B Two'][2].strftime('%Y-%m-%d %H:%M') == '2024-05-13 14:30'
    assert by_name['C Three'] == ('LOST', 'Event', None)
    assert by_name['D Four'] == ('NOT_CONTACTED', 'Other', None)


def test_vendor_vocabularies_map_to_stages(admin):
    report = importer.run_import(actor=admin, path=FIXTURES / 'salesforce.csv', filename='salesforce.csv')
    assert report.created == 4 and not report.warnings
    with db.session() as s:
        rows = s.exec(
            select(Contact.first_name, Stage.key)
            .join(Lead, Lead.contact_id == Contact.id)
            .join(Stage, Stage.id == Lead.stage_id)
        ).all()
    assert dict(rows) == {'Hana': 'NOT_CONTACTED', 'Ivan': 'CONTACTED', 'Jill': 'CONVERTED', 'Kurt': 'LOST'}


def test_google_multi_values_secondary_fields_and_system_labels(admin):
    importer.run_import(actor=admin, path=FIXTURES / 'google_contacts.csv', filename='google.csv')
    ana = _contacts()['Ana López']
    assert ana.email == 'ana.lopez@example.com'
    assert ana.secondary_emails == ['ana@home.example']
    assert ana.phone == '+1 415-555-0132' and ana.phone_e164 == '+14155550132'
    assert ana.secondary_phones == ['+1 415-555-0199']
    with db.session() as s:
        tags = s.exec(
            select(Tag.name)
            .join(ContactTag, ContactTag.tag_id == Tag.id)
            .where(ContactTag.contact_id == ana.id)
        ).all()
    assert sorted(tags) == ['Customers', 'VIP']  # '* myContacts' is Google's, not the user's


def test_html_and_formulas_are_stored_verbatim(admin):
    importer.run_import(actor=admin, path=FIXTURES / 'payloads.csv', filename='payloads.csv')
    contacts = _contacts()
    script = contacts['<script>alert(1)</script>']
    assert script.company == '=HYPERLINK("http://evil","x")' and script.notes == '@SUM(A1)'
    bold = contacts['<b>Bold</b> Name']
    assert bold.company == "+cmd|' /C calc'!A0" and bold.notes == '-2+3'


def test_first_middle_last_combine_into_the_name(admin):
    importer.run_import(
        actor=admin,
        path=FIXTURES / 'google_contacts.csv',
        filename='g.csv',
        mapping={
            'Given Name': 'first_name',
            'Additional Name': 'middle_name',
            'Family Name': 'last_name',
            'E-mail 1 - Value': 'email',
        },
    )
    assert set(_contacts()) == {'Ana López', 'Bob J Stone'}


def test_xlsx_import_with_dates_and_excel_rows(admin):
    report = importer.run_import(
        actor=admin, path=FIXTURES / 'leads.xlsx', filename='leads.xlsx', sheet='Leads'
    )
    assert report.created == 2
    assert [(r.row, r.line, r.reasons) for r in report.rejected] == [(3, 8, ['invalid_email'])]
    with db.session() as s:
        when = s.exec(
            select(Lead.next_call_at)
            .join(Contact, Contact.id == Lead.contact_id)
            .where(Contact.name == 'Zed Alpha')
        ).one()
    assert when.strftime('%Y-%m-%d %H:%M') == '2024-07-15 09:30'
    assert _contacts()['Zed Alpha'].phone_e164 == '+14155550100'


def test_dry_run_counts_but_stores_nothing(admin):
    report = importer.run_import(actor=admin, path=FIXTURES / 'hubspot.csv', filename='h.csv', dry_run=True)
    assert report.dry_run and report.created == 4 and report.batch_id is None
    assert _contacts() == {}


def test_unusable_file_imports_nothing(admin):
    import pytest

    with pytest.raises(importer.UnusableFile):
        importer.run_import(actor=admin, path=FIXTURES / 'image.csv', filename='image.csv')
    assert _contacts() == {}


def test_importing_needs_the_create_leads_permission(make_user):
    import pytest

    from services.errors import Forbidden

    viewer = make_user('viewer', {'view_all_leads'})
    with pytest.raises(Forbidden):
        importer.run_import(actor=viewer, path=FIXTURES / 'hubspot.csv', filename='h.csv')
