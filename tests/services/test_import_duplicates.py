"""Duplicate rules inside the file and against the database, and the three policies."""

from pathlib import Path

import pytest
from sqlmodel import select

from models import Contact, ContactTag, DuplicateFlag, Lead, Tag
from services import db, duplicates, importer


def _csv(tmp_path: Path, text: str, name: str = 'in.csv') -> Path:
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return path


def _run(admin, path: Path, policy: str = 'merge'):
    return importer.run_import(actor=admin, path=path, filename=path.name, on_duplicate=policy)


@pytest.fixture
def existing(admin, tmp_path):
    """Ana (email, phone, company, no city) and Bo (phone only) already in the database."""
    path = _csv(
        tmp_path,
        'Name,Email,Phone,Company,City,Tags,Notes\n'
        'Ana Lopez,Ana.Lopez@Example.com,(415) 555-0100,Acme Inc,,vip,first note\n'
        'Bo Berg,,415.555.0199,,Oslo,,\n',
        'existing.csv',
    )
    assert _run(admin, path).created == 2
    with db.session() as s:
        return {c.name: c for c in s.exec(select(Contact))}


def _contact(name: str) -> Contact:
    with db.session() as s:
        return s.exec(select(Contact).where(Contact.name == name)).one()


def test_same_email_in_another_case_merges_filling_empty_fields_only(admin, existing, tmp_path):
    path = _csv(
        tmp_path,
        'Name,Email,Company,City,Job Title,Tags,Notes\n'
        'Ana L.,ana.lopez@example.COM,Other Corp,Lisbon,CEO,hot,second note\n',
    )
    report = _run(admin, path)
    assert (report.created, report.merged, report.flagged) == (0, 1, 0)
    ana = _contact('Ana Lopez')
    assert ana.company == 'Acme Inc'  # kept
    assert (ana.city, ana.job_title) == ('Lisbon', 'CEO')  # filled
    assert ana.notes == 'first note\n\nsecond note'
    with db.session() as s:
        tags = s.exec(
            select(Tag.name)
            .join(ContactTag, ContactTag.tag_id == Tag.id)
            .where(ContactTag.contact_id == ana.id)
        ).all()
        leads = s.exec(select(Lead).where(Lead.contact_id == ana.id)).all()
    assert sorted(tags) == ['hot', 'vip']
    assert len(leads) == 1  # an open lead already exists: no second one


@pytest.mark.parametrize('phone', ['415-555-0199', '+1 (415) 555 0199', '14155550199', '4155550199'])
def test_same_phone_in_any_format_is_a_duplicate(admin, existing, tmp_path, phone):
    path = _csv(tmp_path, f'Name,Phone,Email\nBo B,"{phone}",bo@new.example\n')
    report = _run(admin, path, 'skip')
    assert (report.created, report.skipped) == (0, 1)


def test_same_phone_but_different_emails_is_only_flagged(admin, existing, tmp_path):
    path = _csv(tmp_path, 'Name,Email,Phone\nAnn Other,ann@other.example,415 555 0100\n')
    report = _run(admin, path)
    assert (report.created, report.merged, report.flagged) == (0, 0, 1)
    new = _contact('Ann Other')
    with db.session() as s:
        flag = s.exec(select(DuplicateFlag)).one()
    assert {flag.contact_id, flag.other_contact_id} == {new.id, existing['Ana Lopez'].id}
    assert flag.reason == 'same phone, different email' and flag.status == 'open'


def test_similar_name_at_a_similar_company_is_flagged(admin, existing, tmp_path):
    path = _csv(tmp_path, 'Name,Email,Company\nAna  López,ana@elsewhere.example,"ACME, Incorporated"\n')
    report = _run(admin, path)
    assert report.flagged == 1
    with db.session() as s:
        flag = s.exec(select(DuplicateFlag)).one()
    assert flag.reason == 'name 100 % similar, same company'


def test_skip_leaves_the_existing_record_alone(admin, existing, tmp_path):
    path = _csv(tmp_path, 'Name,Email,City\nAna,ana.lopez@example.com,Lisbon\n')
    report = _run(admin, path, 'skip')
    assert (report.created, report.skipped) == (0, 1)
    assert _contact('Ana Lopez').city == ''


def test_create_anyway_adds_a_record_and_flags_the_pair(admin, existing, tmp_path):
    path = _csv(tmp_path, 'Name,Email\nAna Twin,ana.lopez@example.com\n')
    report = _run(admin, path, 'create')
    assert (report.created, report.flagged) == (0, 1)
    twin = _contact('Ana Twin')
    with db.session() as s:
        flag = s.exec(select(DuplicateFlag)).one()
    assert {flag.contact_id, flag.other_contact_id} == {twin.id, existing['Ana Lopez'].id}


def test_duplicates_inside_the_file_merge_into_one_contact(admin, tmp_path):
    path = _csv(
        tmp_path,
        'Name,Email,Phone,City,Tags\n'
        'Cy Dee,cy@ex.example,,,a\n'
        'Cy D.,CY@ex.example,415 555 0150,Rome,b\n'
        'C. Dee,,(415) 555-0150,Paris,c\n',
    )
    report = _run(admin, path)
    assert (report.created, report.merged) == (1, 2)
    cy = _contact('Cy Dee')
    assert (cy.phone, cy.city) == ('415 555 0150', 'Rome')
    with db.session() as s:
        tags = s.exec(select(Tag.name).join(ContactTag, ContactTag.tag_id == Tag.id)).all()
    assert sorted(tags) == ['a', 'b', 'c']


def test_find_matches_for_one_contact_gives_reasons(admin, existing):
    matches = duplicates.find_matches(actor=admin, name='Someone', email='ANA.lopez@example.com')
    assert [(m.name, m.reason, m.exact) for m in matches] == [('Ana Lopez', 'same email', True)]
    matches = duplicates.find_matches(actor=admin, name='X', email='x@x.example', phone='+1 415 555 0100')
    assert [(m.name, m.reason, m.exact) for m in matches] == [
        ('Ana Lopez', 'same phone, different email', False)
    ]
    matches = duplicates.find_matches(actor=admin, name='Lopez, Ana', company='Acme Incorporated')
    assert [(m.name, m.reason) for m in matches] == [('Ana Lopez', 'name 100 % similar, same company')]
    assert duplicates.find_matches(actor=admin, name='Ana Lopez', company='') == []
