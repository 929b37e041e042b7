"""Pipeline stages: keys survive renames, names are unique, system stages are protected, and deleting a
stage moves its leads (none lost, each with an activity) in one transaction."""

import pytest
from sqlmodel import col, select

from models import Activity, ActivityKind, Lead, Stage
from services import db, events, leads, stages
from services.errors import Conflict, Forbidden, Invalid
from tests.conftest import ALL_PERMISSIONS


@pytest.fixture
def published():
    seen: list = []
    unsubscribe = events.subscribe(seen.append)
    yield seen
    unsubscribe()


def by_name(name: str):
    return next(st for st in stages.list_stages() if st.name == name)


def names() -> list[str]:
    return [st.name for st in stages.list_stages()]


def make_leads(actor, count: int, stage_name: str) -> list[int]:
    target = by_name(stage_name)
    ids = []
    for i in range(count):
        lead = leads.create_lead(actor=actor, data={'name': f'Person {i}', 'email': f'p{i}@example.com'})
        leads.move_lead(actor=actor, lead_id=lead.id, stage_id=target.id)
        ids.append(lead.id)
    return ids


def test_defaults_have_the_seed_keys_in_order() -> None:
    assert [(st.key, st.name, st.kind, st.is_system) for st in stages.list_stages()] == [
        ('NOT_CONTACTED', 'New', 'open', True),
        ('CONTACTED', 'Contacted', 'open', False),
        ('QUALIFIED', 'Qualified', 'open', False),
        ('CONVERTED', 'Converted', 'won', True),
        ('LOST', 'Lost', 'lost', True),
    ]


def test_added_stage_gets_a_slug_key_and_lands_after_the_open_stages(admin, published) -> None:
    stage = stages.add_stage(actor=admin, name='  Demo   booked ', color='#EC4899')
    assert (stage.key, stage.name, stage.color, stage.kind, stage.is_system) == (
        'DEMO_BOOKED',
        'Demo booked',
        '#ec4899',
        'open',
        False,
    )
    assert names() == ['New', 'Contacted', 'Qualified', 'Demo booked', 'Converted', 'Lost']
    assert [st.position for st in stages.list_stages()] == [0, 1, 2, 3, 4, 5]
    assert published == [events.StagesChanged('added', admin.id, frozenset({stage.id}))]


def test_keys_survive_renames_and_new_keys_never_collide(admin) -> None:
    demo = stages.add_stage(actor=admin, name='Démo booked!')
    assert demo.key == 'DEMO_BOOKED'
    stages.rename_stage(actor=admin, stage_id=demo.id, name='Meeting held')
    new = stages.rename_stage(actor=admin, stage_id=by_name('New').id, name='Inbox')
    assert new.key == 'NOT_CONTACTED' and new.is_system
    assert by_name('Meeting held').key == 'DEMO_BOOKED'
    # a second stage whose name slugs the same gets its own key
    assert stages.add_stage(actor=admin, name='Demo Booked').key == 'DEMO_BOOKED_2'
    assert stages.add_stage(actor=admin, name='🚀').key == 'STAGE'


@pytest.mark.parametrize(
    ('name', 'error', 'message'),
    [
        ('', Invalid, 'Please enter a stage name.'),
        ('   \u200b ', Invalid, 'Please enter a stage name.'),
        ('x' * 65, Invalid, 'at most 64 characters'),
        ('QUALIFIED', Conflict, "A stage named 'Qualified' already exists"),
        ('  lost ', Conflict, "A stage named 'Lost' already exists"),
    ],
)
def test_stage_names_are_non_empty_and_unique_case_insensitively(admin, name, error, message) -> None:
    with pytest.raises(error, match=message):
        stages.add_stage(actor=admin, name=name)
    with pytest.raises(error, match=message):
        stages.rename_stage(actor=admin, stage_id=by_name('Contacted').id, name=name)
    assert len(stages.list_stages()) == 5


def test_renaming_to_another_case_of_its_own_name_is_allowed(admin) -> None:
    assert stages.rename_stage(actor=admin, stage_id=by_name('Lost').id, name='LOST').name == 'LOST'


def test_recolor_accepts_color_codes_only(admin, published) -> None:
    stage = by_name('Converted')
    assert stages.recolor_stage(actor=admin, stage_id=stage.id, color='#0F0').color == '#00ff00'
    with pytest.raises(Invalid, match="The color 'green' is not a color code"):
        stages.recolor_stage(actor=admin, stage_id=stage.id, color='green')
    assert by_name('Converted').color == '#00ff00'
    assert published == [events.StagesChanged('recolored', admin.id, frozenset({stage.id}))]


def test_move_stage_reorders_and_clamps(admin) -> None:
    demo = stages.add_stage(actor=admin, name='Demo booked')
    stages.move_stage(actor=admin, stage_id=demo.id, index=2)
    assert names() == ['New', 'Contacted', 'Demo booked', 'Qualified', 'Converted', 'Lost']
    stages.move_stage(actor=admin, stage_id=demo.id, index=99)
    assert names()[-1] == 'Demo booked'
    stages.move_stage(actor=admin, stage_id=demo.id, index=-3)
    assert names()[0] == 'Demo booked'
    assert [st.position for st in stages.list_stages()] == list(range(6))


def test_system_stages_cannot_be_deleted(admin) -> None:
    for name in ('New', 'Converted', 'Lost'):
        with pytest.raises(Conflict) as refused:
            stages.delete_stage(actor=admin, stage_id=by_name(name).id, move_to_id=by_name('Contacted').id)
        assert str(refused.value) == f"System stage '{name}' can't be deleted — rename or recolor it instead."
    assert len(stages.list_stages()) == 5


