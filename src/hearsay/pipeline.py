"""The build runner: ingest → clean → segment → language → nlp → entities → attributions → store,
then the corpus stages (canonical entities, claims across sources) and the dossier files.

Per-document stages are plain functions registered in ``DOCUMENT_STAGES``; the runner checks
that each returns a Document whose segments point inside its text. Only documents not already
in the store are analysed, so re-running changes nothing and adding files adds only them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hearsay import clean, entities, ingest, language, segment
from hearsay.errors import SkipDocument, StageContractError
from hearsay.models import Attribution, Document, Entity, EntityMention, Skipped
from hearsay.nlp import ParsedDocument, Parser
from hearsay.settings import Settings
from hearsay.store import Store

log = logging.getLogger(__name__)

DocumentStage = Callable[[Document, Settings], Document]

DOCUMENT_STAGES: dict[str, DocumentStage] = {
    "clean": clean.clean,
    "segment": segment.segment,
    "language": language.detect_languages,
}

ProgressCallback = Callable[[str, int], None]


@dataclass
class BuildReport:
    """What a build did, for the summary a user reads at the end."""

    out_dir: Path
    added: list[str] = field(default_factory=list)  # document ids analysed in this run
    unchanged: int = 0  # inputs already in the store
    merged: list[tuple[str, str]] = field(default_factory=list)  # (path, document id) duplicates
    near_duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return len(self.added) + self.unchanged + len(self.merged)


def check_document(stage: str, before: Document, after: object) -> Document:
    """Refuse a stage result that is not a Document or whose segments leave the text."""
    if not isinstance(after, Document):
        raise StageContractError(f"stage {stage!r} returned {type(after).__name__}, not Document")
    if after.id != before.id:
        raise StageContractError(f"stage {stage!r} changed the document id")
    size = len(after.text)
    for seg in after.segments:
        if not 0 <= seg.start <= seg.end <= size:
            raise StageContractError(
                f"stage {stage!r} produced segment {seg.id} [{seg.start}:{seg.end}] "
                f"outside the text (length {size})"
            )
    return after


def analyse_document(document: Document, settings: Settings) -> Document:
    """Run the per-document text stages in order (raises SkipDocument to skip)."""
    for name, stage in DOCUMENT_STAGES.items():
        document = check_document(name, document, stage(document, settings))
    if not document.text.strip():
        raise SkipDocument("no text left after cleaning")
    return document


class Builder:
    """One build of one dossier directory."""

    def __init__(self, out_dir: str | Path, settings: Settings) -> None:
        self.out_dir = Path(out_dir)
        self.settings = settings
        self.report = BuildReport(self.out_dir)
        self.parser = Parser(settings)

    def run(self, paths: list[str], progress: ProgressCallback | None = None) -> BuildReport:
        started = time.perf_counter()
        inputs = ingest.resolve_inputs(paths)  # a missing PATH fails before any work
        tick = progress or (lambda kind, n: None)
        aliases = entities.load_aliases(self.settings)
        cues = _load_cues(self.settings)
        with Store.open(self.out_dir) as store:
            near = ingest.NearDuplicateIndex(self.settings.near_duplicate_threshold)
            for doc_id, signature in store.minhashes():
                near.add(doc_id, signature)
            signatures: dict[str, bytes] = {}
            fresh = self._fresh_documents(inputs, store, near, signatures, tick)
            for parsed in self.parser.parse(fresh):
                self._save(parsed, store, aliases, cues, signatures.pop(parsed.document.id, None))
                tick("analysed", 1)
            tick("corpus", 0)
            self._corpus_stages(store, aliases)
            from hearsay.dossier import write_dossier

            write_dossier(store, self.out_dir, self.settings)
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _fresh_documents(
        self,
        inputs: list[str],
        store: Store,
        near: ingest.NearDuplicateIndex,
        signatures: dict[str, bytes],
        tick: ProgressCallback,
    ) -> Iterator[Document]:
        """Documents not yet in the store, cleaned and segmented; the rest is recorded."""
        in_this_run: dict[str, Document] = {}
        for item in ingest.read_inputs(inputs, self.settings):
            tick("read", 1)
            if isinstance(item, Skipped):
                self._skip(store, item)
                continue
            if store.has_document(item.id) and not self.settings.force:
                if store.add_path(item.id, item.source_path):
                    self.report.merged.append((item.source_path, item.id))
                else:
                    self.report.unchanged += 1
                continue
            if item.id in in_this_run:
                first = in_this_run[item.id]
                if item.source_path not in first.also_at:
                    first.also_at.append(item.source_path)
                self.report.merged.append((item.source_path, item.id))
                continue
            try:
                document = analyse_document(item, self.settings)
            except SkipDocument as exc:
                self._skip(store, Skipped(source_path=item.source_path, reason=exc.reason))
                continue
            except Exception as exc:  # a bug on one document must not sink the batch
                log.exception("analysis failed for %s", item.source_path)
                reason = f"internal error while analysing: {type(exc).__name__}: {exc}"
                self._skip(store, Skipped(source_path=item.source_path, reason=reason))
                continue
            signature = ingest.minhash_signature(document.text)
            document.near_duplicates = near.add(document.id, signature)
            if document.near_duplicates:
                self.report.near_duplicates += 1
                self._link_near_duplicates(store, in_this_run, document)
            signatures[document.id] = signature
            in_this_run[document.id] = document
            yield document

    def _link_near_duplicates(
        self, store: Store, in_this_run: dict[str, Document], document: Document
    ) -> None:
        """Near-duplicates are recorded on both sides, never dropped."""
        for other_id in document.near_duplicates:
            other = in_this_run.get(other_id)
            if other is not None:
                if document.id not in other.near_duplicates:
                    other.near_duplicates.append(document.id)
                continue
            stored = store.document(other_id)
            if stored is not None and document.id not in stored.near_duplicates:
                stored.near_duplicates.append(document.id)
                store.update_document(stored)

    def _skip(self, store: Store, skipped: Skipped) -> None:
        log.warning("skipped %s: %s", skipped.source_path, skipped.reason)
        self.report.skipped.append(skipped)
        store.record_skipped(skipped)

    def _save(
        self,
        parsed: ParsedDocument,
        store: Store,
        aliases: entities.AliasTable,
        cues: object,
        signature: bytes | None,
    ) -> None:
        document = parsed.document
        mentions: list[EntityMention] = []
        attributions: list[Attribution] = []
        try:
            mentions = entities.extract_mentions(parsed, aliases)
            attributions = _attribute(parsed, mentions, cues)
        except Exception as exc:  # keep the document; say what is missing
            log.exception("entity/attribution stage failed for %s", document.source_path)
            self.report.notes.append(
                f"{document.source_path}: entities/attributions incomplete ({exc})"
            )
        store.save_analysis(document, mentions, attributions, signature)
        if self.settings.claims:
            self._save_claims(parsed, store, mentions, attributions)
        self.report.added.append(document.id)

    def _save_claims(
        self,
        parsed: ParsedDocument,
        store: Store,
        mentions: list[EntityMention],
        attributions: list[Attribution],
    ) -> None:
        """Claim mentions come from the parse in hand; the corpus stage clusters them later."""
        from hearsay.claims import extract_claims

        document = parsed.document
        try:
            found = extract_claims(parsed, attributions, mentions, self.settings)
        except Exception as exc:  # the corpus stage re-derives claims it finds missing
            log.exception("claim extraction failed for %s", document.source_path)
            self.report.notes.append(f"{document.source_path}: claims not extracted ({exc})")
            return
        store.replace_claim_mentions(document.id, found)

    def _corpus_stages(self, store: Store, aliases: entities.AliasTable) -> None:
        mentions = store.mentions()
        found, linked = entities.canonicalize(mentions, surname_first=aliases.surname_first)
        store.replace_entities(found, linked)
        if self.report.added:
            store.replace_attributions(_link_speakers(store.attributions(), found))
        _crossdoc(store, self.report, self.settings)


def _load_cues(settings: Settings) -> object:
    from hearsay import attribution

    return attribution.load_cues(settings)


def _attribute(
    parsed: ParsedDocument, mentions: list[EntityMention], cues: object
) -> list[Attribution]:
    from hearsay import attribution

    return attribution.attribute(parsed, mentions, cues)  # type: ignore[arg-type]


def _link_speakers(attributions: list[Attribution], found: list[Entity]) -> list[Attribution]:
    """Drop entity ids that the corpus stage did not produce (e.g. a merged variant)."""
    known = {e.id for e in found}
    for attribution in attributions:
        if attribution.speaker and attribution.speaker.entity_id not in known:
            attribution.speaker.entity_id = None
        if attribution.addressee and attribution.addressee.entity_id not in known:
            attribution.addressee.entity_id = None
        for link in attribution.via:
            if link.entity_id not in known:
                link.entity_id = None
    return attributions


def _crossdoc(store: Store, report: BuildReport, settings: Settings) -> None:
    """Claims across sources; optional (needs torch), so its absence is a note, not a crash."""
    if not settings.claims:
        report.notes.append("claims across sources not updated (claims = false)")
        return
    try:
        from hearsay import crossdoc
    except ImportError as exc:
        report.notes.append(f"claims across sources not built: {exc}")
        return
    result = crossdoc.update_crossdoc(store, report.added, settings)
    for note in getattr(result, "notes", []) or []:
        report.notes.append(str(note))


def build(
    paths: list[str],
    out_dir: str | Path,
    settings: Settings,
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Build (or extend) the dossier of ``paths`` in ``out_dir``."""
    return Builder(out_dir, settings).run(paths, progress)
