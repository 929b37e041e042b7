"""Comparable features of every contact, computed once per scan, column-wise."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from services.dedupe.names import FREE_MAIL_DOMAINS, company_key, given_and_family, nickname_index

INPUT_COLUMNS = ('id', 'name', 'first_name', 'last_name', 'email', 'phone', 'company')


@dataclass(frozen=True)
class Features:
    ids: np.ndarray
    given: np.ndarray  # object arrays of str, '' when unknown
    family: np.ndarray
    email: np.ndarray
    email_local: np.ndarray
    email_digits: np.ndarray  # 'jsmith82' -> '82': a different number usually means a different person
    email_domain: np.ndarray
    work_domain: np.ndarray  # the email domain unless it is a free-mail provider
    phone: np.ndarray  # last 10 digits: '+1 (555) 010-2030' and '555.010.2030' agree
    company: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series([''] * len(frame), index=frame.index, dtype=object)
    return frame[column].fillna('').astype(str).str.strip()


def _mapped(series: pd.Series, fn) -> np.ndarray:
    """Apply `fn` once per distinct value (names and companies repeat a lot)."""
    codes, uniques = pd.factorize(series)
    values = np.array([fn(u) for u in uniques] + [''], dtype=object)
    return values[codes]


def build_features(frame: pd.DataFrame) -> Features:
    first, last, full = _text(frame, 'first_name'), _text(frame, 'last_name'), _text(frame, 'name')
    # the common case (both parts filled) maps each distinct first and last name once
    given = _mapped(first, lambda v: given_and_family(v, 'x', '')[0])
    family = _mapped(last, lambda v: given_and_family('x', v, '')[1])
    unusual = np.flatnonzero((first == '').to_numpy() | (last == '').to_numpy())
    for k in unusual:
        given[k], family[k] = given_and_family(first.iat[k], last.iat[k], full.iat[k])

    email = _text(frame, 'email').str.lower()
    parts = email.str.partition('@')
    local = parts[0].to_numpy(dtype=object) if len(email) else np.array([], dtype=object)
    domain = parts[2].to_numpy(dtype=object) if len(email) else np.array([], dtype=object)
    work_domain = np.where(pd.Series(domain).isin(FREE_MAIL_DOMAINS).to_numpy(), '', domain).astype(object)

    phone = _text(frame, 'phone').str.replace(r'\D', '', regex=True).str[-10:]
    phone = phone.where(phone.str.len() >= 7, '')
    company = _mapped(_text(frame, 'company'), company_key)
    nickname_index()  # load the dataset before timing-sensitive loops
    return Features(
        ids=frame['id'].to_numpy(),
        given=given,
        family=family,
        email=email.to_numpy(dtype=object),
        email_local=local,
        email_digits=pd.Series(local, dtype=object).str.replace(r'\D', '', regex=True).to_numpy(dtype=object),
        email_domain=domain,
        work_domain=work_domain,
        phone=phone.to_numpy(dtype=object),
        company=company,
    )
