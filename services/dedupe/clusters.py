"""Pairs joined into clusters (connected components), best first."""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict


class DuplicatePair(BaseModel):
    model_config = ConfigDict(frozen=True)

    contact_id: int
    other_contact_id: int
    score: float
    reasons: list[str]


class DuplicateCluster(BaseModel):
    model_config = ConfigDict(frozen=True)

    contact_ids: list[int]
    score: float
    reasons: list[str]
    pairs: list[DuplicatePair]


def _root(parent: dict[int, int], x: int) -> int:
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]  # path halving keeps chains short
        x = parent[x]
    return x


def build_clusters(pairs: Iterable[DuplicatePair]) -> list[DuplicateCluster]:
    pairs = list(pairs)
    parent: dict[int, int] = {}
    for p in pairs:
        ra, rb = _root(parent, p.contact_id), _root(parent, p.other_contact_id)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    by_root: dict[int, list[DuplicatePair]] = {}
    for p in pairs:
        by_root.setdefault(_root(parent, p.contact_id), []).append(p)
    clusters = []
    for members in by_root.values():
        members.sort(key=lambda p: (-p.score, p.contact_id, p.other_contact_id))
        contact_ids = sorted({p.contact_id for p in members} | {p.other_contact_id for p in members})
        reasons = list(dict.fromkeys(r for p in members for r in p.reasons))
        clusters.append(
            DuplicateCluster(contact_ids=contact_ids, score=members[0].score, reasons=reasons, pairs=members)
        )
    clusters.sort(key=lambda c: (-c.score, c.contact_ids[0]))
    return clusters
