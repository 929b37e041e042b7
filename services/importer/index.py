"""Search-index text for imported contacts, built column-wise but equal to services.search.document."""

import json

import numpy as np
import pandas as pd

from services.normalize import fold, phone_digits

_WS = r'[\t\n\x0b\x0c\r\x1c-\x1f ]+'
_SEP = '\x1e'


def fold_column(values: pd.Series) -> pd.Series:
    """services.normalize.fold for a whole column: ASCII cells by string ops, the rest one by one; each
    distinct value once (names, companies and cities repeat a lot)."""
    codes, uniques = pd.factorize(values.astype(str), use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=str)
    ascii_only = ~distinct.str.contains(r'[^\x00-\x7f]', regex=True).to_numpy()
    folded = distinct.str.replace(_WS, ' ', regex=True).str.strip(' ').str.lower()
    if not ascii_only.all():
        folded = folded.astype(object)
        folded[~ascii_only] = [fold(v) for v in distinct[~ascii_only].tolist()]
    return pd.Series(folded.to_numpy(dtype=object)[codes], index=values.index, dtype=str)


def search_bodies(rows: pd.DataFrame) -> list[str]:
    """rows: name, email, company, phone, phone_e164, secondary_emails/phones (JSON text) per contact."""
    parts = [fold_column(rows[c]) for c in ('name', 'email', 'company')]
    typed = rows['phone'].astype(str).str.replace(r'\D', '', regex=True)
    e164 = rows['phone_e164'].fillna('').astype(str).str.lstrip('+')
    # typed digits the international number already holds are left out (services.search.document)
    digits = pd.Series(
        ['' if d in e else d for d, e in zip(typed.tolist(), e164.tolist(), strict=True)],
        index=rows.index,
        dtype=str,
    )
    extra_emails = rows['secondary_emails'].astype(str)
    extra_phones = rows['secondary_phones'].astype(str)
    # the parts joined by a separator folded text can't hold (fold turns \x1e into a space), empty parts
    # squeezed out, then the separator shown as ' | ': services.search.document, column-wise
    joined = parts[0]
    for part in [*parts[1:], digits, e164]:
        joined = joined + _SEP + part
    joined = ' ' + (
        joined.str.replace(_SEP + '+', _SEP, regex=True).str.strip(_SEP).str.replace(_SEP, ' | ', regex=False)
    )
    bodies = joined.to_numpy(dtype=object)
    extra = (extra_emails.ne('[]') | extra_phones.ne('[]')).to_numpy()
    if extra.any():
        columns = [p.to_numpy(dtype=object) for p in parts]
        digit_arr, e164_arr = digits.to_numpy(dtype=object), e164.to_numpy(dtype=object)
        emails_arr, phones_arr = extra_emails.to_numpy(dtype=object), extra_phones.to_numpy(dtype=object)
        for i in np.flatnonzero(extra):
            fields = [columns[0][i], columns[1][i], columns[2][i]]
            fields += [fold(e) for e in json.loads(emails_arr[i])]
            numbers = (
                [digit_arr[i]] + [phone_digits(p) for p in json.loads(phones_arr[i]) if p] + [e164_arr[i]]
            )
            bodies[i] = ' ' + ' | '.join([f for f in fields + numbers if f])
    return bodies.tolist()
