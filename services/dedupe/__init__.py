"""Whole-database duplicate detection: exact keys plus blocked, corroborated fuzzy name matching.

`find_duplicate_pairs(frame)` works on a pandas DataFrame with the columns of `INPUT_COLUMNS` and touches no
database, so the benchmark and the scan service share it; `services.dedupe.scan` feeds it from the database.
"""

import numpy as np
import pandas as pd

from services.dedupe.candidates import fuzzy_name_pairs, pairs_sharing
from services.dedupe.clusters import DuplicateCluster, DuplicatePair, build_clusters
from services.dedupe.features import INPUT_COLUMNS, build_features
from services.dedupe.scoring import score_pairs

__all__ = [
    'INPUT_COLUMNS',
    'DuplicateCluster',
    'DuplicatePair',
    'build_clusters',
    'find_duplicate_clusters',
    'find_duplicate_pairs',
]


def find_duplicate_pairs(
    frame: pd.DataFrame, *, dismissed: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset()
) -> list[DuplicatePair]:
    """Likely duplicate pairs (contact_id < other_contact_id), minus pairs dismissed as 'not a duplicate'."""
    if len(frame) < 2:
        return []
    f = build_features(frame.reset_index(drop=True))
    parts = [pairs_sharing(f.email), pairs_sharing(f.phone), fuzzy_name_pairs(f)]
    a = np.concatenate([p[0] for p in parts]).astype(np.int64)
    b = np.concatenate([p[1] for p in parts]).astype(np.int64)
    if len(a) == 0:
        return []
    unique = np.unique(np.stack([a, b], axis=1), axis=0)
    scored = score_pairs(f, unique[:, 0], unique[:, 1])
    pairs = []
    for i, j, score, reasons in zip(scored.a, scored.b, scored.score, scored.reasons, strict=True):
        x, y = int(f.ids[i]), int(f.ids[j])
        x, y = min(x, y), max(x, y)
        if (x, y) not in dismissed:
            pairs.append(DuplicatePair(contact_id=x, other_contact_id=y, score=float(score), reasons=reasons))
    return pairs


def find_duplicate_clusters(
    frame: pd.DataFrame, *, dismissed: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset()
) -> list[DuplicateCluster]:
    return build_clusters(find_duplicate_pairs(frame, dismissed=dismissed))
