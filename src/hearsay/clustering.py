"""Which claim cluster a new claim mention joins: a sparse, order-free average-link grouping.

Candidates come from the nearest-neighbour index: each new mention is compared with its k
nearest neighbours only. A pair is a *link* when

    cosine + lexical_weight * concept overlap + entity_weight * canonical-entity overlap

passes ``link_threshold``, their cosine is at least ``min_cosine``, and they share an *anchor*
(a concept that is not everywhere in the corpus: "defeat", not "war" in a pile about a war)
that, with the rest of what they share, carries at least ``min_overlap`` of the smaller one's
concept weight — unless their cosine alone is very high. The anchor must be in what each of
the two says first, its lead clause (``claim_text.lead_clause``; a sentence of headline length
is its own lead): a long sentence of a one-story pile sits close to many claims and shares some
specific word with each, in a clause that is not its point ("Ostland backs Marvia in the press,
echoes its line that the war was provoked by disregard for Marvia's security *interests*" is
not the claim that Ostland supports Marvia on its vital *interests*). Concept overlap is
weighted by inverse document frequency over the corpus' claim mentions, kept up to date
incrementally.

Links are taken strongest first (ties broken by content ids, never by arrival order), and each
joins two groups only if the *mean* cosine between all their members stays at ``cohesion`` or
above — average linkage, computed exactly from running vector sums. A chain of near
neighbours (A like B, B like C, C like D) cannot gather a pile into one loose cluster, because
A and D must be alike on average too; a single link decides nothing on its own.

Clusters from earlier builds are groups like any other: a new mention joins one, and a new
mention can make two earlier clusters one when their members are alike on average (the
smaller is absorbed). The cost is k links per new mention and O(dimension) per merge, so
placing n mentions costs O(n k log n) with the index; no step compares all pairs.

A cluster can also come apart: the corpus' background level rises as a pile about one story
grows, concept weights shift, a re-analysed document takes out the member that held two
halves together. ``regroup`` places a cluster's members again by the same rule, over the pairs
within that cluster only, and says which of them no longer belong with the largest group. The
corpus stage runs it on the clusters a build touched (they are summarised anyway), up to
``MAX_REGROUPED`` members: O(m²) for a cluster of m, nothing for the clusters left alone.
"""

from __future__ import annotations

import math
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
    # In units of lift above the corpus' background cosine (see Background); chosen on the
    # tuning half of Emergent (bench/claim_clusters.py --sweep) among the points within 0.005
    # of its best F1, the one that also keeps a one-story pile (the seed corpus) apart.
    link_threshold: float = 0.62
    cohesion: float = 0.50  # mean combined similarity between two groups for them to merge
    lexical_weight: float = 0.50
    entity_weight: float = 0.05
    min_cosine: float = 0.50  # no wording overlap makes up for less than this
    sure_cosine: float = 0.80  # links without a shared anchor concept
    anchor_share: float = 0.10  # a concept in at most this share of mentions is an anchor
    anchor_in_lead: bool = True  # the anchor must be in the lead clauses of both
    # Below the sure cosine, the shared concepts must carry at least this share of the smaller
    # mention's concept weight (``ConceptStats.overlap``): two long sentences of one story that
    # have one specific word in common ("policy") out of a dozen each do not say the same
    # thing. Chosen on the tuning half of Emergent (0.15 and 0.16 best; 0.20 loses recall).
    min_overlap: float = 0.15

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


