"""Which claim cluster a new claim mention joins: nearest neighbours, then a combined score.

A mention joins the cluster of one of its k nearest neighbours (from the ANN index) when

    cosine + lexical_weight * concept overlap + entity_weight * canonical-entity overlap

passes ``link_threshold``, the two share an *anchor* (a concept that is not everywhere in the
corpus: "defeat", not "war" in a pile about a war) unless their cosine alone is very high, and
the mention is not far from the cluster's centroid (which stops a chain of near neighbours from
drifting across topics); otherwise it starts a new cluster. Concept overlap is weighted by
inverse document frequency over the corpus' claim mentions, kept up to date incrementally.

The cost is k comparisons per mention, so placing n mentions costs O(n k log n) with the index.
Mentions are placed in a fixed order (document id, offset), so a build is reproducible.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

from hearsay.claim_text import jaccard
from hearsay.models import content_id

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class ClusterParams:
    """Tunable; override any of them with ``settings.extra["claim_clusters"] = {...}``."""

    neighbours: int = 20
    link_threshold: float = 0.76
    centroid_floor: float = 0.68
    lexical_weight: float = 0.50
    entity_weight: float = 0.05
    min_cosine: float = 0.65  # no wording overlap makes up for less than this
    sure_cosine: float = 0.80  # links without a shared anchor concept
    anchor_share: float = 0.10  # a concept in at most this share of mentions is an anchor
    move_margin: float = 0.05  # the second look moves a mention only for a clearly better home

    @classmethod
    def from_settings(cls, extra: dict[str, Any]) -> ClusterParams:
        given = extra.get("claim_clusters", {}) or {}
        known = {f.name for f in fields(cls)}
        return cls(**{k: type(getattr(cls(), k))(v) for k, v in given.items() if k in known})


@dataclass
class ConceptStats:
    """How many claim mentions use each concept: rare shared concepts weigh more."""

    counts: dict[str, int] = field(default_factory=dict)
    mentions: int = 0

    # Small corpora are read as if they had this many mentions, so that in a pile of ten
    # sentences a word in two of them still counts as specific.
    FLOOR: ClassVar[int] = 100

    def add(self, concepts: Iterable[str]) -> None:
        self.mentions += 1
        for concept in set(concepts):
            self.counts[concept] = self.counts.get(concept, 0) + 1

    def idf(self, concept: str) -> float:
        total = max(self.mentions, self.FLOOR)
        return math.log((total + 1) / (self.counts.get(concept, 0) + 1)) + 1.0

    def is_anchor(self, concept: str, share: float) -> bool:
        return self.counts.get(concept, 0) <= share * max(self.mentions, self.FLOOR)

    def overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        """IDF-weighted overlap of two concept sets, relative to the smaller one: a short
        wording of a claim inside a long sentence still overlaps fully."""
        if not a or not b:
            return 0.0
        smaller = min(sum(self.idf(c) for c in a), sum(self.idf(c) for c in b))
        return sum(self.idf(c) for c in a & b) / smaller

    def to_json(self) -> dict[str, Any]:
        return {"counts": self.counts, "mentions": self.mentions}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ConceptStats:
        data = data or {}
        return cls(dict(data.get("counts", {})), int(data.get("mentions", 0)))


@dataclass(frozen=True)
class Placed:
    """What placing needs to know about a mention already in a cluster."""

    cluster_id: str
    entities: frozenset[str]
    concepts: frozenset[str]


@dataclass
class Newcomer:
    key: str  # the mention id: a new cluster is named after its first mention
    entities: frozenset[str]
    concepts: frozenset[str]


@dataclass
class Centroids:
    """Running sums of member vectors per cluster; loaded lazily for earlier builds' clusters."""

    load: Callable[[str], tuple[np.ndarray, int]]
    sums: dict[str, tuple[np.ndarray, int]] = field(default_factory=dict)

    def cosine(self, cluster_id: str, vector: np.ndarray) -> float:
        import numpy as np

        total, count = self._get(cluster_id)
        norm = float(np.linalg.norm(total))
        return float(total @ vector) / norm if norm and count else 1.0

    def add(self, cluster_id: str, vector: np.ndarray) -> None:
        total, count = self._get(cluster_id)
        self.sums[cluster_id] = (total + vector, count + 1)

    def remove(self, cluster_id: str, vector: np.ndarray) -> None:
        total, count = self._get(cluster_id)
        self.sums[cluster_id] = (total - vector, max(count - 1, 0))

    def _get(self, cluster_id: str) -> tuple[np.ndarray, int]:
        if cluster_id not in self.sums:
            self.sums[cluster_id] = self.load(cluster_id)
        return self.sums[cluster_id]


