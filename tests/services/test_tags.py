"""Tags: unique names regardless of case, who may create them, merge keeps every record tagged once,
delete says how many records lose it."""

import pytest
from sqlmodel import select

from models import Contact, ContactTag, Segment
from services import db, events, leads, tags
from services.errors import Conflict, Forbidden, Invalid, NotFound


@pytest.fixture
def published():
    seen: list = []
    unsubscribe = events.subscribe(seen.append)
    yield seen
    unsubscribe()


def tagged(actor, name: str, tag_ids: list[int], region: str = '') -> int:
    lead = leads.create_lead(
        actor=actor,
        data={'name': name, 'email': f'{name.lower()}@example.com', 'tag_ids': tag_ids, 'region': region},
    )
    return lead.contact_id


def carriers(tag_id: int) -> set[int]:
    with db.session() as s:
        return set(s.exec(select(ContactTag.contact_id).where(ContactTag.tag_id == tag_id)))


def test_create_trims_and_picks_distinct_colors(admin, published) -> None:
    vip = tags.create_tag(actor=admin, name='  VIP  ')
    hot = tags.create_tag(actor=admin, name='Hot lead', color='#F00')
    cold = tags.create_tag(actor=admin, name='Cold')
    assert (vip.name, hot.color) == ('VIP', '#ff0000')
    assert len({vip.color, cold.color, hot.color}) == 3
    assert [t.name for t in tags.list_tags()] == ['Cold', 'Hot lead', 'VIP']
    assert published[0] == events.TagsChanged('created', admin.id, frozenset({vip.id}))


@pytest.mark.parametrize(
    ('name', 'error', 'message'),
    [
        ('', Invalid, 'Please enter a tag name.'),
        ('\u200b', Invalid, 'Please enter a tag name.'),
        ('t' * 65, Invalid, 'at most 64 characters'),
        ('vip', Conflict, "A tag named 'VIP' already exists"),
        ('ViP ', Conflict, "A tag named 'VIP' already exists"),
    ],
)
def test_tag_names_are_non_empty_and_unique(admin, name, error, message) -> None:
    tags.create_tag(actor=admin, name='VIP')
    other = tags.create_tag(actor=admin, name='Other')
    with pytest.raises(error, match=message):
        tags.create_tag(actor=admin, name=name)
    with pytest.raises(error, match=message):
        tags.rename_tag(actor=admin, tag_id=other.id, name=name)


def test_managers_may_create_but_not_administer_tags(make_user, admin) -> None:
    manager = make_user('max', {'manage_leads', 'create_leads'})
    caller = make_user('cal', {'create_leads'})
    made = tags.create_tag(actor=manager, name='From a lead')
    with pytest.raises(Forbidden, match='Manage Leads or Admin'):
        tags.create_tag(actor=caller, name='Nope')
    for call in (
        lambda: tags.rename_tag(actor=manager, tag_id=made.id, name='X'),
        lambda: tags.recolor_tag(actor=manager, tag_id=made.id, color='#000000'),
        lambda: tags.delete_tag(actor=manager, tag_id=made.id),
        lambda: tags.merge_tags(actor=manager, source_id=made.id, target_id=made.id + 1),
        lambda: tags.tag_overview(actor=manager),
    ):
        with pytest.raises(Forbidden, match='Admin permission'):
            call()


def test_rename_and_recolor(admin, published) -> None:
    tag = tags.create_tag(actor=admin, name='vip')
    assert tags.rename_tag(actor=admin, tag_id=tag.id, name='VIP').name == 'VIP'
    assert tags.recolor_tag(actor=admin, tag_id=tag.id, color='#123ABC').color == '#123abc'
    with pytest.raises(Invalid, match='not a color code'):
        tags.recolor_tag(actor=admin, tag_id=tag.id, color='#12345')
    assert [e.kind for e in published] == ['created', 'renamed', 'recolored']


def test_merge_keeps_every_record_tagged_once(admin, published) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    important = tags.create_tag(actor=admin, name='Important')
    only_vip = tagged(admin, 'Ann', [vip.id])
    both = tagged(admin, 'Bob', [vip.id, important.id])
    only_important = tagged(admin, 'Cy', [important.id])
    untagged = tagged(admin, 'Di', [])
    published.clear()

    kept = tags.merge_tags(actor=admin, source_id=vip.id, target_id=important.id)

    assert kept.name == 'Important'
    assert [t.name for t in tags.list_tags()] == ['Important']
    assert carriers(important.id) == {only_vip, both, only_important}
    assert untagged not in carriers(important.id)
    assert carriers(vip.id) == set()
    assert published == [
        events.TagsChanged('merged', admin.id, frozenset({vip.id, important.id})),
        events.ContactsChanged(frozenset({only_vip, both}), 'tags', admin.id),
    ]
    with pytest.raises(Invalid, match='two different tags'):
        tags.merge_tags(actor=admin, source_id=important.id, target_id=important.id)
    with pytest.raises(NotFound, match='no longer exists'):
        tags.merge_tags(actor=admin, source_id=vip.id, target_id=important.id)


def test_delete_reports_usage_and_removes_the_tag_everywhere(admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    people = [tagged(admin, n, [vip.id]) for n in ('Ann', 'Bob', 'Cy')]
    assert tags.usage_count(actor=admin, tag_id=vip.id) == 3
    result = tags.delete_tag(actor=admin, tag_id=vip.id)
    assert (result.name, result.removed_from) == ('VIP', 3)
    assert tags.list_tags() == []
    assert carriers(vip.id) == set()
    with db.session() as s:
        # the records themselves stay; only the tag is gone
        assert all(s.get(Contact, contact_id) is not None for contact_id in people)


def test_overview_counts_usage_per_region(admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    tags.create_tag(actor=admin, name='Unused')
    tagged(admin, 'Ann', [vip.id], 'US')
    tagged(admin, 'Bob', [vip.id], 'CA')
    everywhere = {t.name: t.usage for t in tags.tag_overview(actor=admin)}
    assert everywhere == {'Unused': 0, 'VIP': 2}
    assert {t.name: t.usage for t in tags.tag_overview(actor=admin, region='us')} == {'Unused': 0, 'VIP': 1}


def test_saved_segments_follow_merges_and_deletes(admin) -> None:
    vip = tags.create_tag(actor=admin, name='VIP')
    important = tags.create_tag(actor=admin, name='Important')
    cold = tags.create_tag(actor=admin, name='Cold')
    with db.session() as s:
        segment = Segment(name='Best', owner_id=admin.id, query={'tags': [vip.id, cold.id], 'q': 'x'})
        s.add(segment)
        s.commit()
        segment_id = segment.id
    tags.merge_tags(actor=admin, source_id=vip.id, target_id=important.id)
    tags.delete_tag(actor=admin, tag_id=cold.id)
    with db.session() as s:
        assert s.get(Segment, segment_id).query == {'tags': [important.id], 'q': 'x'}
