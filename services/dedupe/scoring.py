"""Score candidate pairs and keep those whose evidence agrees.

A similar name alone is weak (most unrelated rows with common names look alike), and the same name in the
same city is not enough either: namesakes are common. A fuzzy name match therefore needs corroboration —
the same company (legal suffixes ignored), the same work email domain, an email that differs only by a
typo, or a phone that differs by one digit — and no contradiction: two different mailboxes at one company,
or different phones and different emails on both sides, are two colleagues who share a name. Exact email
or phone matches need only names that don't clearly disagree (a shared inbox or switchboard joins
different people).
"""

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, JaroWinkler

from services.dedupe.features import Features
from services.dedupe.names import nickname_index

NAME_MATCH = 88.0  # average of given and family similarity, best orientation
PART_MATCH = 80.0  # each part on its own
CLASH = 80.0  # an exact email/phone match is refused when the names' average is below this


@dataclass(frozen=True)
class ScoredPairs:
    a: np.ndarray  # row indices into the features
    b: np.ndarray
    score: np.ndarray
    reasons: list[list[str]]


def _sim(x: np.ndarray, y: np.ndarray, scorer=JaroWinkler.normalized_similarity) -> np.ndarray:
    if len(x) == 0:
        return np.zeros(0)
    return process.cpdist(x, y, scorer=scorer, workers=-1).astype(float)


def part_similarity(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Name-part similarity, 0-100, deliberately strict: equal 100, one typo 92, two typos in a long name
    85, anything else at most 80. (Jaro-Winkler rates 'Leylan' / 'Leyleyka' 0.9: too kind for names.)"""
    if len(x) == 0:
        return np.zeros(0)
    typos = process.cpdist(x, y, scorer=OSA.distance, workers=-1)
    shorter = np.minimum(
        np.fromiter((len(v) for v in x), int, len(x)), np.fromiter((len(v) for v in y), int, len(y))
    )
    ratio = np.minimum(_sim(x, y, Indel.normalized_similarity) * 100, 80.0)
    return np.where(
        x == y,
        100.0,
        np.where((typos <= 1) & (shorter >= 3), 92.0, np.where((typos <= 2) & (shorter >= 8), 85.0, ratio)),
    )


def _given_similarity(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Similarity of given names (0-100) and whether the match is a nickname or an initial."""
    sim = part_similarity(x, y)
    special = np.zeros(len(x), dtype=bool)
    nicknames = nickname_index()
    for k in np.flatnonzero(sim < 92):
        g1, g2 = x[k], y[k]
        if not g1 or not g2:
            continue
        if (len(g1) == 1 or len(g2) == 1) and g1[0] == g2[0]:
            sim[k], special[k] = 90.0, True
        elif nicknames.are_related(g1, g2):
            sim[k], special[k] = 97.0, True
    return sim, special


def _name_scores(f: Features, a: np.ndarray, b: np.ndarray):
    """Best orientation: (average, given part, family part, swapped?, nickname/initial?)."""
    straight_g, straight_special = _given_similarity(f.given[a], f.given[b])
    straight_f = part_similarity(f.family[a], f.family[b])
    swap_g, swap_special = _given_similarity(f.given[a], f.family[b])
    swap_f = part_similarity(f.family[a], f.given[b])
    use_swap = swap_g + swap_f > straight_g + straight_f + 1e-9
    given = np.where(use_swap, swap_g, straight_g)
    family = np.where(use_swap, swap_f, straight_f)
    special = np.where(use_swap, swap_special, straight_special)
    return (given + family) / 2, given, family, use_swap, special


def _filled(x: np.ndarray) -> np.ndarray:
    return x != ''


def score_pairs(f: Features, a: np.ndarray, b: np.ndarray) -> ScoredPairs:
    # cheap evidence first, so names are scored only for pairs that could still qualify
    same_email = _filled(f.email[a]) & (f.email[a] == f.email[b])
    same_phone = _filled(f.phone[a]) & (f.phone[a] == f.phone[b])
    both_company = _filled(f.company[a]) & _filled(f.company[b])
    same_company = both_company & (f.company[a] == f.company[b])
    same_domain = _filled(f.work_domain[a]) & (f.work_domain[a] == f.work_domain[b])
    both_email = _filled(f.email[a]) & _filled(f.email[b])
    local_sim = _sim(f.email_local[a], f.email_local[b], Indel.normalized_similarity) * 100
    same_mail_domain = both_email & (f.email_domain[a] == f.email_domain[b])
    same_digits = f.email_digits[a] == f.email_digits[b]
    # a typo in a work address; a free-mail address counts only with names intact (checked below), since
    # 'mary_wright@' and 'mark_wright@' differ by just the letter their names differ by
    similar_work_email = (same_domain & (local_sim >= 80) & same_digits) | (
        same_company & both_email & (local_sim >= 90)
    )
    similar_free_email = (
        same_mail_domain
        & ~same_domain
        & same_digits
        & (_sim(f.email_local[a], f.email_local[b], OSA.distance) <= 1)
    )
    similar_email = similar_work_email | similar_free_email
    both_phone = _filled(f.phone[a]) & _filled(f.phone[b])
    similar_phone = both_phone & (_sim(f.phone[a], f.phone[b], OSA.distance) <= 1)
    exact = same_email | same_phone
    corroborated = same_company | same_domain | similar_email | similar_phone
    strong = same_company | same_domain | similar_work_email | similar_phone
    colleagues = (same_domain & ~similar_email) | (
        both_email & ~similar_email & ~same_email & both_phone & ~similar_phone
    )
    worth = exact | (corroborated & ~colleagues)
    a, b = a[worth], b[worth]
    same_email, same_phone, same_company, same_domain = (
        same_email[worth],
        same_phone[worth],
        same_company[worth],
        same_domain[worth],
    )
    similar_email, similar_phone, exact = similar_email[worth], similar_phone[worth], exact[worth]
    strong = strong[worth]

    name, given, family, swapped, special = _name_scores(f, a, b)
    names_known = _filled(f.given[a]) & _filled(f.given[b]) & _filled(f.family[a]) & _filled(f.family[b])
    fuzzy_name = (name >= NAME_MATCH) & (given >= PART_MATCH) & (family >= PART_MATCH)
    names_clash = names_known & (name < CLASH)
    intact = (given >= 97) & (family >= 97)
    keep = (exact & ~names_clash) | (fuzzy_name & (strong | intact))

    scores = np.where(same_email, 100.0, np.where(same_phone, 97.0, np.minimum(95.0, 0.6 * name + 38)))
    reasons: list[list[str]] = []
    idx = np.flatnonzero(keep)
    for k in idx:
        why: list[str] = []
        if same_email[k]:
            why.append('same email')
        if same_phone[k]:
            why.append('same phone')
        if names_known[k]:
            why.append(f'name {round(name[k])} % similar')
        if swapped[k] and names_known[k]:
            why.append('first and last name swapped')
        if special[k]:
            why.append('nickname or initial')
        if same_company[k]:
            why.append('same company')
        if same_domain[k] and not same_email[k]:
            why.append('same email domain')
        if similar_email[k] and not same_email[k]:
            why.append('similar email')
        if similar_phone[k] and not same_phone[k]:
            why.append('similar phone')
        reasons.append(why)
    return ScoredPairs(a=a[idx], b=b[idx], score=np.round(scores[idx], 1), reasons=reasons)
