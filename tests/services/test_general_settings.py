"""Settings → General: every value checked with a clear message, nothing stored unless all are valid."""

import pytest

from services import app_settings, events, general_settings
from services.errors import Forbidden, Invalid


def test_defaults(admin) -> None:
    current = general_settings.get_general(actor=admin)
    assert current.claim_window_hours == 24
    assert (current.default_region, current.phone_region, current.regions) == ('US', 'US', ['US', 'CA'])
    assert 'Other' in current.lead_sources


def test_update_stores_normalized_values_and_announces_them(admin) -> None:
    seen: list = []
    unsubscribe = events.subscribe(seen.append)
    try:
        result = general_settings.update_general(
            actor=admin,
            claim_window_hours='48',
            phone_region=' gb ',
            regions=['us', ' CA ', '', 'EU-WEST'],
            default_region='ca',
            lead_sources=['Website', '  Trade   show ', 'Other'],
            product_types=[],
        )
    finally:
        unsubscribe()
    assert result.claim_window_hours == 48
    assert (result.phone_region, result.regions, result.default_region) == (
        'GB',
        ['US', 'CA', 'EU-WEST'],
        'CA',
    )
    assert result.lead_sources == ['Website', 'Trade show', 'Other']
    assert result.product_types == []
    assert app_settings.get('claim_window_hours') == 48
    assert seen == [
        events.SettingsChanged(
            frozenset(
                {
                    'claim_window_hours',
                    'phone_region',
                    'regions',
                    'default_region',
                    'lead_sources',
                    'product_types',
                }
            ),
            admin.id,
        )
    ]


@pytest.mark.parametrize(
    ('changes', 'message'),
    [
        ({'claim_window_hours': 0}, 'whole number of hours from 1 to 720'),
        ({'claim_window_hours': 721}, 'whole number of hours from 1 to 720'),
        ({'claim_window_hours': 1.5}, 'whole number of hours from 1 to 720'),
        ({'claim_window_hours': 'soon'}, 'whole number of hours from 1 to 720'),
        ({'claim_window_hours': ''}, 'whole number of hours from 1 to 720'),
        ({'phone_region': ''}, 'Please choose a default phone region'),
        ({'phone_region': 'XX'}, "'XX' is not a country code"),
        ({'phone_region': 'USA'}, "'USA' is not a country code"),
        ({'regions': []}, 'Keep at least one region in use.'),
        ({'regions': ['US', 'us']}, 'The region US is listed twice.'),
        ({'regions': ['North America']}, "'NORTH AMERICA' is not a region code"),
        ({'regions': ['CA']}, r'The default region must be one of the regions in use \(CA\)'),
        ({'default_region': 'MX'}, r'must be one of the regions in use \(US, CA\)'),
        ({'lead_sources': ['Web']}, "Keep 'Other' among the lead sources"),
        ({'lead_sources': ['', ' ']}, 'Keep at least one lead source.'),
        ({'lead_sources': ['Web', 'web', 'Other']}, "The lead source 'web' is listed twice."),
        ({'product_types': ['Home', 'x' * 65]}, 'A product type can have at most 64 characters'),
        ({'product_types': ['Home', 'HOME']}, "The product type 'HOME' is listed twice."),
    ],
)
def test_bad_values_get_a_clear_message_and_nothing_is_stored(admin, changes, message) -> None:
    before = general_settings.get_general(actor=admin)
    with pytest.raises(Invalid, match=message):
        general_settings.update_general(actor=admin, **({'product_types': ['Boat']} | changes))
    assert general_settings.get_general(actor=admin) == before


def test_only_admins(make_user) -> None:
    manager = make_user('max', {'create_leads', 'manage_leads', 'view_all_leads'})
    with pytest.raises(Forbidden, match='Admin permission'):
        general_settings.get_general(actor=manager)
    with pytest.raises(Forbidden, match='Admin permission'):
        general_settings.update_general(actor=manager, claim_window_hours=2)
    assert app_settings.get('claim_window_hours') == 24


def test_phone_region_choices_name_the_countries() -> None:
    choices = general_settings.phone_region_choices()
    assert choices['GB'] == 'GB — United Kingdom (+44)'
    assert choices['CA'].startswith('CA — Canada')
    assert len(choices) > 200
