"""Column suggestions for every vendor's export, fuzzy headers, and the remembered mapping."""

from pathlib import Path

import pytest

from services import importer
from services.importer.mapping import suggest_mapping
from services.importer.parse import read_file

FIXTURES = Path(__file__).parent.parent / 'fixtures' / 'import'

VENDORS = {
    'google_contacts.csv': {
        'Name': 'name',
        'Given Name': 'first_name',
        'Additional Name': 'middle_name',
        'Family Name': 'last_name',
        'Name Prefix': None,
        'Nickname': None,
        'Notes': 'notes',
        'Group Membership': 'tags',
        'E-mail 1 - Type': None,
        'E-mail 1 - Value': 'email',
        'E-mail 2 - Type': None,
        'E-mail 2 - Value': 'email',
        'Phone 1 - Type': None,
        'Phone 1 - Value': 'phone',
        'Organization 1 - Name': 'company',
        'Organization 1 - Title': 'job_title',
        'Address 1 - City': 'city',
        'Address 1 - Region': 'state',
        'Address 1 - Country': 'country',
    },
    'outlook.csv': {
        'First Name': 'first_name',
        'Middle Name': 'middle_name',
        'Last Name': 'last_name',
        'Title': None,
        'Suffix': None,
        'Company': 'company',
        'Department': None,
        'Job Title': 'job_title',
        'Business City': 'city',
        'Business State': 'state',
        'Business Country/Region': 'country',
        'Business Phone': 'phone',
        'Mobile Phone': 'phone',
        'E-mail Address': 'email',
        'E-mail 2 Address': 'email',
        'Categories': 'tags',
        'Notes': 'notes',
    },
    'hubspot.csv': {
        'Record ID': None,
        'First Name': 'first_name',
        'Last Name': 'last_name',
        'Email': 'email',
        'Phone Number': 'phone',
        'Company Name': 'company',
        'Job Title': 'job_title',
        'City': 'city',
        'State/Region': 'state',
        'Country/Region': 'country',
        'Lead Status': 'status',
        'Original Source': 'source',
        'Create Date': None,
        'Contact owner': None,
    },
    'salesforce.csv': {
        'First Name': 'first_name',
        'Last Name': 'last_name',
        'Title': 'job_title',
        'Company': 'company',
        'Email': 'email',
        'Phone': 'phone',
        'Mobile': 'phone',
        'Lead Status': 'status',
        'Lead Source': 'source',
        'Street': None,
        'City': 'city',
        'State/Province': 'state',
        'Zip/Postal Code': None,
        'Country': 'country',
        'Description': 'notes',
        'Rating': None,
    },
    'pipedrive.csv': {
        'Lead - Title': None,
        'Person - Name': 'name',
        'Person - Email - Work': 'email',
        'Person - Phone - Mobile': 'phone',
        'Organization - Name': 'company',
        'Lead - Source': 'source',
        'Lead - Labels': 'tags',
        'Lead - Value': None,
    },
    'linkedin_connections.csv': {
        'First Name': 'first_name',
        'Last Name': 'last_name',
        'URL': None,
        'Email Address': 'email',
        'Company': 'company',
        'Position': 'job_title',
        'Connected On': None,
    },
    'zoho_leads.csv': {
        'Salutation': None,
        'First Name': 'first_name',
        'Last Name': 'last_name',
        'Designation': 'job_title',
        'Email': 'email',
        'Phone': 'phone',
        'Mobile': 'phone',
        'Company': 'company',
        'Lead Status': 'status',
        'Lead Source': 'source',
        'City': 'city',
        'State': 'state',
        'Country': 'country',
        'Description': 'notes',
        'Tag': 'tags',
    },
}


@pytest.mark.parametrize('name', sorted(VENDORS))
def test_each_vendor_export_maps_without_manual_changes(name):
    parsed = read_file(FIXTURES / name)
    assert suggest_mapping(parsed.headers) == VENDORS[name]


def test_fuzzy_headers_and_other_languages():
    mapping = suggest_mapping(['Emial', 'Phone #', 'Telefon', 'Firma', 'Full name', 'Fax', 'Zip'])
    assert mapping == {
        'Emial': 'email',
        'Phone #': 'phone',
        'Telefon': 'phone',
        'Firma': 'company',
        'Full name': 'name',
        'Fax': None,
        'Zip': None,
    }


def test_a_mapping_is_remembered_for_the_next_file_with_the_same_headers(admin, tmp_path):
    first = tmp_path / 'first.csv'
    first.write_text('Nom complet,Courriel,Portable\nAna Lopez,ana@ex.example,\n')
    overview = importer.inspect_file(actor=admin, path=first, filename='first.csv')
    assert {c.header: c.field for c in overview.columns}['Portable'] is None
    assert not overview.remembered
    mapping = {'Nom complet': 'name', 'Courriel': 'email', 'Portable': 'phone'}
    importer.run_import(actor=admin, path=first, filename='first.csv', mapping=mapping)

    second = tmp_path / 'second.csv'
    second.write_text('Nom complet,Courriel,Portable\nBo Berg,bo@ex.example,415 555 0100\n')
    overview = importer.inspect_file(actor=admin, path=second, filename='second.csv')
    assert overview.remembered
    assert {c.header: c.field for c in overview.columns} == mapping
    report = importer.run_import(actor=admin, path=second, filename='second.csv')
    assert report.mapping == mapping and report.created == 1


def test_a_mapping_without_name_or_contact_method_is_refused(admin, tmp_path):
    path = tmp_path / 'x.csv'
    path.write_text('Name,Email\nAna,ana@ex.example\n')
    with pytest.raises(importer.UnusableFile.__mro__[1], match='email or phone'):
        importer.run_import(actor=admin, path=path, filename='x.csv', mapping={'Name': 'name', 'Email': None})
