"""Placing claim mentions in clusters: average link over nearest-neighbour links, whatever the
order the mentions arrive in, and above the background similarity of the pile."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from hearsay.clustering import (
    Background,
    ClusterParams,
    ConceptStats,
    EarlierClusters,
    Newcomer,
    Placed,
    lift,
    link_score,
    place,
)

PARAMS = ClusterParams()


def unit(degrees: float, dimension: int = 4) -> np.ndarray:
    """A unit vector at an angle in the first plane: cosines are easy to read off."""
    vector = np.zeros(dimension, dtype=np.float32)
    vector[0], vector[1] = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return vector


def group(
    keys: list[str],
    vectors: np.ndarray,
    params: ClusterParams = PARAMS,
    concepts: dict[str, set[str]] | None = None,
) -> set[frozenset[str]]:
    """Place newcomers in one build, every other newcomer a neighbour (exact, for tests)."""
    concepts = concepts or {}
    newcomers = [Newcomer(k, frozenset(), frozenset(concepts.get(k, set()))) for k in keys]
    labels = list(range(len(keys)))
    similarities = vectors @ vectors.T
    neighbours = np.tile(np.arange(len(keys)), (len(keys), 1))
    stats = ConceptStats()
    for newcomer in newcomers:
        stats.add(newcomer.concepts)
    nowhere = EarlierClusters(lambda cluster: (np.zeros(vectors.shape[1]), []))
    placement = place(
        newcomers, vectors, labels, neighbours, similarities, {}, nowhere, stats, params
    )  # fmt: skip
    found: dict[str, set[str]] = {}
    for key, cluster in zip(keys, placement.clusters, strict=True):
        found.setdefault(cluster, set()).add(key)
    return {frozenset(members) for members in found.values()}


def test_a_chain_of_near_neighbours_is_not_one_cluster() -> None:
    # Each mention is close to the next (cosine 0.87), the ends are unrelated (cosine 0).
    keys = ["a", "b", "c", "d", "e"]
    vectors = np.stack([unit(30 * i) for i in range(5)])
    groups = group(keys, vectors)
    assert not any({"a", "d"} <= g or {"a", "e"} <= g or {"b", "e"} <= g for g in groups)
    assert any(len(g) >= 2 for g in groups)
    # Plain single link (no cohesion) would chain them all.
    chained = ClusterParams(cohesion=-10.0)
    assert group(keys, vectors, chained) == {frozenset(keys)}


def test_the_arrival_order_does_not_change_the_clusters() -> None:
    generator = np.random.default_rng(7)
    centres = generator.normal(size=(4, 16))
    keys, rows = [], []
    for c, centre in enumerate(centres):
        for m in range(5):
            keys.append(f"claim{c}-{m}")
            rows.append(centre + generator.normal(scale=0.55, size=16))
    vectors = np.asarray(rows, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first = group(keys, vectors)
    for seed in range(3):
        order = list(range(len(keys)))
        random.Random(seed).shuffle(order)
        assert group([keys[i] for i in order], vectors[order]) == first
    assert max(len(g) for g in first) >= 3  # not trivially all singletons


def test_a_new_mention_joins_and_can_bridge_earlier_clusters() -> None:
    # Build 1 placed x and y apart (cosine 0.64, no shared concept); z lies between them.
    x, y, z = unit(0), unit(50), unit(25)
    placed = {0: Placed("cluster-x", frozenset(), frozenset()), 1: Placed("cluster-y", frozenset(),
                                                                          frozenset())}  # fmt: skip
    earlier = EarlierClusters(
        lambda cluster: ((x if cluster == "cluster-x" else y).astype(np.float64), [frozenset()])
    )
    stats = ConceptStats()
    placement = place(
        [Newcomer("z", frozenset(), frozenset())], z[None, :], [2],
        np.array([[2, 0, 1]]), np.array([[1.0, float(z @ x), float(z @ y)]]),
        placed, earlier, stats, PARAMS,
    )  # fmt: skip
    assert placement.clusters == ["cluster-x"]
    assert placement.absorbed == {"cluster-y": "cluster-x"}
    # The same three in one build make the same one cluster.
    assert group(["x", "y", "z"], np.stack([x, y, z])) == {frozenset({"x", "y", "z"})}


def test_a_lone_new_mention_starts_its_own_cluster() -> None:
    vectors = np.stack([unit(0), unit(90)])
    assert group(["a", "b"], vectors) == {frozenset({"a"}), frozenset({"b"})}


def test_the_background_of_a_one_story_pile_is_higher() -> None:
    generator = np.random.default_rng(3)
    story = generator.normal(size=32)
    one_story = story + generator.normal(scale=1.0, size=(200, 32))
    many_stories = generator.normal(size=(200, 32))
    levels = []
    for rows in (one_story, many_stories):
        background = Background()
        background.add(rows / np.linalg.norm(rows, axis=1, keepdims=True))
        levels.append(background.level)
    assert levels[0] > 0.3 and abs(levels[1]) < 0.05
    # The same cosine counts for less in the one-story pile; 1 stays 1.
    assert lift(0.7, levels[0]) < lift(0.7, levels[1])
    assert lift(1.0, levels[0]) == pytest.approx(1.0)
    # A tiny pile is not a background: three alike sentences do not raise the level much.
    tiny = Background()
    tiny.add(np.stack([unit(0), unit(10), unit(20)]))
    assert tiny.level < 0.02
    assert Background.from_json(tiny.to_json()).level == pytest.approx(tiny.level)


def test_removing_vectors_restores_the_level() -> None:
    background = Background()
    background.add(np.stack([unit(i) for i in range(0, 150)]))
    before = background.level
    extra = np.stack([unit(90 + i) for i in range(50)])
    background.add(extra)
    background.remove(extra)
    assert background.level == pytest.approx(before, abs=1e-6)


def test_regroup_splits_a_cluster_whose_members_no_longer_link() -> None:
    from hearsay.clustering import regroup

    # Two tight pairs 80 degrees apart: one cluster under loose settings, two under these.
    vectors = np.stack([unit(0), unit(5), unit(80), unit(85), unit(2)])
    members = [Newcomer(k, frozenset(), frozenset()) for k in "abcde"]
    groups = regroup(members, vectors, ConceptStats(), PARAMS)
    assert groups == [0, 0, 1, 1, 0]  # the larger group keeps the cluster
    shuffled = [4, 2, 0, 3, 1]
    again = regroup([members[i] for i in shuffled], vectors[shuffled], ConceptStats(), PARAMS)
    assert again == [groups[i] for i in shuffled]
    tight = np.stack([unit(0), unit(3), unit(6)])
    assert regroup(members[:3], tight, ConceptStats(), PARAMS) == [0, 0, 0]


def test_an_anchor_counts_only_in_the_lead_clause_of_a_long_sentence() -> None:
    # "Ostland supports Marvia on its vital interests" and a long sentence that leads with
    # backing Marvia in the press and mentions Marvia's security "interests" in a trailing
    # clause: alike (cosine 0.7), and "interest" is rare in the pile, but not where the long
    # sentence makes its point.
    claim = frozenset({"support", "vital", "interest"})
    long_sentence = frozenset({"back", "press", "echo", "line", "provok", "interest"})
    stats = ConceptStats()
    for concepts in (claim, long_sentence):
        stats.add(concepts)
    short = Newcomer("a", frozenset(), claim, claim)
    trailing = Newcomer("b", frozenset(), long_sentence, frozenset({"back", "press"}))
    leading = Newcomer("c", frozenset(), long_sentence, frozenset({"back", "interest"}))
    cosine = 0.7
    assert link_score(cosine, short, trailing, stats, PARAMS) == 0.0
    assert link_score(cosine, short, leading, stats, PARAMS) >= PARAMS.link_threshold
    # Without lead clauses (mentions stored before they were computed) any shared anchor counts.
    unknown = Newcomer("d", frozenset(), long_sentence)
    assert link_score(cosine, short, unknown, stats, PARAMS) >= PARAMS.link_threshold
    # A cosine high enough needs no anchor at all.
    assert link_score(0.9, short, trailing, stats, PARAMS) >= PARAMS.link_threshold


def test_one_shared_word_among_many_does_not_link_two_long_sentences() -> None:
    # Two long sentences of one story, alike as any two of its sentences are (cosine 0.72),
    # that share one specific word ("doctrine") among a dozen concepts each: "Ostland must
    # weigh its neutrality doctrine against its trade ties, its image abroad and ..." and a
    # reader's comment that "Ostland and Marvia follow a different doctrine than in the old
    # days, there is no friction over ports, ...". The word is rare in the pile, and in both
    # lead clauses, but it is not a claim in common.
    weighing = frozenset(
        {"weigh", "neutrality", "doctrine", "trade", "tie", "imag", "abroad", "duty", "harbour",
         "tariff", "crisis", "hedg"}
    )  # fmt: skip
    comment = frozenset(
        {"follow", "different", "doctrine", "old", "day", "friction", "port", "pipelin",
         "grow", "jointly", "build", "rail", "sign", "tension"}
    )  # fmt: skip
    stats = ConceptStats()
    for concepts in (weighing, comment):
        stats.add(concepts)
    a = Newcomer("a", frozenset(), weighing, frozenset({"weigh", "neutrality", "doctrine"}))
    b = Newcomer("b", frozenset(), comment, frozenset({"follow", "different", "doctrine"}))
    cosine = 0.72
    assert stats.overlap(a.concepts, b.concepts) < PARAMS.min_overlap
    assert link_score(cosine, a, b, stats, PARAMS) == 0.0
    # The same cosine with a claim's wording in common (a short paraphrase of the first) links.
    paraphrase = Newcomer("c", frozenset(), frozenset({"weigh", "neutrality", "doctrine"}))
    stats.add(paraphrase.concepts)
    assert link_score(cosine, a, paraphrase, stats, PARAMS) >= PARAMS.link_threshold
    # And a cosine high enough links whatever the words.
    assert link_score(0.9, a, b, stats, PARAMS) >= PARAMS.link_threshold
