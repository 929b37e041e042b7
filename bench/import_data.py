"""The seeded, realistic people of the import benchmark: names, companies, cities, vendor-style statuses and
sources, with ~2 % of the incoming rows planted as duplicates of existing contacts."""

import numpy as np
import pandas as pd


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph '
    'Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Ashley '
    'Donald Kimberly Steven Emily Andrew Donna Paul Michelle Joshua Carol Kenneth Amanda Kevin Melissa Brian '
    'Deborah George Stephanie Timothy Rebecca Ronald Sharon Jason Laura Edward Cynthia Jeffrey Dorothy Ryan '
    'Amy Jacob Kathleen Gary Angela Nicholas Shirley Eric Emma Jonathan Brenda Stephen Pamela Larry Nicole '
    'Justin Anna Scott Samantha Brandon Katherine Benjamin Christine Samuel Debra Gregory Rachel Alexander '
    'Carolyn Frank Janet Patrick Maria Raymond Olivia Jack Heather Dennis Helen José Zoë François Søren '
    'Ana María Łukasz Chloé'
)
LAST = _words(
    'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson '
    'Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis '
    'Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall '
    'Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins '
    'Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly '
    'Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes '
    'Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jiménez Müller Østergaard Dubois'
)
WORDS = _words(
    'Acme Apex Blue Bright Cedar Summit North Harbor Pioneer Vertex Quantum Silver Golden Maple River Stone '
    'Oak Pine Falcon Eagle Atlas Nova Orbit Prime Crest Delta Echo Lumen Zenith Horizon Granite Iron Coastal '
    'Metro Urban Valley Peak Alpine Sterling Liberty Union Pacific Atlantic Northern Southern Western Eastern '
    'Global United Royal Sun Moon Star Cloud Swift Rapid Smart Clear True Bold Keystone Redwood'
)
SUFFIX = ('Inc', 'LLC', 'Ltd', 'Corp', 'Group', 'Partners', 'Co', 'Solutions', 'Labs', 'Systems')
CITIES = [
    ('Austin', 'TX'),
    ('Denver', 'CO'),
    ('Seattle', 'WA'),
    ('Boston', 'MA'),
    ('Chicago', 'IL'),
    ('Miami', 'FL'),
    ('Portland', 'OR'),
    ('Toronto', 'ON'),
    ('Vancouver', 'BC'),
    ('Phoenix', 'AZ'),
]
STATUS = (
    'Open - Not Contacted',
    'Working - Contacted',
    'Qualified',
    'Closed - Converted',
    'Closed - Not Converted',
    'NEW',
    'ATTEMPTED_TO_CONTACT',
    'IN_PROGRESS',
    '',
)
SOURCE = ('Web', 'Referral', 'LinkedIn', 'Cold Call', 'Trade Show', 'Email', 'Partner Referral', '')
HEADER = [
    'First Name',
    'Last Name',
    'Email',
    'Phone',
    'Company',
    'Title',
    'City',
    'State',
    'Country',
    'Lead Status',
    'Lead Source',
    'Tags',
    'Next Call',
    'Notes',
]


def people(n: int, seed: int, id_offset: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = np.array(FIRST, dtype=object)[rng.integers(0, len(FIRST), n)]
    last = np.array(LAST, dtype=object)[rng.integers(0, len(LAST), n)]
    serial = np.arange(id_offset, id_offset + n).astype(str)
    domains = np.array(
        ['gmail.com', 'outlook.com', 'yahoo.com', 'acme.io', 'mail.ca', 'example.org'], dtype=object
    )
    email = (
        pd.Series(first).str.lower().str.normalize('NFKD').str.encode('ascii', 'ignore').str.decode('ascii')
        + '.'
        + pd.Series(last).str.lower().str.normalize('NFKD').str.encode('ascii', 'ignore').str.decode('ascii')
        + serial
        + '@'
        + domains[rng.integers(0, len(domains), n)]
    )
    digits = (2_000_000_000 + (np.arange(id_offset, id_offset + n) * 7919) % 7_999_999_999).astype(str)
    fmt = rng.integers(0, 5, n)
    d = pd.Series(digits)
    phone = np.select(
        [fmt == 0, fmt == 1, fmt == 2, fmt == 3],
        [
            '(' + d.str[:3] + ') ' + d.str[3:6] + '-' + d.str[6:],
            d.str[:3] + '.' + d.str[3:6] + '.' + d.str[6:],
            '+1 ' + d.str[:3] + ' ' + d.str[3:6] + ' ' + d.str[6:],
            d,
        ],
        '1-' + d.str[:3] + '-' + d.str[3:6] + '-' + d.str[6:],
    )
    phone = np.where(rng.random(n) < 0.1, '', phone)
    email = np.where((phone != '') & (rng.random(n) < 0.08), '', email)
    words = np.array(WORDS, dtype=object)
    company = (
        words[rng.integers(0, len(words), n)]
        + ' '
        + words[rng.integers(0, len(words), n)]
        + ' '
        + np.array(SUFFIX, dtype=object)[rng.integers(0, len(SUFFIX), n)]
    )
    city_idx = rng.integers(0, len(CITIES), n)
    tags = np.array(['', '', 'vip', 'hot; newsletter', 'partner', 'cold'], dtype=object)[
        rng.integers(0, 6, n)
    ]
    next_call = np.where(
        rng.random(n) < 0.3,
        pd.Series(
            pd.Timestamp('2026-12-01') + pd.to_timedelta(rng.integers(0, 90 * 24, n), unit='h')
        ).dt.strftime('%m/%d/%Y %H:%M'),
        '',
    )
    notes = np.where(rng.random(n) < 0.15, 'Asked for a call back, "after lunch", re: pricing, tier 2', '')
    return pd.DataFrame(
        {
            'First Name': first,
            'Last Name': last,
            'Email': email,
            'Phone': phone,
            'Company': company,
            'Title': np.array(['CEO', 'CTO', 'Buyer', 'Manager', 'Owner', ''], dtype=object)[
                rng.integers(0, 6, n)
            ],
            'City': [CITIES[i][0] for i in city_idx],
            'State': [CITIES[i][1] for i in city_idx],
            'Country': np.where(np.isin(city_idx, [7, 8]), 'Canada', 'USA'),
            'Lead Status': np.array(STATUS, dtype=object)[rng.integers(0, len(STATUS), n)],
            'Lead Source': np.array(SOURCE, dtype=object)[rng.integers(0, len(SOURCE), n)],
            'Tags': tags,
            'Next Call': next_call,
            'Notes': notes,
        }
    )


def plant_duplicates(
    frame: pd.DataFrame, existing: pd.DataFrame | None, seed: int, share: float = 0.02
) -> pd.DataFrame:
    """~share of rows become duplicates: of existing contacts (email case / phone format) and inside the file."""
    rng = np.random.default_rng(seed)
    n = len(frame)
    k = int(n * share)
    out = frame.copy()
    targets = rng.choice(n, k, replace=False)
    half = k // 2 if existing is not None else 0
    if half:
        sources = existing.iloc[rng.choice(len(existing), half, replace=False)]
        rows = targets[:half]
        out.loc[rows, 'Email'] = sources['Email'].str.upper().values
        out.loc[rows, 'First Name'] = sources['First Name'].values
        out.loc[rows, 'Last Name'] = sources['Last Name'].values
    rows = targets[half:]
    twins = rng.integers(0, n, len(rows))
    out.loc[rows, 'Phone'] = out.loc[twins, 'Phone'].values
    out.loc[rows, 'Email'] = out.loc[twins, 'Email'].values
    return out
