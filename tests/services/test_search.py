"""Search semantics shared by the board, the call list, contacts and clients: long words match anywhere,
short ones match word starts, and every path that writes the index writes the same text."""

from pathlib import Path

from sqlalchemy import select, text

from models import Contact
from services import board_list, db, importer, leads, search
from services.board_query import BoardFilter


def found(actor, query: str) -> set[str]:
    return {r.name for r in board_list.call_list(actor=actor, filters=BoardFilter(q=query)).rows}


def add(actor, name: str, **fields) -> None:
    leads.create_lead(actor=actor, data={'name': name, 'phone': '+1 555 010 2030', **fields})


def test_short_words_match_word_starts_and_long_ones_match_anywhere(admin) -> None:
    add(admin, 'Ana Lima', email='ana@lima.example', company='Maple Roofing')
    add(admin, 'Dan Anderson', email='dan@example.com', company='North Dental')
    add(admin, 'Brian Roy', email='brian@example.com', company='Stone Law')
    assert found(admin, 'an') == {'Ana Lima', 'Dan Anderson'}  # "Dan" and "Brian" only contain it
    assert found(admin, 'AN') == {'Ana Lima', 'Dan Anderson'}
    assert found(admin, 'ian') == {'Brian Roy'}
    assert found(admin, 'aple') == {'Ana Lima'}
    assert found(admin, 'ro') == {'Ana Lima', 'Brian Roy'}  # Roofing, Roy
    assert found(admin, 'an r') == {'Ana Lima'}  # a one-letter word narrows: Ana … Roofing
    assert found(admin, 'an d') == {'Dan Anderson'}
    assert found(admin, 'no') == {'Dan Anderson'}  # North


def test_a_query_of_one_letter_words_filters_nothing_yet(admin) -> None:
    for name in ('Ana Lima', 'Ben Roy'):
        add(admin, name)
    assert found(admin, 'a') == found(admin, 'z') == found(admin, 'a b') == {'Ana Lima', 'Ben Roy'}
    assert search.matches('a') is None
    assert search.matches('ab') is not None


def test_imported_contacts_are_indexed_exactly_like_contacts_saved_one_by_one(admin, tmp_path: Path) -> None:
    csv = tmp_path / 'people.csv'
    csv.write_text(
        'Name,Email,Phone,Company\n'
        'Chloé Roy,Chloe@Example.com,(416) 555-0101,Érable Inc\n'
        'Zoë  Brandt,,+1 212 555 0199,\n'
        'Ola Nowak,ola@example.pl,,Kraków Sp. z o.o.\n',
        encoding='utf-8',
    )
    assert importer.run_import(actor=admin, path=csv, filename=csv.name).created == 3
    with db.session() as s:
        contacts = s.execute(select(Contact)).scalars().all()
        stored = dict(s.execute(text('SELECT rowid, body FROM contact_search')).all())
        assert {c.id: search.document(c) for c in contacts} == stored
    assert all(body.startswith(' ') for body in stored.values())
    assert found(admin, 'kr') == {'Ola Nowak'}
    assert found(admin, 'er') == {'Chloé Roy'}  # Érable, folded
    # phones are indexed as digits only, and found however they are typed
    for typed in ('(416) 555-01', '+1 416 555 0101', '4165550101', '212-555'):
        assert found(admin, typed) == ({'Zoë  Brandt'} if typed == '212-555' else {'Chloé Roy'}), typed
    assert '555-0101' not in stored[next(c.id for c in contacts if c.name == 'Chloé Roy')]
