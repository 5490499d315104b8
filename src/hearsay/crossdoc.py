"""The corpus stage: claim clusters across sources, the stance of each mention, contradictions
and source profiles — incrementally.

Per build it takes the claim mentions not placed yet (those of the new documents), embeds their
core wording once per distinct text, adds them to the nearest-neighbour index kept in the store,
and groups them with each other and with earlier clusters by average link over their nearest
neighbours (hearsay.clustering); earlier clusters that new mentions show alike are merged.
Only the clusters that gained or lost mentions are summarised again: representative wording,
stance of the mentions toward it, contradictions. Those clusters are first re-checked: members
that no longer go with the rest by the placing rule (the background rose, the member that held
two halves together was re-analysed away) split off (hearsay.clustering.regroup, pairs within
the cluster only). Source profiles are a linear tally at the end. Nothing compares all pairs of
the corpus: placing costs O(k log n) per new mention.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hearsay.claim_index import ClaimIndex
from hearsay.claim_lexicon import ClaimLexicon, claim_lexicon
from hearsay.claim_text import (
    MentionFeatures,
    NamedSpan,
    is_whole,
    shorten,
    text_features,
    whole_wording,
)
from hearsay.clustering import (
    Background,
    ClusterParams,
    ConceptStats,
    EarlierClusters,
    Newcomer,
    Placed,
    place,
    regroup,
)
from hearsay.contradictions import ContradictionFinder, member_of
from hearsay.errors import HearsayError
from hearsay.models import (
    Attribution,
    ClaimCluster,
    ClaimMention,
    Contradiction,
    Document,
    StanceLabel,
    content_id,
)
from hearsay.profiles import source_label, source_profiles, speaker_key, speaker_stance
from hearsay.settings import Settings
from hearsay.store import ClaimMentionRow, Store

if TYPE_CHECKING:
    import numpy as np

    from hearsay.embeddings import TextEmbedder

logger = logging.getLogger(__name__)

STATE_BLOB = "crossdoc/state.json"
INDEX_BLOB = "crossdoc/index.hnsw"
# 2: average-link placing with the corpus' background level; 3: anchors in lead clauses
# 4: a link below the sure cosine needs a minimum concept overlap
STATE_VERSION = 4
REPRESENTATIVE_MARGIN = 0.03  # keep the old wording unless a mention is clearly more central
CLUSTER_BATCH = 500  # touched clusters summarised per round, to bound memory

StanceFunction = Callable[[str, str, Attribution | None], tuple[StanceLabel, dict[str, float]]]


@dataclass
class CrossdocResult:
    """What one corpus stage did, for the build summary."""

    new_mentions: int = 0
    clusters: int = 0  # clusters touched (new or changed) in this build
    new_clusters: int = 0
    contradictions: int = 0  # contradictions found in the touched clusters
    sources: int = 0  # source profiles in the corpus
    notes: list[str] = field(default_factory=list)  # why something is empty or partial
    seconds: dict[str, float] = field(default_factory=dict)

    def note(self, message: str) -> None:
        logger.info("crossdoc: %s", message)
        self.notes.append(message)


def update_crossdoc(
    store: Store,
    new_document_ids: list[str],
    settings: Settings,
    *,
    embedder: TextEmbedder | None = None,
    stance_fn: StanceFunction | None = None,
) -> CrossdocResult:
    """Place the new documents' claim mentions and refresh what depends on them.

    Never raises for bad input: an empty corpus, documents without claims or a missing
    embedding model give an empty or partial result whose ``notes`` say why.
    """
    result = CrossdocResult()
    try:
        _CorpusStage(store, settings, result, embedder, stance_fn).run(new_document_ids)
    except HearsayError as exc:
        result.note(f"claims across sources not updated: {exc.message}")
    except Exception as exc:  # the documents are stored; a corpus-stage bug must not lose them
        logger.exception("claims across sources failed")
        result.note(f"claims across sources failed: {type(exc).__name__}: {exc}")
    return result


class _CorpusStage:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        result: CrossdocResult,
        embedder: TextEmbedder | None,
        stance_fn: StanceFunction | None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.result = result
        self._embedder = embedder
        self._stance_fn = stance_fn
        self.params = ClusterParams.from_settings(settings.extra)
        self.lexicon: ClaimLexicon = claim_lexicon(settings)
        # Per-document reads, kept for the documents in hand (bounded: a crawl never fits).
        self._documents: dict[str, Document | None] = {}
        self._mentions: dict[str, list[Any]] = {}
        self._attributions: dict[str, dict[str, Attribution]] = {}
        self._entity_names: dict[str, str] | None = None
        self.absorbed: dict[str, str] = {}  # earlier clusters merged into another this build

    # -- the stage ----------------------------------------------------------------------------

    def run(self, new_document_ids: list[str]) -> None:
        self._timed("extract", lambda: self._extract_missing(new_document_ids))
        pending = self.store.claim_mention_rows(pending=True)
        self._note_documents_without_claims(new_document_ids, pending)
        stale = self.store.take_stale_claim_clusters()
        if not pending and not stale:
            return
        embedder = self.embedder()
        index, state = self._timed("index", lambda: self._open_index(embedder))
        placed_ids: set[str] = set()
        if pending:
            placed_ids = self._place(pending, index, state, embedder)
        touched = sorted(
            {r.cluster_id for r in pending if r.cluster_id}
            | set(stale)
            | set(self.absorbed)  # summarised as gone: their records and contradictions go
            | set(self.absorbed.values())
        )
        split_off, moved = self._timed("cluster", lambda: self._regroup(touched, index, state))
        touched = sorted({*touched, *split_off})
        placed_ids |= moved
        self._timed("clusters", lambda: self._summarise(touched, index, placed_ids))
        self._timed("profiles", self._write_profiles)

    def _note_documents_without_claims(
        self, new_document_ids: list[str], pending: list[ClaimMentionRow]
    ) -> None:
        with_claims = {r.mention.document_id for r in pending}
        without = [d for d in new_document_ids if d not in with_claims]
        if not without:
            return
        english = self.settings.english_codes
        foreign = 0
        for document_id in without:
            document = self.document(document_id)
            languages = {s.language for s in document.segments} if document else set()
            if document and languages and not languages & {None, *english}:
                foreign += 1
                logger.info("%s: no claims, no English segment", document.source_path)
        message = f"{len(without)} of {len(new_document_ids)} new document(s) have no claims"
        if foreign:
            message += f" ({foreign} with no English text to read them from)"
        self.result.note(message)

    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            from hearsay.embeddings import Embedder

            self._embedder = Embedder()
        return self._embedder

    def stance_fn(self) -> StanceFunction | None:
        if self._stance_fn is None:
            try:
                from hearsay.stance import mention_stance
            except ImportError as exc:
                self.result.note(f"stance not recomputed (hearsay.stance unavailable: {exc})")
                return None
            files = self.settings.stance_lexicon_files

            def with_user_lexicon(
                claim: str, text: str, attribution: Attribution | None
            ) -> tuple[StanceLabel, dict[str, float]]:
                return mention_stance(claim, text, attribution, lexicon_files=files)

            self._stance_fn = with_user_lexicon
        return self._stance_fn

    def _timed(self, phase: str, work: Callable[[], Any]) -> Any:
        with self._clock(phase):
            return work()

    @contextmanager
    def _clock(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.result.seconds[phase] = self.result.seconds.get(phase, 0.0) + spent

    # -- claims of documents the pipeline did not extract -----------------------------------

    def _extract_missing(self, document_ids: list[str]) -> None:
        """Documents saved without claim extraction get it here (costs a second parse)."""
        extracted = self.store.claims_extracted(document_ids)
        missing = [d for d in document_ids if d not in extracted]
        if not missing:
            return
        from hearsay.claims import extract_claims
        from hearsay.nlp import Parser

        documents = [d for d in (self.document(i) for i in missing) if d is not None]
        logger.info("extracting claims of %d documents in the corpus stage", len(documents))
        for parsed in Parser(self.settings).parse(documents):
            doc_id = parsed.document.id
            try:
                claims = extract_claims(
                    parsed,
                    list(self.attributions(doc_id).values()),
                    self.store.mentions(doc_id),
                    self.settings,
                )
            except Exception:
                logger.exception("claim extraction failed for %s", parsed.document.source_path)
                claims = []
            self.store.replace_claim_mentions(doc_id, claims)

    # -- the index --------------------------------------------------------------------------

    def _open_index(self, embedder: TextEmbedder) -> tuple[ClaimIndex, dict[str, Any]]:
        fresh = {
            "version": STATE_VERSION,
            "model": embedder.name,
            "dimension": embedder.dimension,
            "next_label": 0,
            "next_twin": -1,
            "deleted": [],
        }
        raw_state, raw_index = self.store.blob(STATE_BLOB), self.store.blob(INDEX_BLOB)
        state = json.loads(raw_state) if raw_state else None
        stored = self.store.claim_labels()
        placed = {label for labels in stored.values() for label in labels if label >= 0}
        if state is None or raw_index is None:
            if placed or stored:
                self.result.note("claim index missing from the store: all claims placed again")
                self.store.reset_claim_index()
            return ClaimIndex(embedder.dimension), fresh
        if (state.get("model"), state.get("dimension"), state.get("version")) != (
            embedder.name, embedder.dimension, STATE_VERSION,
        ):  # fmt: skip
            if state.get("version") != STATE_VERSION:
                self.result.note("claim clustering changed: all claims placed again")
            else:
                self.result.note(
                    f"claim embeddings changed ({state.get('model')} → {embedder.name}): "
                    "all claims placed again"
                )
            self.store.reset_claim_index()
            return ClaimIndex(embedder.dimension), fresh
        index = ClaimIndex.from_bytes(raw_index, embedder.dimension, state.get("deleted", []))
        in_index = index.labels()
        if not placed <= in_index:
            # The rows point at vectors the saved index does not have: start over, cleanly.
            self.result.note("claim index out of step with the store: all claims placed again")
            self.store.reset_claim_index()
            return ClaimIndex(embedder.dimension), fresh
        orphans = sorted(in_index - placed)  # mentions removed since (a re-analysed document)
        if orphans:
            background = Background.from_json(state.get("background"))
            background.remove(index.vectors(orphans))
            state["background"] = background.to_json()
        index.remove(orphans)
        state["deleted"] = sorted(set(state.get("deleted", [])) | set(orphans))
        return index, state

    def _save_index(self, index: ClaimIndex, state: dict[str, Any]) -> None:
        state["deleted"] = sorted(index.deleted)
        self.store.put_blob(INDEX_BLOB, index.to_bytes())
        self.store.put_blob(STATE_BLOB, json.dumps(state).encode("utf-8"))

    # -- placing new mentions -----------------------------------------------------------------

    def _place(
        self,
        pending: list[ClaimMentionRow],
        index: ClaimIndex,
        state: dict[str, Any],
        embedder: TextEmbedder,
    ) -> set[str]:
        import numpy as np

        self.result.new_mentions = len(pending)
        features = self._timed("features", lambda: [self.features(r.mention) for r in pending])
        # One vector per distinct wording: a flood of near-identical documents embeds once.
        first_of: dict[str, int] = {}
        for i, f in enumerate(features):
            first_of.setdefault(f.core.casefold(), i)
        unique = sorted(first_of.values())
        vectors = self._timed("embed", lambda: embedder.encode([features[i].core for i in unique]))
        vectors = np.asarray(vectors, dtype=np.float32)
        labels = list(range(state["next_label"], state["next_label"] + len(unique)))
        state["next_label"] += len(unique)
        self._timed("index", lambda: index.add(vectors, labels))
        neighbour_labels, similarities = self._timed(
            "index", lambda: index.nearest(vectors, self.params.neighbours + 1)
        )
        old = sorted({int(x) for x in neighbour_labels.ravel()} - set(labels))
        placed = {
            r.label: Placed(
                r.cluster_id,
                frozenset((r.features or {}).get("entities", [])),
                frozenset((r.features or {}).get("concepts", [])),
                _lead(r.features or {}),
            )
            for r in self.store.claim_mention_rows(labels=old)
            if r.label is not None and r.cluster_id
        }
        members = self.store.claim_labels()
        earlier = EarlierClusters(lambda cluster: self._earlier_cluster(index, cluster))
        stats = ConceptStats.from_json(state.get("concepts"))
        for f in features:
            stats.add(f.concepts)
        state["concepts"] = stats.to_json()
        background = Background.from_json(state.get("background"))
        background.add(vectors)
        state["background"] = background.to_json()
        newcomers = [
            Newcomer(
                pending[i].id,
                frozenset(features[i].entities),
                frozenset(features[i].concepts),
                None if features[i].lead is None else frozenset(features[i].lead),
            )
            for i in unique
        ]
        placement = self._timed(
            "cluster",
            lambda: place(
                newcomers,
                vectors,
                labels,
                neighbour_labels,
                similarities,
                placed,
                earlier,
                stats,
                self.params,
                background.level,
            ),  # fmt: skip
        )
        wordings = [features[i].core.casefold() for i in unique]
        cluster_of_text = dict(zip(wordings, placement.clusters, strict=True))
        label_of_text = dict(zip(wordings, labels, strict=True))
        for i, row in enumerate(pending):
            key = features[i].core.casefold()
            row.features = features[i].to_json()
            row.speaker_key = features[i].speaker_key
            row.cluster_id = cluster_of_text[key]
            if first_of[key] == i:
                row.label = label_of_text[key]
            else:
                # A twin: same wording as an indexed mention; keeps the index free of copies.
                row.label = state["next_twin"]
                state["next_twin"] -= 1
                row.features["twin"] = label_of_text[key]
        known = set(members)
        self.result.new_clusters = len({r.cluster_id for r in pending} - known)
        # The index first: if the build stops in between, the rows stay pending and the
        # index's extra labels are dropped as orphans next time.
        # Earlier clusters that new mentions showed to be one claim: their members move.
        moved = self.store.claim_mention_rows(cluster_ids=sorted(placement.absorbed))
        for row in moved:
            row.cluster_id = placement.absorbed[row.cluster_id or ""]
        self.absorbed = placement.absorbed
        # The index first: if the build stops in between, the rows stay pending and the
        # index's extra labels are dropped as orphans next time.
        self._timed("index", lambda: self._save_index(index, state))
        self.store.update_claim_mention_rows([*moved, *pending])
        return {r.id for r in pending} | {r.id for r in moved}

    def _regroup(
        self, touched: list[str], index: ClaimIndex, state: dict[str, Any]
    ) -> tuple[list[str], set[str]]:
        """Re-check the touched clusters: members that no longer go with the largest group
        (the corpus' background rose, a re-analysed document took out the member that joined
        two halves) leave for clusters of their own. Pairs within a touched cluster only
        (``clustering.regroup``); the new clusters' ids and the moved mentions' ids."""
        stats = ConceptStats.from_json(state.get("concepts"))
        level = Background.from_json(state.get("background")).level
        split_off: list[str] = []
        moved: list[ClaimMentionRow] = []
        for start in range(0, len(touched), CLUSTER_BATCH):
            by_cluster: dict[str, dict[int, list[ClaimMentionRow]]] = defaultdict(
                lambda: defaultdict(list)
            )
            for row in self.store.claim_mention_rows(
                cluster_ids=touched[start : start + CLUSTER_BATCH]
            ):
                if row.cluster_id and row.label is not None:
                    by_cluster[row.cluster_id][_vector_label(row)].append(row)
            for cluster_id, by_label in by_cluster.items():
                labels = sorted(by_label)
                if len(labels) < 2:
                    continue
                members = []
                for label in labels:
                    first = min(by_label[label], key=lambda r: r.id)
                    features = first.features or {}
                    members.append(
                        Newcomer(
                            first.id,
                            frozenset(features.get("entities", [])),
                            frozenset(features.get("concepts", [])),
                            _lead(features),
                        )
                    )
                groups = regroup(members, index.vectors(labels), stats, self.params, level)
                for group in sorted(set(groups) - {0}):
                    keys = [m.key for m, g in zip(members, groups, strict=True) if g == group]
                    new_id = content_id("claim", cluster_id, min(keys))
                    split_off.append(new_id)
                    for label, g in zip(labels, groups, strict=True):
                        if g == group:
                            for row in by_label[label]:
                                row.cluster_id = new_id
                                moved.append(row)
        if split_off:
            logger.info("%d cluster(s) split off touched clusters", len(split_off))
        self.store.update_claim_mention_rows(moved)
        return split_off, {r.id for r in moved}

    def _earlier_cluster(
        self, index: ClaimIndex, cluster_id: str
    ) -> tuple[np.ndarray, list[frozenset[str]]]:
        """Vector sum and concepts of a cluster's indexed members (twins share a vector)."""
        import numpy as np

        rows = [
            r
            for r in self.store.claim_mention_rows(cluster_ids=[cluster_id])
            if r.label is not None and r.label >= 0
        ]
        if not rows:
            return np.zeros(index.dimension, dtype=np.float32), []
        vectors = index.vectors([int(r.label) for r in rows if r.label is not None])
        concepts = [frozenset((r.features or {}).get("concepts", [])) for r in rows]
        return vectors.sum(axis=0), concepts

    def features(self, mention: ClaimMention) -> MentionFeatures:
        document = self.document(mention.document_id)
        names = [
            NamedSpan(m.start, m.end, m.text, (m.canonical or m.text).casefold(), m.type)
            for m in self._names(mention.document_id)
            if m.start >= mention.start and m.end <= mention.end
        ]
        features = text_features(mention.text, mention.start, names, self.lexicon)
        attribution = self.attributions(mention.document_id).get(mention.attribution_id or "")
        if attribution is not None and attribution.speaker is not None:
            # Speaker ids are linked to corpus entities after the per-document stages.
            if mention.speaker == attribution.speaker.text:
                mention.speaker_entity_id = attribution.speaker.entity_id
            elif attribution.via and mention.speaker == attribution.via[0].text:
                mention.speaker_entity_id = attribution.via[0].entity_id
        features.speaker_key = speaker_key(mention)
        features.speaker_name = self.entity_name(mention.speaker_entity_id) or mention.speaker
        features.speaker_stance = speaker_stance(mention, attribution)
        features.source_label, features.source_label_from = source_label(document, mention)
        if attribution is not None and attribution.via:
            features.channel = attribution.via[0].text.casefold()
        elif mention.via:
            features.channel = mention.via[0].casefold()
        elif attribution is not None and attribution.channel:
            features.channel = attribution.channel.casefold()
        else:
            features.channel = features.source_label.casefold()
        return features

    # -- summarising touched clusters -----------------------------------------------------------

    def _summarise(self, touched: list[str], index: ClaimIndex, new_ids: set[str]) -> None:
        stance_fn = self.stance_fn()
        finder = ContradictionFinder(
            self.lexicon, self.store, index, self.document_text, self.document_name
        )
        for start in range(0, len(touched), CLUSTER_BATCH):
            batch = touched[start : start + CLUSTER_BATCH]
            rows_by_cluster: dict[str, list[ClaimMentionRow]] = defaultdict(list)
            for row in self.store.claim_mention_rows(cluster_ids=batch):
                if row.cluster_id:
                    rows_by_cluster[row.cluster_id].append(row)
            previous = {
                c.id: c for c in self.store.corpus_records_by_id("claims", batch, ClaimCluster)
            }
            clusters: list[ClaimCluster] = []
            contradictions: list[Contradiction] = []
            changed_rows: list[ClaimMentionRow] = []
            for cluster_id in batch:
                rows = rows_by_cluster.get(cluster_id, [])
                if not rows:
                    continue
                text, changed = self._representative(rows, index, previous.get(cluster_id))
                with self._clock("stance"):
                    for row in rows:
                        if stance_fn is not None and (changed or row.id in new_ids):
                            self._restance(row, text, stance_fn)
                            changed_rows.append(row)
                clusters.append(_cluster_record(cluster_id, text, rows))
                with self._clock("contradictions"):
                    contradictions.extend(finder.find(cluster_id, [member_of(r) for r in rows]))
            self.store.update_claim_mention_rows(changed_rows)
            gone = [c for c in batch if c not in rows_by_cluster]
            self.store.upsert_corpus_records("claims", clusters, remove_ids=gone)
            stale = self.store.corpus_record_ids_where("contradictions", "claim_id", batch)
            self.store.upsert_corpus_records("contradictions", contradictions, remove_ids=stale)
            self.result.clusters += len(clusters)
            self.result.contradictions += len(contradictions)

    def _representative(
        self, rows: list[ClaimMentionRow], index: ClaimIndex, previous: ClaimCluster | None
    ) -> tuple[str, bool]:
        """The wording of the most central mention whose core is a whole claim clause (one
        that keeps its negation and its complement), a statement before a question; True if
        it differs from before. Stance is read against it, so a fragment ("The relationship
        is not one") would turn agreement into dispute."""
        import numpy as np

        cores = [whole_wording((r.features or {}).get("core") or r.mention.text) for r in rows]
        vectors = index.vectors([_vector_label(r) for r in rows])
        centroid = vectors.mean(axis=0)
        centrality = vectors @ (centroid / max(float(np.linalg.norm(centroid)), 1e-12))
        sound = [is_whole(c) and not c.endswith("?") for c in cores]

        def rank(i: int) -> tuple[bool, float, int]:
            return sound[i], round(float(centrality[i]), 4), -len(cores[i])

        best = max(range(len(rows)), key=rank)
        if previous is not None and previous.text in cores:
            kept = cores.index(previous.text)
            if sound[kept] >= sound[best] and (
                centrality[best] - centrality[kept] < REPRESENTATIVE_MARGIN
            ):
                return previous.text, False
        return cores[best], previous is None or previous.text != cores[best]

    def _restance(self, row: ClaimMentionRow, claim_text: str, stance_fn: StanceFunction) -> None:
        mention = row.mention
        attribution = self.attributions(mention.document_id).get(mention.attribution_id or "")
        try:
            label, scores = stance_fn(claim_text, mention.text, attribution)
        except Exception:
            logger.exception("stance failed for a mention in %s", mention.document_id)
            return
        mention.stance = label
        mention.stance_scores = {k: round(float(v), 4) for k, v in scores.items()}
        if row.features is not None and mention.speaker and attribution is None:
            row.features["speaker_stance"] = label  # a forum author's own voice

    # -- source profiles ----------------------------------------------------------------------

    def _write_profiles(self) -> None:
        profiles = source_profiles(self.store.claim_stance_rows(), self.entity_name)
        self.store.replace_corpus_records("sources", profiles)
        self.result.sources = len(profiles)

    # -- lookups, cached per build ----------------------------------------------------------

    def document(self, document_id: str) -> Document | None:
        if document_id not in self._documents:
            _bound(self._documents)
            self._documents[document_id] = self.store.document(document_id)
        return self._documents[document_id]

    def document_text(self, document_id: str) -> str:
        document = self.document(document_id)
        return document.text if document is not None else ""

    def document_name(self, document_id: str) -> str | None:
        """The title of a document, for explanations when no outlet names it."""
        document = self.document(document_id)
        if document is None or not (document.title or "").strip():
            return None
        return f"the article “{shorten(document.title or '', 12)}”"

    def attributions(self, document_id: str) -> dict[str, Attribution]:
        if document_id not in self._attributions:
            _bound(self._attributions)
            self._attributions[document_id] = {
                a.id: a for a in self.store.attributions(document_id)
            }
        return self._attributions[document_id]

    def _names(self, document_id: str) -> list[Any]:
        if document_id not in self._mentions:
            _bound(self._mentions)
            self._mentions[document_id] = [
                m for m in self.store.mentions(document_id) if m.type in self.lexicon.entity_types
            ]
        return self._mentions[document_id]

    def entity_name(self, entity_id: str | None) -> str | None:
        if not entity_id:
            return None
        if self._entity_names is None:
            self._entity_names = {e.id: e.name for e in self.store.entities()}
        return self._entity_names.get(entity_id)


CACHED_DOCUMENTS = 2000


def _bound(cache: dict[str, Any]) -> None:
    """Empty a per-document cache that has reached its bound, before adding to it."""
    if len(cache) >= CACHED_DOCUMENTS:
        cache.clear()


def _lead(features: dict[str, Any]) -> frozenset[str] | None:
    lead = features.get("lead")
    return None if lead is None else frozenset(lead)


def _vector_label(row: ClaimMentionRow) -> int:
    if row.label is not None and row.label < 0 and row.features:
        return int(row.features.get("twin", row.label))
    return int(row.label if row.label is not None else -1)


def _cluster_record(cluster_id: str, text: str, rows: list[ClaimMentionRow]) -> ClaimCluster:
    mentions = sorted((r.mention for r in rows), key=lambda m: (m.document_id, m.start, m.end))
    return ClaimCluster(
        id=cluster_id,
        text=text,
        mentions=mentions,
        size=len(mentions),
        support=len({m.document_id for m in mentions}),
    )
