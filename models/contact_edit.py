"""The lead page's edit form: the person's fields and the lead's own (source, product type, value)."""

from decimal import Decimal

from pydantic import BaseModel, field_validator, model_validator

from models.text import clean, require_reachable, required_name, valid_email, valid_phone

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

    _name = field_validator('name')(required_name)
    _email = field_validator('email')(valid_email)
    _phone = field_validator('phone')(valid_phone)

    @model_validator(mode='after')
    def _reachable(self) -> 'LeadFieldsEdit':
        require_reachable(self.email, self.phone)
        if self.value is not None and self.value < 0:
            raise ValueError('The value cannot be negative.')
        return self
