"""Settings → General: the claim window, regions, phone region, lead sources and product types.

Each value is checked here with a message that says what is wrong and what is accepted; storing and
announcing the change is app_settings.update's job."""

import re
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import geocoder
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from models import UserRead
from models.text import clean
from services import access, app_settings, db
from services.errors import Invalid

MIN_CLAIM_HOURS, MAX_CLAIM_HOURS = 1, 720
MAX_LIST_ITEM = 64
MAX_LIST_LENGTH = 100
FALLBACK_SOURCE = 'Other'
_REGION = re.compile(r'^[A-Z0-9][A-Z0-9-]{0,15}$')


class GeneralSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    claim_window_hours: int
    default_region: str
    phone_region: str
    regions: list[str]
    lead_sources: list[str]
    product_types: list[str]


def get_general(*, actor: UserRead) -> GeneralSettings:
    with db.session() as s:
        access.require(s, actor, 'admin')
        return _read(s)


def update_general(
    *,
    actor: UserRead,
    claim_window_hours: int | float | str | None = None,
    default_region: str | None = None,
    phone_region: str | None = None,
    regions: list[str] | None = None,
    lead_sources: list[str] | None = None,
    product_types: list[str] | None = None,
) -> GeneralSettings:
    """Change the given settings (None: leave as is). Nothing is stored unless every given value is valid."""
    with db.session() as s:
        access.require(s, actor, 'admin')
        current = _read(s)
    values: dict[str, Any] = {}
    if claim_window_hours is not None:
        values['claim_window_hours'] = parse_claim_window(claim_window_hours)
    if phone_region is not None:
        values['phone_region'] = parse_phone_region(phone_region)
    if regions is not None:
        values['regions'] = parse_regions(regions)
    if default_region is not None or regions is not None:
        in_use = values.get('regions', current.regions)
        wanted = default_region if default_region is not None else current.default_region
        values['default_region'] = parse_default_region(wanted, in_use)
    if lead_sources is not None:
        values['lead_sources'] = parse_lead_sources(lead_sources)
    if product_types is not None:
        values['product_types'] = parse_names(product_types, what='product type', required=False)
    if not values:
        return current
    return _shape(app_settings.update(actor=actor, values=values))


def parse_claim_window(value: int | float | str) -> int:
    message = f'The claim window must be a whole number of hours from {MIN_CLAIM_HOURS} to {MAX_CLAIM_HOURS}.'
    try:
        number = float(str(value).strip())
    except ValueError:
        raise Invalid(message) from None
    if not number.is_integer() or not MIN_CLAIM_HOURS <= number <= MAX_CLAIM_HOURS:
        raise Invalid(message)
    return int(number)


def parse_phone_region(value: str) -> str:
    code = clean(value).upper()
    if not code:
        raise Invalid('Please choose a default phone region (a country such as US, CA or GB).')
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise Invalid(
            f'{code!r} is not a country code phone numbers use — pick a country such as US, CA or GB.'
        )
    return code


def parse_regions(values: list[str]) -> list[str]:
    result: list[str] = []
    for value in values:
        code = clean(value).upper()
        if not code:
            continue
        if not _REGION.match(code):
            raise Invalid(
                f'{code!r} is not a region code — use up to 16 letters, digits or dashes, such as US or CA.'
            )
        if code in result:
            raise Invalid(f'The region {code} is listed twice.')
        result.append(code)
    if not result:
        raise Invalid('Keep at least one region in use.')
    return result


def parse_default_region(value: str, regions: list[str]) -> str:
    code = clean(value).upper()
    if code not in regions:
        raise Invalid(f'The default region must be one of the regions in use ({", ".join(regions)}).')
    return code


def parse_lead_sources(values: list[str]) -> list[str]:
    result = parse_names(values, what='lead source', required=True)
    if FALLBACK_SOURCE.casefold() not in {v.casefold() for v in result}:
        raise Invalid(
            f"Keep '{FALLBACK_SOURCE}' among the lead sources: imports file unknown sources under it."
        )
    return result


def parse_names(values: list[str], *, what: str, required: bool) -> list[str]:
    result: list[str] = []
    seen: set[str] = set()
    for value in values:
        name = ' '.join(clean(value).split())
        if not name:
            continue
        if len(name) > MAX_LIST_ITEM:
            raise Invalid(f'A {what} can have at most {MAX_LIST_ITEM} characters: {name[:20]!r}… is longer.')
        if name.casefold() in seen:
            raise Invalid(f'The {what} {name!r} is listed twice.')
        seen.add(name.casefold())
        result.append(name)
    if required and not result:
        raise Invalid(f'Keep at least one {what}.')
    if len(result) > MAX_LIST_LENGTH:
        raise Invalid(f'Keep at most {MAX_LIST_LENGTH} entries in the {what} list.')
    return result


@cache
def phone_region_choices() -> dict[str, str]:
    """Every country phonenumbers knows, code -> 'GB — United Kingdom (+44)', for the region picker."""
    choices: dict[str, str] = {}
    for code in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number(code)
        name = geocoder.country_name_for_number(example, 'en') if example else ''
        prefix = phonenumbers.country_code_for_region(code)
        choices[code] = f'{code} — {name} (+{prefix})' if name else f'{code} (+{prefix})'
    return choices


def _read(s: Session) -> GeneralSettings:
    return GeneralSettings(**{key: app_settings.read(s, key) for key in GeneralSettings.model_fields})


def _shape(values: dict[str, Any]) -> GeneralSettings:
    return GeneralSettings(**{key: values[key] for key in GeneralSettings.model_fields})
