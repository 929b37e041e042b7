"""The lead page's edit form: the person's fields and the lead's own (source, product type, value)."""

from decimal import Decimal

from pydantic import BaseModel, field_validator, model_validator

from models.text import EMAIL_PATTERN, clean

CONTACT_FIELDS = ('name', 'email', 'phone', 'company', 'job_title', 'city', 'state', 'country', 'region')
LEAD_FIELDS = ('source', 'product_type', 'value')
LABELS = {
    'name': 'Name',
    'email': 'Email',
    'phone': 'Phone',
    'company': 'Company',
    'job_title': 'Job title',
    'city': 'City',
    'state': 'State/province',
    'country': 'Country',
    'region': 'Region',
    'source': 'Source',
    'product_type': 'Product type',
    'value': 'Value',
}


class LeadFieldsEdit(BaseModel):
    name: str
    email: str = ''
    phone: str = ''
    company: str = ''
    job_title: str = ''
    city: str = ''
    state: str = ''
    country: str = ''
    region: str = ''
    source: str = ''
    product_type: str = ''
    value: Decimal | None = None

    @field_validator(*CONTACT_FIELDS, 'source', 'product_type', mode='before')
    @classmethod
    def _strip(cls, value: object) -> str:
        return clean(value)

    @field_validator('value', mode='before')
    @classmethod
    def _value(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value

    @field_validator('name')
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise ValueError('Please enter a name.')
        return value

    @field_validator('email')
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not EMAIL_PATTERN.match(value):
            raise ValueError(f'{value!r} is not a valid email address.')
        return value

    @field_validator('phone')
    @classmethod
    def _phone(cls, value: str) -> str:
        digits = sum(ch.isdigit() for ch in value)
        if value and not 7 <= digits <= 15:
            raise ValueError(f'{value!r} is not a valid phone number (it needs 7 to 15 digits).')
        return value

    @model_validator(mode='after')
    def _reachable(self) -> 'LeadFieldsEdit':
        if not self.email and not self.phone:
            raise ValueError('Please enter a phone number or an email address (at least one).')
        if self.value is not None and self.value < 0:
            raise ValueError('The value cannot be negative.')
        return self
