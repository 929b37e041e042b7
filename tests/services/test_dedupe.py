"""Duplicate detection: the engine on small, telling frames, and the scan service over the database."""

import pandas as pd
import pytest

from services import stages
from services.dedupe import find_duplicate_clusters, find_duplicate_pairs
from services.dedupe.scan import dismiss_pair, mark_duplicate_lost, scan_duplicates
from services.errors import Forbidden
from tests.services.contact_factory import add_contact, add_lead


def frame(*rows: dict) -> pd.DataFrame:
    out = []
    for i, row in enumerate(rows, start=1):
        first, _, last = row['name'].partition(' ')
        out.append(
            {'id': i, 'first_name': first, 'last_name': last, 'email': '', 'phone': '', 'company': '', **row}
        )
    return pd.DataFrame(out)


def found(*rows: dict) -> set[tuple[int, int]]:
    return {(p.contact_id, p.other_contact_id) for p in find_duplicate_pairs(frame(*rows))}


def test_exact_email_ignores_case_and_exact_phone_ignores_format() -> None:
    assert found(
        {'name': 'Ann Lee', 'email': 'Ann@Lee.com'}, {'name': 'Ann Lee', 'email': 'ann@lee.com'}
    ) == {(1, 2)}
    assert found(
        {'name': 'Ann Lee', 'phone': '(555) 010-2030'}, {'name': 'Ann Lee', 'phone': '+1 555 010 2030'}
    ) == {(1, 2)}


def test_shared_switchboard_does_not_join_different_people() -> None:
    assert not found(
        {'name': 'Alverta Belshaw', 'phone': '555 010 2030', 'company': 'Acme'},
        {'name': 'Megan Mibelley', 'phone': '555-010-2030', 'company': 'Acme'},
    )


def test_nickname_with_company_legal_suffix_and_swapped_names() -> None:
    pairs = find_duplicate_pairs(
        frame(
            {'name': 'Robert Smith', 'company': 'Acme Holdings, Inc.', 'email': 'rsmith@acme.com'},
            {'name': 'Bob Smith', 'company': 'ACME HOLDINGS', 'phone': '555 010 2030'},
            {
                'name': 'Smith Robert',
                'first_name': 'Smith',
                'last_name': 'Robert',
                'company': 'Acme Holdings LLC',
                'phone': '555 777 1234',
            },
        )
    )
    keys = {(p.contact_id, p.other_contact_id) for p in pairs}
    assert {(1, 2), (1, 3)} <= keys
    reasons = next(p.reasons for p in pairs if (p.contact_id, p.other_contact_id) == (1, 2))
    assert 'same company' in reasons and 'nickname or initial' in reasons


def test_last_first_order_accents_and_middle_initial() -> None:
    assert found(
        {
            'name': 'Müller, José',
            'first_name': '',
            'last_name': '',
            'email': 'jose@muller.de',
            'company': 'Müller GmbH',
        },
        {
            'name': 'Jose A. Muller',
            'first_name': 'Jose A.',
            'last_name': 'Muller',
            'phone': '+49 30 1234567',
            'company': 'Muller',
        },
    ) == {(1, 2)}


def test_typo_in_name_with_a_phone_typo_is_found() -> None:
    assert found(
        {'name': 'Katherine Johnson', 'phone': '555 010 2030'},
        {'name': 'Katherine Jonhson', 'phone': '555 010 2031'},
    ) == {(1, 2)}


def test_namesakes_in_the_same_city_or_with_different_mailboxes_are_not_joined() -> None:
    assert not found(
        {'name': 'James Smith', 'email': 'james.smith@gmail.com', 'city': 'Austin'},
        {'name': 'James Smith', 'email': 'jsmith77@yahoo.com', 'city': 'Austin'},
    )
    assert not found(
        {'name': 'Mary Garcia', 'email': 'mgarcia@acme.com', 'company': 'Acme'},
        {'name': 'Mary Garcia', 'email': 'mary.garcia@acme.com', 'company': 'Acme'},
    )


def test_clusters_are_best_first_and_dismissed_pairs_stay_gone() -> None:
    df = frame(
        {'name': 'Ann Lee', 'email': 'ann@lee.com'},
        {'name': 'Ann Lee', 'email': 'ANN@LEE.COM'},
        {'name': 'Tom Ray', 'company': 'Ray Co', 'email': 'tom@ray.co'},
        {'name': 'Tom Rae', 'company': 'Ray Company', 'phone': '555 123 4567'},
    )
    clusters = find_duplicate_clusters(df)
    assert [c.contact_ids for c in clusters] == [[1, 2], [3, 4]]
    assert clusters[0].score >= clusters[1].score
    assert find_duplicate_clusters(df, dismissed={(1, 2)})[0].contact_ids == [3, 4]


def test_scan_service_dismiss_and_mark_lost(admin, make_user) -> None:
    a = add_contact('Ann Lee', email='ann@lee.com')
    b = add_contact('Ann Lee', email='Ann@Lee.com', phone='+1 555 010 1234')
    lead_id, c = add_lead(admin, 'Tom Ray', email='tom@ray.co')
    lead_id2, d = add_lead(admin, 'Tom Ray', email='TOM@ray.co', phone='+1 555 010 9876')
    clusters = scan_duplicates(actor=admin)
    assert sorted(cl.contact_ids for cl in clusters) == [[a, b], [c, d]]
    assert 'same email' in clusters[0].reasons
    ana = make_user('ana', {'create_leads'})
    with pytest.raises(Forbidden):
        dismiss_pair(actor=ana, contact_id=a, other_contact_id=b)
    dismiss_pair(actor=admin, contact_id=b, other_contact_id=a)
    assert [cl.contact_ids for cl in scan_duplicates(actor=admin)] == [[c, d]]
    assert mark_duplicate_lost(actor=admin, contact_id=d, duplicate_of=c) == 1
    from services import leads

    lost = next(st for st in stages.list_stages() if st.key == 'LOST')
    moved = leads.get_lead(actor=admin, lead_id=lead_id2)
    assert moved.stage_id == lost.id and moved.lost_reason.startswith('Duplicate of Tom Ray')


def test_duplicates_command_prints_json_clusters(admin, database) -> None:
    import json

    from tests.services.test_cli import run

    a = add_contact('Ann Lee', email='ann@lee.com')
    b = add_contact('Ann Lee', email='ANN@lee.com')
    result = run('duplicates', '--json', data_dir=database)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload['clusters'][0]['contact_ids'] == [a, b]
    assert payload['clusters'][0]['score'] == 100.0
    assert 'same email' in payload['clusters'][0]['reasons']