def test_delete_with_move_loses_no_lead_and_logs_each_move(admin, published) -> None:
    moved_ids = make_leads(admin, 4, 'Qualified')
    kept_ids = make_leads(admin, 2, 'Contacted')
    qualified, contacted = by_name('Qualified'), by_name('Contacted')
    published.clear()

    result = stages.delete_stage(actor=admin, stage_id=qualified.id, move_to_id=contacted.id)

    assert (result.name, result.moved, result.moved_to) == ('Qualified', 4, 'Contacted')
    assert names() == ['New', 'Contacted', 'Converted', 'Lost']
    assert [st.position for st in stages.list_stages()] == [0, 1, 2, 3]
    with db.session() as s:
        all_leads = {lead.id: lead for lead in s.exec(select(Lead))}
        logged = s.exec(
            select(Activity).where(
                Activity.kind == ActivityKind.STAGE_CHANGE, col(Activity.lead_id).in_(moved_ids)
            )
        ).all()
    assert set(all_leads) == set(moved_ids) | set(kept_ids)
    assert all(all_leads[i].stage_id == contacted.id for i in moved_ids + kept_ids)
    deletion_logs = [a for a in logged if a.data.get('reason') == 'stage_deleted']
    assert sorted(a.lead_id for a in deletion_logs) == sorted(moved_ids)
    assert {a.summary for a in deletion_logs} == {
        "Stage: Qualified → Contacted (stage 'Qualified' was deleted)"
    }
    assert all(a.actor_id == admin.id and a.contact_id for a in deletion_logs)
    touched = frozenset({qualified.id, contacted.id})
    assert published == [
        events.LeadsChanged(frozenset(moved_ids), 'moved', touched, admin.id),
        events.StagesChanged('deleted', admin.id, touched),
    ]


def test_delete_needs_a_target_when_the_stage_has_leads(admin) -> None:
    make_leads(admin, 3, 'Qualified')
    qualified = by_name('Qualified')
    with pytest.raises(Invalid, match="Choose where the 3 leads in 'Qualified' go before deleting it."):
        stages.delete_stage(actor=admin, stage_id=qualified.id)
    with pytest.raises(Invalid, match='Choose another stage'):
        stages.delete_stage(actor=admin, stage_id=qualified.id, move_to_id=qualified.id)
    with pytest.raises(Invalid, match="can't be moved to 'Converted' in bulk"):
        stages.delete_stage(actor=admin, stage_id=qualified.id, move_to_id=by_name('Converted').id)
    # nothing changed by the refusals
    assert 'Qualified' in names()
    assert stages.lead_counts(actor=admin)[qualified.id] == 3


def test_empty_stage_deletes_without_a_target_and_moving_to_lost_works(admin) -> None:
    stages.delete_stage(actor=admin, stage_id=by_name('Contacted').id)
    ids = make_leads(admin, 2, 'Qualified')
    lost = by_name('Lost')
    stages.delete_stage(actor=admin, stage_id=by_name('Qualified').id, move_to_id=lost.id)
    assert {leads.get_lead(actor=admin, lead_id=i).stage_id for i in ids} == {lost.id}


def test_failed_delete_rolls_back_the_moves(admin, monkeypatch) -> None:
    ids = make_leads(admin, 2, 'Qualified')
    qualified, contacted = by_name('Qualified'), by_name('Contacted')

    def broken(*args, **kwargs):
        raise RuntimeError('disk full')

    monkeypatch.setattr(stages, '_renumber', broken)
    with pytest.raises(RuntimeError):
        stages.delete_stage(actor=admin, stage_id=qualified.id, move_to_id=contacted.id)
    assert 'Qualified' in names()
    assert {leads.get_lead(actor=admin, lead_id=i).stage_id for i in ids} == {qualified.id}


def test_overview_counts_leads_per_stage_and_per_region(admin) -> None:
    leads.create_lead(actor=admin, data={'name': 'Us', 'email': 'us@example.com', 'region': 'US'})
    leads.create_lead(actor=admin, data={'name': 'Ca', 'email': 'ca@example.com', 'region': 'CA'})
    everyone = {st.name: st.lead_count for st in stages.pipeline_overview(actor=admin)}
    canada = {st.name: st.lead_count for st in stages.pipeline_overview(actor=admin, region='ca')}
    assert everyone['New'] == 2 and canada['New'] == 1
    assert everyone['Lost'] == 0


def test_only_admins_change_stages(make_user) -> None:
    manager = make_user('max', ALL_PERMISSIONS - {'admin'})
    contacted = by_name('Contacted')
    calls = [
        lambda: stages.pipeline_overview(actor=manager),
        lambda: stages.add_stage(actor=manager, name='Nope'),
        lambda: stages.rename_stage(actor=manager, stage_id=contacted.id, name='Nope'),
        lambda: stages.recolor_stage(actor=manager, stage_id=contacted.id, color='#000000'),
        lambda: stages.move_stage(actor=manager, stage_id=contacted.id, index=0),
        lambda: stages.delete_stage(actor=manager, stage_id=contacted.id),
    ]
    for call in calls:
        with pytest.raises(Forbidden, match='Admin permission'):
            call()
    assert names() == ['New', 'Contacted', 'Qualified', 'Converted', 'Lost']


def test_stage_rows_match_the_read_models(admin) -> None:
    stages.add_stage(actor=admin, name='Proposal')
    with db.session() as s:
        rows = s.exec(select(Stage).order_by(col(Stage.position))).all()
    assert [r.key for r in rows] == [st.key for st in stages.list_stages()]
