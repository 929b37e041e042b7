"""Merge with per-field choices, then undo: both records come back field for field with tags, notes,
activities, groups and leads."""

import pytest

from models import Activity, Contact, ContactGroupMember, ContactTag, Lead
from services import db, groups, lead_work, merge, merge_undo, tags
from services.contact_bulk import Selection
from services.errors import Conflict, Forbidden
from services.merge_snapshot import row_to_json
from tests.services.contact_factory import add_contact, add_lead


def state(contact_id: int) -> dict:
    with db.session() as s:
        contact = s.get(Contact, contact_id)
        return {
            'row': row_to_json(contact) if contact else None,
            'tags': sorted(t.tag_id for t in s.query(ContactTag).filter(ContactTag.contact_id == contact_id)),
            'groups': sorted(
                g.group_id
                for g in s.query(ContactGroupMember).filter(ContactGroupMember.contact_id == contact_id)
            ),
            'leads': sorted(lead.id for lead in s.query(Lead).filter(Lead.contact_id == contact_id)),
            'activities': sorted(a.id for a in s.query(Activity).filter(Activity.contact_id == contact_id)),
        }


@pytest.fixture
def pair(admin):
    vip = tags.create_tag(actor=admin, name='VIP')
    hot = tags.create_tag(actor=admin, name='Hot')
    lead_a, a = add_lead(admin, 'Robert Smith', email='rob@acme.com', company='Acme Inc', notes='Met at expo')
    lead_b, b = add_lead(
        admin,
        'Bob Smith',
        email='bob.smith@gmail.com',
        phone='+1 555 010 9000',
        company='ACME',
        city='Austin',
    )
    lead_work.add_note(actor=admin, lead_id=lead_b, text='Prefers email')
    from services.contact_bulk import add_tag

    add_tag(actor=admin, selection=Selection(ids=(a,)), tag_id=vip.id)
    add_tag(actor=admin, selection=Selection(ids=(b,)), tag_id=hot.id)
    group = groups.create_group(actor=admin, name='Expo')
    groups.add_members(actor=admin, group_id=group.id, selection=Selection(ids=(b,)))
    with db.session() as s:
        contact = s.get(Contact, b)
        contact.notes = 'Second entry notes'
        s.add(contact)
        s.commit()
    return {
        'a': a,
        'b': b,
        'lead_a': lead_a,
        'lead_b': lead_b,
        'vip': vip.id,
        'hot': hot.id,
        'group': group.id,
    }


def test_preview_shows_only_differing_fields(admin, pair) -> None:
    preview = merge.preview_merge(actor=admin, survivor_id=pair['a'], merged_id=pair['b'])
    fields = [d.field for d in preview.differences]
    assert 'name' in fields and 'email' in fields and 'city' in fields
    assert 'region' not in fields  # both empty
    assert next(d for d in preview.differences if d.field == 'email').can_keep_both


def test_merge_with_choices_then_undo_restores_both_exactly(admin, pair) -> None:
    before_a, before_b = state(pair['a']), state(pair['b'])
    result = merge.merge_contacts(
        actor=admin,
        survivor_id=pair['a'],
        merged_id=pair['b'],
        choices={
            'name': 'survivor',
            'email': 'both',
            'phone': 'merged',
            'company': 'survivor',
            'notes': 'both',
        },
    )
    after = state(pair['a'])
    survivor = result.survivor
    assert survivor.name == 'Robert Smith'
    assert survivor.email == 'rob@acme.com' and survivor.secondary_emails == ['bob.smith@gmail.com']
    assert survivor.phone == '+1 555 010 9000'
    assert survivor.city == 'Austin'  # empty on the survivor: filled from the other
    assert survivor.notes.endswith('Second entry notes')
    assert after['tags'] == sorted([pair['vip'], pair['hot']])
    assert after['groups'] == [pair['group']]
    assert after['leads'] == sorted([pair['lead_a'], pair['lead_b']])
    assert set(before_b['activities']) <= set(after['activities'])
    assert state(pair['b'])['row'] is None

    merge_undo.undo_merge(actor=admin, merge_id=result.merge_id)
    assert state(pair['a']) == before_a
    assert state(pair['b']) == before_b
    with pytest.raises(Conflict):
        merge_undo.undo_merge(actor=admin, merge_id=result.merge_id)


def test_undo_is_refused_after_the_survivor_was_edited(admin, pair) -> None:
    result = merge.merge_contacts(actor=admin, survivor_id=pair['a'], merged_id=pair['b'])
    with db.session() as s:
        c = s.get(Contact, pair['a'])
        c.company, c.version = 'Acme Holdings', c.version + 1
        s.add(c)
        s.commit()
    with pytest.raises(Conflict, match='edited after the merge'):
        merge_undo.undo_merge(actor=admin, merge_id=result.merge_id)


def test_merge_needs_manage_leads(admin, make_user, pair) -> None:
    ana = make_user('ana', {'create_leads'})
    with pytest.raises(Forbidden):
        merge.merge_contacts(actor=ana, survivor_id=pair['a'], merged_id=pair['b'])


def test_merge_is_logged_on_the_survivor_timeline(admin, pair) -> None:
    merge.merge_contacts(actor=admin, survivor_id=pair['a'], merged_id=pair['b'])
    with db.session() as s:
        kinds = [
            a.summary
            for a in s.query(Activity).filter(Activity.contact_id == pair['a'], Activity.kind == 'merge')
        ]
    assert kinds and 'Bob Smith' in kinds[0]


def test_merge_keeps_a_plain_contact_without_leads(admin) -> None:
    a = add_contact('Ann Lee', email='ann@lee.com')
    b = add_contact('Ann Lee', phone='+1 555 010 1111')
    result = merge.merge_contacts(actor=admin, survivor_id=a, merged_id=b)
    assert result.survivor.phone == '+1 555 010 1111'
    merge_undo.undo_merge(actor=admin, merge_id=result.merge_id)
    assert state(b)['row']['phone'] == '+1 555 010 1111'
