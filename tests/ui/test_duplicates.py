"""/contacts/duplicates through the NiceGUI `user` fixture: merge with choices and undo, dismiss, mark lost."""

from nicegui.testing import User

from models import Contact
from services import db, leads, stages
from tests.services.contact_factory import add_contact, add_lead
from tests.ui.helpers import sign_in


async def test_merge_with_a_choice_then_undo(user: User, admin) -> None:
    a = add_contact('Ann Lee', email='ann@lee.com', company='Lee Inc')
    b = add_contact('Ann Lee', email='ANN@lee.com', phone='+1 555 010 1234', company='Lee Consulting')
    await sign_in(user, 'admin')
    await user.open('/contacts/duplicates')
    await user.should_see('1 cluster of likely duplicates', retries=100)
    await user.should_see('same email')
    user.find(marker=f'merge-{a}-{b}').click()
    await user.should_see(marker='merge-dialog')
    user.find(marker='merge-company').elements.pop().set_value('second')
    user.find(marker='merge-confirm').click()
    await user.should_see(f'Merged into #{a} Ann Lee.')
    with db.session() as s:
        survivor = s.get(Contact, a)
        assert survivor.company == 'Lee Consulting' and survivor.phone == '+1 555 010 1234'
        assert s.get(Contact, b) is None
    user.find(marker='undo-merge-1').click()
    await user.should_see('Merge undone: both records are back.')
    with db.session() as s:
        assert s.get(Contact, a).company == 'Lee Inc'
        assert s.get(Contact, b).company == 'Lee Consulting'


async def test_not_a_duplicate_hides_the_pair_for_good(user: User, admin) -> None:
    a = add_contact('Ann Lee', email='ann@lee.com')
    b = add_contact('Ann Lee', email='ANN@lee.com')
    await sign_in(user, 'admin')
    await user.open('/contacts/duplicates')
    await user.should_see(marker=f'dismiss-{a}-{b}', retries=100)
    user.find(marker=f'dismiss-{a}-{b}').click()
    await user.should_see('No likely duplicates')
    await user.open('/contacts/duplicates')
    await user.should_see('No likely duplicates', retries=100)


async def test_mark_a_duplicate_lead_as_lost(user: User, admin) -> None:
    _, a = add_lead(admin, 'Tom Ray', email='tom@ray.co')
    lead_b, b = add_lead(admin, 'Tom Ray', email='TOM@ray.co', phone='+1 555 010 9876')
    await sign_in(user, 'admin')
    await user.open('/contacts/duplicates')
    await user.should_see(marker=f'mark-lost-{b}', retries=100)
    user.find(marker=f'mark-lost-{b}').click()
    await user.should_see(f'1 lead marked as Lost (duplicate of #{a}).')
    lost = next(st for st in stages.list_stages() if st.key == 'LOST')
    assert leads.get_lead(actor=admin, lead_id=lead_b).stage_id == lost.id


async def test_someone_elses_merge_marks_the_scan_stale(user: User, admin, make_user) -> None:
    from services import merge

    ana = make_user('ana', {'create_leads', 'manage_leads'})
    a = add_contact('Ann Lee', email='ann@lee.com')
    b = add_contact('Ann Lee', email='ANN@lee.com')
    await sign_in(user, 'admin')
    await user.open('/contacts/duplicates')
    await user.should_see('1 cluster of likely duplicates', retries=100)
    await user.should_not_see('Someone merged or deleted contacts since this scan.')
    merge.merge_contacts(actor=ana, survivor_id=a, merged_id=b)
    await user.should_see('Someone merged or deleted contacts since this scan.', retries=50)