def cluster_id_for(mention_key: str) -> str:
    return content_id("claim", mention_key)


def link_score(
    cosine: float,
    a: Placed | Newcomer,
    b: Placed | Newcomer,
    stats: ConceptStats,
    params: ClusterParams,
) -> float:
    """The combined similarity of two mentions, or 0 when they share no anchor concept."""
    shared = a.concepts & b.concepts
    if cosine < params.min_cosine:
        return 0.0
    if cosine < params.sure_cosine and not any(
        stats.is_anchor(c, params.anchor_share) for c in shared
    ):
        return 0.0
    return (
        cosine
        + params.lexical_weight * stats.overlap(a.concepts, b.concepts)
        + params.entity_weight * jaccard(a.entities, b.entities)
    )


def place(
    newcomers: Sequence[Newcomer],
    vectors: np.ndarray,
    labels: Sequence[int],
    neighbour_labels: np.ndarray,
    neighbour_similarities: np.ndarray,
    placed: dict[int, Placed],
    centroids: Centroids,
    stats: ConceptStats,
    params: ClusterParams,
) -> list[str]:
    """The cluster id of each newcomer, in order.

    ``labels[i]`` is newcomer i's label in the index, which already holds every newcomer;
    ``placed`` describes the neighbours from earlier builds. A newcomer only links to
    neighbours from earlier builds or placed before it, as if they had arrived one by one.
    """
    position = {label: i for i, label in enumerate(labels)}
    assigned: list[str] = []
    for i, newcomer in enumerate(newcomers):
        scores: dict[str, float] = {}
        for label, similarity in zip(neighbour_labels[i], neighbour_similarities[i], strict=True):
            j = position.get(int(label))
            if j is not None:
                if j >= i:
                    continue  # itself, or a newcomer not placed yet
                other = Placed(assigned[j], newcomers[j].entities, newcomers[j].concepts)
            elif int(label) in placed:
                other = placed[int(label)]
            else:
                continue
            score = link_score(float(similarity), newcomer, other, stats, params)
            scores[other.cluster_id] = max(score, scores.get(other.cluster_id, score))
        cluster = cluster_id_for(newcomer.key)
        for candidate, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            if score < params.link_threshold:
                break
            if centroids.cosine(candidate, vectors[i]) >= params.centroid_floor:
                cluster = candidate
                break
        assigned.append(cluster)
        centroids.add(cluster, vectors[i])
    _second_look(
        newcomers, vectors, neighbour_labels, neighbour_similarities, position, assigned,
        placed, centroids, stats, params,
    )  # fmt: skip
    return assigned


def _second_look(
    newcomers: Sequence[Newcomer],
    vectors: np.ndarray,
    neighbour_labels: np.ndarray,
    neighbour_similarities: np.ndarray,
    position: dict[int, int],
    assigned: list[str],
    placed: dict[int, Placed],
    centroids: Centroids,
    stats: ConceptStats,
    params: ClusterParams,
) -> None:
    """Once every newcomer has a place, move one to the cluster it is closest to on average
    among its neighbours, if that is clearly better than where one close neighbour led it.

    Placing one by one links a mention to the first cluster it touches, which may be an
    earlier chain through a common word ("interests"); the clusters formed later in the batch
    ("defeat") are its better home. Costs k comparisons per newcomer again.
    """
    for i, newcomer in enumerate(newcomers):
        affinity: dict[str, list[float]] = defaultdict(list)
        for label, similarity in zip(neighbour_labels[i], neighbour_similarities[i], strict=True):
            j = position.get(int(label))
            if j is not None:
                if j == i:
                    continue
                other = Placed(assigned[j], newcomers[j].entities, newcomers[j].concepts)
            elif int(label) in placed:
                other = placed[int(label)]
            else:
                continue
            affinity[other.cluster_id].append(
                link_score(float(similarity), newcomer, other, stats, params)
            )
        mean = {cluster: max(s) for cluster, s in affinity.items()}
        current = assigned[i]
        here = mean.get(current, 0.0)
        for cluster, score in sorted(mean.items(), key=lambda kv: (-kv[1], kv[0])):
            if cluster == current or score < params.link_threshold:
                break
            if score <= here + params.move_margin:
                break
            if centroids.cosine(cluster, vectors[i]) >= params.centroid_floor:
                centroids.remove(current, vectors[i])
                centroids.add(cluster, vectors[i])
                assigned[i] = cluster
                break