@dataclass
class Background:
    """How alike any two claim mentions of the corpus are: the mean cosine over all pairs of
    indexed vectors, kept from a running sum (for unit vectors, sum of pairs = |total|² - n).

    A pile about one story names the same actors and topic in every sentence, so its mentions
    sit at a cosine of 0.3 to each other before they say the same thing; a pile of many stories
    at 0.1. Every cosine is read as its lift above this level, ``(cosine - level) / (1 -
    level)``, so the thresholds mean the same in both. Small corpora are read as if they had
    ``FLOOR`` mentions (three sentences about one event are not a background, but two articles
    about one story are).
    """

    total: list[float] = field(default_factory=list)
    count: int = 0

    FLOOR: ClassVar[int] = 20

    def add(self, vectors: np.ndarray) -> None:
        import numpy as np

        if len(vectors) == 0:
            return
        summed = np.asarray(vectors, dtype=np.float64).sum(axis=0)
        self.total = list(summed + np.asarray(self.total)) if self.total else list(summed)
        self.count += len(vectors)

    def remove(self, vectors: np.ndarray) -> None:
        import numpy as np

        if len(vectors) == 0 or not self.total:
            return
        self.total = list(np.asarray(self.total) - np.asarray(vectors, dtype=np.float64).sum(0))
        self.count = max(self.count - len(vectors), 0)

    @property
    def level(self) -> float:
        if self.count < 2 or not self.total:
            return 0.0
        squared = sum(x * x for x in self.total)
        pairs = max(self.count * (self.count - 1), self.FLOOR * (self.FLOOR - 1))
        return min(max((squared - self.count) / pairs, 0.0), 0.9)

    def to_json(self) -> dict[str, Any]:
        return {"total": [round(x, 6) for x in self.total], "count": self.count}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Background:
        data = data or {}
        return cls([float(x) for x in data.get("total", [])], int(data.get("count", 0)))


def lift(cosine: float, level: float) -> float:
    """A cosine as its height above the corpus' background level (1 stays 1)."""
    return (cosine - level) / (1.0 - level)


@dataclass(frozen=True)
class Placed:
    """What placing needs to know about a mention already in a cluster."""

    cluster_id: str
    entities: frozenset[str]
    concepts: frozenset[str]
    lead: frozenset[str] | None = None  # concepts of the lead clause; None: all of them


@dataclass
class Newcomer:
    key: str  # the mention id: a new cluster is named after its first mention
    entities: frozenset[str]
    concepts: frozenset[str]
    lead: frozenset[str] | None = None  # concepts of the lead clause; None: all of them


@dataclass
class EarlierClusters:
    """What placing needs of the clusters from earlier builds, loaded lazily when a new
    mention comes near one: the sum of its members' vectors and each member's concepts."""

    load: Callable[[str], tuple[np.ndarray, list[frozenset[str]]]]

    def get(self, cluster_id: str) -> tuple[np.ndarray, list[frozenset[str]]]:
        return self.load(cluster_id)


@dataclass
class Placement:
    """Where the newcomers went, and which earlier clusters were absorbed into which."""

    clusters: list[str]  # the cluster id of each newcomer, in order
    absorbed: dict[str, str] = field(default_factory=dict)  # earlier cluster -> its new home


def cluster_id_for(mention_key: str) -> str:
    return content_id("claim", mention_key)


def link_score(
    cosine: float,
    a: Placed | Newcomer,
    b: Placed | Newcomer,
    stats: ConceptStats,
    params: ClusterParams,
    level: float = 0.0,
) -> float:
    """The combined similarity of two mentions, or 0 when they share no anchor concept.

    ``cosine`` is raw; it is lifted above the corpus' background ``level`` first.
    """
    cosine = lift(cosine, level)
    if cosine < params.min_cosine:
        return 0.0
    shared = _shared(a, b, params)
    overlap = stats.overlap(a.concepts, b.concepts)
    if cosine < params.sure_cosine and (
        overlap < params.min_overlap
        or not any(stats.is_anchor(c, params.anchor_share) for c in shared)
    ):
        return 0.0
    return (
        cosine
        + params.lexical_weight * overlap
        + params.entity_weight * jaccard(a.entities, b.entities)
    )


def _shared(a: Placed | Newcomer, b: Placed | Newcomer, params: ClusterParams) -> frozenset[str]:
    """The concepts two mentions share where an anchor counts: in both lead clauses."""
    if not params.anchor_in_lead:
        return a.concepts & b.concepts
    return (a.concepts if a.lead is None else a.lead) & (b.concepts if b.lead is None else b.lead)


@dataclass
class _Group:
    """Sums over a group's members, so the mean similarity of two groups is two dot products."""

    vectors: np.ndarray  # sum of unit sentence vectors
    words: dict[str, float]  # sum of unit IDF-weighted concept vectors
    count: int
    key: str  # the smallest newcomer key: names a new cluster whatever the arrival order
    earlier: dict[str, int] = field(default_factory=dict)  # earlier clusters in it, by size

    def absorb(self, other: _Group) -> None:
        self.vectors = self.vectors + other.vectors
        small, large = sorted((self.words, other.words), key=len)
        for concept, weight in small.items():  # smaller into larger: n log n in all
            large[concept] = large.get(concept, 0.0) + weight
        self.words = large
        self.count += other.count
        self.key = min((k for k in (self.key, other.key) if k), default="")
        self.earlier.update(other.earlier)

    def home(self) -> str | None:
        """The largest earlier cluster in the group keeps its id; None for a new cluster."""
        return min(self.earlier, key=lambda c: (-self.earlier[c], c)) if self.earlier else None

    def similarity(self, other: _Group, level: float, params: ClusterParams) -> float:
        """Mean combined similarity over all pairs of members (average linkage), exactly."""
        pairs = self.count * other.count
        if not pairs:
            return 1.0
        small, large = sorted((self.words, other.words), key=len)
        words = sum(weight * large.get(concept, 0.0) for concept, weight in small.items())
        cosine = float(self.vectors @ other.vectors) / pairs
        return lift(cosine, level) + params.lexical_weight * words / pairs


def concept_vector(concepts: Iterable[str], stats: ConceptStats) -> dict[str, float]:
    """Unit-length IDF weights of a mention's concepts (its lexical direction)."""
    weights = {c: stats.idf(c) for c in concepts}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {c: w / norm for c, w in weights.items()} if norm else {}


def place(
    newcomers: Sequence[Newcomer],
    vectors: np.ndarray,
    labels: Sequence[int],
    neighbour_labels: np.ndarray,
    neighbour_similarities: np.ndarray,
    placed: dict[int, Placed],
    earlier: EarlierClusters,
    stats: ConceptStats,
    params: ClusterParams,
    level: float = 0.0,
) -> Placement:
    """Group the newcomers with each other and with earlier clusters.

    ``labels[i]`` is newcomer i's label in the index, which already holds every newcomer;
    ``placed`` describes the neighbours from earlier builds; ``level`` is the corpus'
    background cosine (``Background.level``). The result does not depend on the order of
    ``newcomers`` (up to the index's approximate neighbour lists).
    """
    import numpy as np

    position = {label: i for i, label in enumerate(labels)}
    links = _links(newcomers, neighbour_labels, neighbour_similarities, position, placed, stats,
                   params, level)  # fmt: skip
    parent: dict[str, str] = {}
    groups: dict[str, _Group] = {}
    names = [f"n:{n.key}" for n in newcomers]
    for i, name in enumerate(names):
        parent[name] = name
        groups[name] = _Group(
            np.asarray(vectors[i], dtype=np.float64),
            concept_vector(newcomers[i].concepts, stats),
            1,
            newcomers[i].key,
        )

    rejected: set[tuple[str, str, int]] = set()

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for (a, b), _score in links:
        for node in (a, b):
            if node not in parent:  # an earlier cluster, met for the first time
                total, members = earlier.get(node[2:])
                words: dict[str, float] = {}
                for concepts in members:
                    for concept, weight in concept_vector(concepts, stats).items():
                        words[concept] = words.get(concept, 0.0) + weight
                parent[node] = node
                groups[node] = _Group(
                    np.asarray(total, dtype=np.float64), words, len(members), "",
                    {node[2:]: len(members)},
                )  # fmt: skip
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        ga, gb = groups[ra], groups[rb]
        # Two big groups meet through many links: judge each pair of groups once per size.
        seen = (min(ra, rb), max(ra, rb), ga.count + gb.count)
        if seen in rejected:
            continue
        if ga.similarity(gb, level, params) < params.cohesion:
            rejected.add(seen)
            continue
        parent[rb] = ra
        ga.absorb(gb)
        del groups[rb]

    absorbed: dict[str, str] = {}
    for group in groups.values():
        home = group.home()
        if home is not None:
            absorbed.update({cluster: home for cluster in group.earlier if cluster != home})
    clusters = []
    for name in names:
        group = groups[root(name)]
        clusters.append(group.home() or cluster_id_for(group.key))
    return Placement(clusters, absorbed)


def _links(
    newcomers: Sequence[Newcomer],
    neighbour_labels: np.ndarray,
    neighbour_similarities: np.ndarray,
    position: dict[int, int],
    placed: dict[int, Placed],
    stats: ConceptStats,
    params: ClusterParams,
    level: float,
) -> list[tuple[tuple[str, str], float]]:
    """Links passing the threshold, strongest first; ties in content order.

    Nodes are ``n:<newcomer key>`` and ``c:<earlier cluster id>``; a newcomer's link to an
    earlier cluster is its best link to any of that cluster's members among its neighbours.
    """
    best: dict[tuple[str, str], float] = {}
    for i, newcomer in enumerate(newcomers):
        here = f"n:{newcomer.key}"
        for label, similarity in zip(neighbour_labels[i], neighbour_similarities[i], strict=True):
            j = position.get(int(label))
            other: Placed | Newcomer
            if j is not None:
                if j == i:
                    continue
                other, there = newcomers[j], f"n:{newcomers[j].key}"
            elif int(label) in placed:
                other = placed[int(label)]
                there = f"c:{other.cluster_id}"
            else:
                continue
            score = link_score(float(similarity), newcomer, other, stats, params, level)
            if score < params.link_threshold:
                continue
            pair = (here, there) if here < there else (there, here)
            best[pair] = max(score, best.get(pair, score))
    return sorted(best.items(), key=lambda kv: (-round(kv[1], 6), kv[0]))


MAX_REGROUPED = 400  # members of one cluster compared pairwise when a build re-checks it


def regroup(
    members: Sequence[Newcomer],
    vectors: np.ndarray,
    stats: ConceptStats,
    params: ClusterParams,
    level: float = 0.0,
) -> list[int]:
    """Place one cluster's members again, by the rule ``place`` uses, over all pairs within
    the cluster; the group of each member, 0 for the largest (which keeps the cluster's id;
    ties are broken by content, never by the order of ``members``).

    ``members`` are the cluster's distinct wordings (one vector each); a cluster of more than
    ``MAX_REGROUPED`` is left whole (all zeros) rather than compared pairwise.
    """
    import numpy as np

    count = len(members)
    if count <= 1 or count > MAX_REGROUPED:
        return [0] * count
    vectors = np.asarray(vectors, dtype=np.float32)
    similarities = vectors @ vectors.T
    width = min(count, params.neighbours + 1)
    nearest = np.argsort(-similarities, axis=1, kind="stable")[:, :width]
    nowhere = EarlierClusters(lambda cluster: (np.zeros(vectors.shape[1]), []))
    placement = place(
        members,
        vectors,
        list(range(count)),
        nearest,
        np.take_along_axis(similarities, nearest, axis=1),
        {},
        nowhere,
        stats,
        params,
        level,
    )  # fmt: skip
    sizes: dict[str, int] = {}
    for cluster in placement.clusters:
        sizes[cluster] = sizes.get(cluster, 0) + 1
    order = sorted(sizes, key=lambda c: (-sizes[c], c))
    return [order.index(cluster) for cluster in placement.clusters]
