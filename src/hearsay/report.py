"""The HTML report: the dossier as one self-contained page an analyst reads offline.

``render_report(dossier)`` takes the dossier dict (exactly what ``dossier.json`` holds, see
docs/SCHEMA.md) and returns one HTML page with inline CSS and JS and no external request.

The documents are hostile web captures, so every piece of text goes through an escaper: the
template runs with autoescape on, and the document bodies, which are built in
``report_markup`` because their spans overlap, escape every text piece and attribute value.
The page embeds no JSON, and its content-security policy lets only its own script run.

Everything is indexed per document once (``_Corpus``), so the cost is linear in the number
of documents, mentions and spans, never mentions × documents.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from hearsay.models import STANCE_LABELS
from hearsay.report_markup import Span, escape_html, mark_up_text
from hearsay.report_views import (
    AttributionRow,
    ClaimMatrix,
    ClaimMentionView,
    ClaimView,
    ContradictionSideView,
    ContradictionView,
    DocumentView,
    EntityView,
    LinkView,
    MatrixCell,
    MentionGroup,
    MentionView,
    SegmentView,
    SourceView,
    Summary,
)

logger = logging.getLogger(__name__)

STANCES = STANCE_LABELS
# The claim matrix shows the claims and sources with most mentions; everything is still listed
# below it, so a corpus of thousands of documents stays a page a browser can lay out.
MAX_MATRIX_CLAIMS = 150
MAX_MATRIX_SOURCES = 40
CONTEXT_CHARS = 50  # characters either side of a mention in the entity index
# Mentions of one entity shown with their context: at most this many per document and in all;
# the rest are compact links, which keeps the index a fraction of the page for big corpora.
CONTEXTS_PER_DOCUMENT = 3
CONTEXTS_PER_ENTITY = 30
MAX_CELL_CHARS = 400  # quote text shown in a table cell before it is cut

# Nesting order of spans that share both ends: lower is outer. Entities sit innermost so that
# their links never have to contain another span's link.
_RANK_BLOCK = 0
_RANK_CLAIM = 10
_RANK_CONTRADICTION = 15
_RANK_QUOTE = 20
_RANK_ATTRIBUTION_PART = 30
_RANK_HEDGE = 35
_RANK_ENTITY = 40

_ENTITY_COLOURS = {
    "PERSON": 0,
    "ORG": 1,
    "GPE": 2,
    "NORP": 3,
    "LOC": 4,
    "FAC": 5,
    "EVENT": 6,
    "WORK_OF_ART": 7,
    "LAW": 8,
    "PRODUCT": 9,
}
_N_COLOURS = 12
_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SPACE_RUN = re.compile(r"\s+")


# --------------------------------------------------------------------------- small helpers


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _offset(value: Any) -> int | None:
    # bool is an int in Python; an offset of True is a broken record, not 1.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _token(value: Any) -> str:
    """A string safe inside an HTML id and a URL fragment; ids are hex hashes already."""
    text = _text(value)
    if _SAFE_TOKEN.fullmatch(text):
        return text
    return "h" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _squash(text: str) -> str:
    return _SPACE_RUN.sub(" ", text).strip()


def _cut(text: str, limit: int = MAX_CELL_CHARS) -> str:
    text = _squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _colour_class(entity_type: str) -> str:
    index = _ENTITY_COLOURS.get(entity_type)
    if index is None:
        index = int(hashlib.sha1(entity_type.encode("utf-8", "surrogatepass")).hexdigest(), 16)
        index %= _N_COLOURS
    return f"c{index}"


def _stance_class(stance: Any) -> str:
    return f"st-{stance}" if stance in STANCES else "st-unknown"


@dataclass
class _Corpus:
    """Per-document indexes built once, so nothing loops over mentions × documents."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    doc_anchor: dict[str, str] = field(default_factory=dict)
    doc_title: dict[str, str] = field(default_factory=dict)
    doc_names: dict[str, str] = field(default_factory=dict)  # id, path, file name -> id
    entity_anchor: dict[str, str] = field(default_factory=dict)
    entity_name: dict[str, str] = field(default_factory=dict)
    spans: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    offset_problems: int = 0

    def document_link(self, document_id: Any) -> LinkView:
        key = _text(document_id)
        if key in self.doc_anchor:
            return LinkView(self.doc_title[key], "#" + self.doc_anchor[key])
        return LinkView(key or "(no document)", None, "not in this dossier")

    def outlet_label(self, name: str) -> str:
        """An outlet's name, or its document's title when the name is only a file or an id
        (profiles fall back to those when a page does not name its outlet)."""
        key = self.doc_names.get(_source_key(name))
        return _cut(self.doc_title[key], 60) if key else name

    def entity_link(self, entity_id: Any, text: str) -> LinkView:
        key = _text(entity_id)
        if key in self.entity_anchor:
            name = self.entity_name[key]
            note = "" if _squash(text).casefold() == name.casefold() else f"as “{_cut(text, 80)}”"
            return LinkView(name, "#" + self.entity_anchor[key], note)
        return LinkView(_cut(text, 120))

    def place(self, document_id: Any, start: Any, end: Any, expected: Any = None) -> bool:
        """Whether ``start:end`` is a real stretch of that document's text."""
        document = self.documents.get(_text(document_id))
        begin, finish = _offset(start), _offset(end)
        if document is None or begin is None or finish is None:
            return False
        text = _text(document.get("text"))
        if not 0 <= begin < finish <= len(text):
            self.offset_problems += 1
            return False
        if (
            expected is not None
            and text[begin:finish] != expected
            and _squash(text[begin:finish]) != _squash(_text(expected))
        ):
            # Kept and drawn, but counted: offsets that miss their text point to a stage bug.
            self.offset_problems += 1
        return True

    def add_span(
        self, document_id: Any, start: int, end: int, rank: int, tag: str, **attrs: str | None
    ) -> None:
        self.spans[_text(document_id)].append(Span(start, end, rank, tag, dict(attrs)))


# --------------------------------------------------------------------------- building views


def _documents(dossier: Mapping[str, Any], corpus: _Corpus) -> None:
    for index, raw in enumerate(_list(dossier.get("documents"))):
        document = _dict(raw)
        if not document:
            continue
        key = _text(document.get("id")) or f"document-{index}"
        if key in corpus.documents:
            logger.warning("report: document id %s appears twice; showing the first", key)
            continue
        corpus.documents[key] = document
        corpus.doc_anchor[key] = "doc-" + _token(key)
        path = _text(document.get("source_path"))
        for name in (key, path, path.rsplit("/", 1)[-1]):
            if name:
                corpus.doc_names.setdefault(_source_key(name), key)
        # An untitled page is named as its source profile names it (site, opening words),
        # not by its file name ("002_77b3b5.txt" tells an analyst nothing).
        corpus.doc_title[key] = (
            _squash(_text(document.get("title")))
            or _squash(_stand_in_name(document))
            or _text(document.get("source_path")).rsplit("/", 1)[-1]
            or key
        )


def _entities(dossier: Mapping[str, Any], corpus: _Corpus) -> list[EntityView]:
    views = []
    used: set[str] = set()
    records = [_dict(e) for e in _list(dossier.get("entities"))]
    for index, entity in enumerate(records):
        key = _text(entity.get("id")) or f"entity-{index}"
        anchor = "ent-" + _token(key)
        if anchor in used:
            anchor = f"{anchor}-{index}"
        used.add(anchor)
        corpus.entity_anchor.setdefault(key, anchor)
        corpus.entity_name.setdefault(key, _text(entity.get("name")) or key)
    for index, entity in enumerate(records):
        key = _text(entity.get("id")) or f"entity-{index}"
        views.append(_entity_view(entity, key, corpus))
    views.sort(key=lambda v: (-v.n_mentions, v.name.casefold()))
    return views


def _entity_view(entity: dict[str, Any], key: str, corpus: _Corpus) -> EntityView:
    name = _text(entity.get("name")) or key
    entity_type = _text(entity.get("type")) or "OTHER"
    colour = _colour_class(entity_type)
    anchor = corpus.entity_anchor[key]
    grouped: dict[str, list[MentionView]] = {}
    contexts = 0
    for number, raw in enumerate(_list(entity.get("mentions"))):
        mention = _dict(raw)
        document_id = _text(mention.get("document_id"))
        start, end = _offset(mention.get("start")), _offset(mention.get("end"))
        view = MentionView(None, _text(mention.get("text")), "", "", "", "")
        view.role = _text(mention.get("role"))
        view.resolved_by = _text(mention.get("resolved_by"))
        if (
            start is not None
            and end is not None
            and corpus.place(document_id, start, end, mention.get("text"))
        ):
            text = _text(corpus.documents[document_id].get("text"))
            view.anchor = f"m-{anchor[4:]}-{number}"
            view.text = text[start:end]
            if (
                contexts < CONTEXTS_PER_ENTITY
                and len(grouped.get(document_id, ())) < CONTEXTS_PER_DOCUMENT
            ):
                contexts += 1
                view.with_context = True
                # Raw: the page collapses whitespace outside the document texts anyway.
                view.before = text[max(0, start - CONTEXT_CHARS) : start]
                view.after = text[end : end + CONTEXT_CHARS]
            hover = [f"{name} · {entity_type}"]
            if view.role:
                hover.append(f"role: {view.role}")
            if view.resolved_by:
                hover.append(f"resolved by: {view.resolved_by}")
            corpus.add_span(
                document_id,
                start,
                end,
                _RANK_ENTITY,
                "a",
                id=view.anchor,
                href="#" + anchor,
                title="\n".join(hover),
                **{"class": f"ent {colour}"},
            )
            corpus.counts[document_id]["mentions"] += 1
        grouped.setdefault(document_id, []).append(view)
    by_document = [
        MentionGroup(
            corpus.document_link(document_id),
            [m for m in mentions if m.with_context or not m.anchor],
            [m for m in mentions if m.anchor and not m.with_context],
        )
        for document_id, mentions in grouped.items()
    ]
    return EntityView(
        anchor=anchor,
        name=name,
        type=entity_type,
        colour=colour,
        aliases=[_text(a) for a in _list(entity.get("aliases")) if _text(a) != name],
        roles=[_text(r) for r in _list(entity.get("roles"))],
        n_mentions=sum(len(m) for m in grouped.values()),
        by_document=by_document,
    )


def _attributions(dossier: Mapping[str, Any], corpus: _Corpus) -> list[AttributionRow]:
    records = [_dict(a) for a in _list(dossier.get("attributions"))]
    anchors = {_text(a.get("id")): "wsw-" + _token(a.get("id")) for a in records}
    rows = []
    order = {key: i for i, key in enumerate(corpus.documents)}
    records.sort(
        key=lambda a: (
            order.get(_text(a.get("document_id")), len(order)),
            _offset(_dict(a.get("content")).get("start")) or 0,
        )
    )
    for attribution in records:
        rows.append(_attribution_row(attribution, anchors, corpus))
    return rows


def _attribution_row(
    attribution: dict[str, Any], anchors: dict[str, str], corpus: _Corpus
) -> AttributionRow:
    key = _text(attribution.get("id"))
    document_id = attribution.get("document_id")
    row_anchor = anchors[key]
    speaker = _dict(attribution.get("speaker"))
    cue = _dict(attribution.get("cue"))
    addressee = _dict(attribution.get("addressee"))
    content = _dict(attribution.get("content"))
    via = [_dict(v) for v in _list(attribution.get("via"))]
    hedges = [_dict(h) for h in _list(attribution.get("hedges"))]
    speaker_link = (
        corpus.entity_link(speaker.get("entity_id"), _text(speaker.get("text")))
        if speaker
        else None
    )
    via_links = [corpus.entity_link(v.get("entity_id"), _text(v.get("text"))) for v in via]
    for link, record in zip(via_links, via, strict=True):
        if record.get("anonymous"):
            link.note = (link.note + " anonymous").strip()
    parent_id = _text(attribution.get("parent_id"))
    row = AttributionRow(
        anchor=row_anchor,
        quote_anchor=None,
        document=corpus.document_link(document_id),
        kind=_text(attribution.get("kind")),
        speaker=speaker_link,
        anonymous=bool(speaker.get("anonymous")),
        content=_cut(_text(content.get("text"))),
        cue=_text(cue.get("text")),
        lean=_text(cue.get("lean")),
        addressee=(
            corpus.entity_link(addressee.get("entity_id"), _text(addressee.get("text")))
            if addressee
            else None
        ),
        via=via_links,
        hedges=[_text(h.get("text")) for h in hedges],
        date=_text(attribution.get("date")),
        occasion=_text(attribution.get("occasion")),
        channel=_text(attribution.get("channel")),
        parent=("#" + anchors[parent_id]) if parent_id in anchors else None,
        confidence=(
            f"{attribution['confidence']:.2f}"
            if isinstance(attribution.get("confidence"), int | float)
            else ""
        ),
    )
    _attribution_spans(attribution, row, corpus)
    return row


def _attribution_spans(attribution: dict[str, Any], row: AttributionRow, corpus: _Corpus) -> None:
    document_id = attribution.get("document_id")
    content = _dict(attribution.get("content"))
    hover = [f"{row.kind or 'quote'} · {row.speaker.text if row.speaker else 'speaker unknown'}"]
    if row.cue:
        hover.append(f"cue: {row.cue}" + (f" ({row.lean})" if row.lean else ""))
    if row.addressee:
        hover.append(f"to: {row.addressee.text}")
    if row.via:
        hover.append("via: " + " → ".join(link.text for link in row.via))
    if row.hedges:
        hover.append("hedges: " + "; ".join(row.hedges))
    for label, value in (("date", row.date), ("occasion", row.occasion), ("channel", row.channel)):
        if value:
            hover.append(f"{label}: {value}")
    title = "\n".join(hover)
    start, end = _offset(content.get("start")), _offset(content.get("end"))
    if (
        start is not None
        and end is not None
        and corpus.place(document_id, start, end, content.get("text"))
    ):
        row.quote_anchor = "q-" + row.anchor[4:]
        corpus.add_span(
            document_id,
            start,
            end,
            _RANK_QUOTE,
            "span",
            id=row.quote_anchor,
            title=title,
            **{"class": f"quote q-{_token(row.kind)}", "data-href": "#" + row.anchor},
        )
        corpus.counts[_text(document_id)]["quotes"] += 1
    # The parts name their role and the quote; the full account is on the quote itself.
    said = f"“{_cut(_text(content.get('text')), 80)}”"
    parts: list[tuple[dict[str, Any], str, str, int]] = [
        (_dict(attribution.get("speaker")), "spk", "speaker of", _RANK_ATTRIBUTION_PART),
        (
            _dict(attribution.get("cue")),
            f"cue lean-{_token(row.lean)}",
            "cue of",
            _RANK_ATTRIBUTION_PART,
        ),
        (_dict(attribution.get("addressee")), "addr", "addressee of", _RANK_ATTRIBUTION_PART),
    ]
    parts += [
        (_dict(v), "via", "reporting chain of", _RANK_ATTRIBUTION_PART)
        for v in _list(attribution.get("via"))
    ]
    parts += [
        (_dict(h), "hedge", "hedge on", _RANK_HEDGE) for h in _list(attribution.get("hedges"))
    ]
    for part, css, label, rank in parts:
        if part and corpus.place(document_id, part.get("start"), part.get("end"), part.get("text")):
            corpus.add_span(
                document_id,
                part["start"],
                part["end"],
                rank,
                "span",
                title=f"{label} {said}",
                **{"class": css, "data-href": "#" + row.anchor},
            )


def _claims(dossier: Mapping[str, Any], corpus: _Corpus) -> list[ClaimView]:
    views = []
    for index, raw in enumerate(_list(dossier.get("claims"))):
        claim = _dict(raw)
        key = _text(claim.get("id")) or f"claim-{index}"
        anchor = "claim-" + _token(key)
        text = _squash(_text(claim.get("text")))
        mentions = []
        for number, rawm in enumerate(_list(claim.get("mentions"))):
            mention = _dict(rawm)
            document_id = mention.get("document_id")
            stance = _text(mention.get("stance"))
            scores = ", ".join(
                f"{k} {v:.2f}"
                for k, v in _dict(mention.get("stance_scores")).items()
                if isinstance(v, int | float)
            )
            view = ClaimMentionView(
                anchor=None,
                document=corpus.document_link(document_id),
                text=_cut(_text(mention.get("text"))),
                stance=stance,
                scores=scores,
                speaker=_text(mention.get("speaker")),
                via=[_text(v) for v in _list(mention.get("via"))],
                outlet=_mention_outlet(mention, corpus),
            )
            # The outlet a profile counts a mention under is its outlet, else a label from
            # the page, else its document id (profiles.py); match every name we can see.
            document = corpus.documents.get(_text(document_id), {})
            path = _text(document.get("source_path"))
            names = (view.outlet, _text(document_id), _text(document.get("source")), path,
                     _stand_in_name(document))
            view.source_keys = {
                "o:" + _source_key(name) for name in (*names, path.rsplit("/", 1)[-1]) if name
            }
            if view.speaker:
                view.source_keys.add("s:" + _source_key(view.speaker))
            if mention.get("speaker_entity_id"):
                view.source_keys.add("e:" + _text(mention.get("speaker_entity_id")))
            if corpus.place(document_id, mention.get("start"), mention.get("end")):
                view.anchor = f"cm-{anchor[6:]}-{number}"
                hover = f"claim: {_cut(text, 200)}\nstance: {stance}" + (
                    f" ({scores})" if scores else ""
                )
                corpus.add_span(
                    document_id,
                    mention["start"],
                    mention["end"],
                    _RANK_CLAIM,
                    "span",
                    id=view.anchor,
                    title=hover,
                    **{"class": f"claim {_stance_class(stance)}", "data-href": "#" + anchor},
                )
                corpus.counts[_text(document_id)]["claims"] += 1
            mentions.append(view)
        counts = Counter(m.stance for m in mentions)
        views.append(ClaimView(anchor, text, mentions, {s: counts[s] for s in STANCES}))
    views.sort(key=lambda v: -len(v.mentions))
    return views


def _source_key(name: str) -> str:
    return _squash(name).casefold()


@dataclass
class _Column:
    """A source column of the claim matrix and what it matches."""

    link: LinkView
    keys: set[str]  # "o:outlet", "s:speaker name", "e:entity id", as in source_keys
    speaker: bool
    recorded: dict[str, set[str]] = field(default_factory=dict)  # claim anchor -> stances


def _columns(dossier: Mapping[str, Any], claims: list[ClaimView], corpus: _Corpus) -> list[_Column]:
    """One column per source profile; without profiles, one per outlet the mentions name."""
    columns = []
    for profile in (_dict(s) for s in _list(dossier.get("sources"))):
        name = _text(profile.get("name"))
        link = LinkView(corpus.outlet_label(name), "#src-" + _token(profile.get("id") or name))
        if profile.get("kind") == "outlet":
            column = _Column(link, {"o:" + _source_key(name)}, speaker=False)
        else:
            column = _Column(link, {"s:" + _source_key(name)}, speaker=True)
            if profile.get("entity_id"):
                column.keys.add("e:" + _text(profile.get("entity_id")))
        for stance in STANCES:
            for claim_id in _list(profile.get(stance)):
                column.recorded.setdefault("claim-" + _token(claim_id), set()).add(stance)
        columns.append(column)
    if not columns:
        names = Counter(m.outlet for c in claims for m in c.mentions)
        columns = [
            _Column(LinkView(corpus.outlet_label(n)), {"o:" + _source_key(n)}, speaker=False)
            for n, _ in names.most_common()
            if n
        ]
    return columns


def _claim_matrix(
    dossier: Mapping[str, Any], claims: list[ClaimView], corpus: _Corpus
) -> ClaimMatrix | None:
    """Claims × sources, each cell the stances that source takes, linked to their sentences.

    An outlet's stance is its document's voice (the mention's stance); a speaker's stance is
    the speaker's own (from the source profile: a document that relays what a minister says
    shows the minister asserting it), linked to the sentence where the speaker says it.
    """
    if not claims:
        return None
    columns = _columns(dossier, claims, corpus)
    column_of: dict[str, list[int]] = defaultdict(list)
    for index, column in enumerate(columns):
        for key in column.keys:
            column_of[key].append(index)
    matched: dict[tuple[str, int], list[ClaimMentionView]] = defaultdict(list)
    for claim in claims:
        for view in claim.mentions:
            for index in sorted({i for key in view.source_keys for i in column_of.get(key, ())}):
                matched[(claim.anchor, index)].append(view)
    places = set(matched)
    places.update((anchor, i) for i, column in enumerate(columns) for anchor in column.recorded)
    cells = {
        place: _matrix_cell(columns[place[1]], place[0], matched.get(place, [])) for place in places
    }
    used = Counter(index for (_, index) in cells)
    chosen = sorted(used, key=lambda i: (-used[i], i))[:MAX_MATRIX_SOURCES]
    chosen.sort(key=lambda i: (-used[i], columns[i].link.text.casefold()))
    shown_claims = [c for c in claims if any((c.anchor, i) in cells for i in chosen)]
    rows = [
        (claim, [cells.get((claim.anchor, i), MatrixCell([])) for i in chosen])
        for claim in shown_claims[:MAX_MATRIX_CLAIMS]
    ]
    return ClaimMatrix(
        sources=[columns[i].link for i in chosen],
        rows=rows,
        hidden_claims=len(claims) - len(rows),
        hidden_sources=len(used) - len(chosen),
    )


def _matrix_cell(column: _Column, anchor: str, views: list[ClaimMentionView]) -> MatrixCell:
    recorded = column.recorded.get(anchor, set())

    def chip(stance: str, view: ClaimMentionView | None) -> tuple[str, str | None, str]:
        if view is None:
            return stance, None, f"{column.link.text} {stance} (source profile)"
        where = f"“{_cut(view.text, 120)}” — {_cut(view.document.text, 60)}"
        return stance, ("#" + view.anchor) if view.anchor else None, f"{stance}: {where}"

    if column.speaker and recorded:
        chips = []
        for stance in STANCES:
            if stance in recorded:
                same = [v for v in views if v.stance == stance] or views
                chips.append(chip(stance, same[0] if same else None))
        return MatrixCell(chips)
    chips = [chip(v.stance, v) for v in views]
    shown = {v.stance for v in views}
    chips += [chip(s, None) for s in STANCES if s in recorded and s not in shown]
    return MatrixCell(chips)


def _stand_in_name(document: Mapping[str, Any]) -> str:
    """The name profiles give a document that prints no outlet (site, title, opening words)."""
    if not document:
        return ""
    from hearsay.models import Document
    from hearsay.profiles import document_label

    try:
        return document_label(Document.model_validate(document)).name
    except ValueError:
        return ""


def _mention_outlet(mention: dict[str, Any], corpus: _Corpus) -> str:
    outlet = _text(mention.get("outlet"))
    if outlet:
        return outlet
    document = corpus.documents.get(_text(mention.get("document_id")), {})
    return _text(document.get("source")) or corpus.doc_title.get(
        _text(mention.get("document_id")), ""
    )


def _contradictions(
    dossier: Mapping[str, Any], claims: list[ClaimView], corpus: _Corpus
) -> list[ContradictionView]:
    claim_text = {c.anchor: c.text for c in claims}
    views = []
    for index, raw in enumerate(_list(dossier.get("contradictions"))):
        record = _dict(raw)
        anchor = "contra-" + _token(record.get("id") or f"contradiction-{index}")
        explanation = _text(record.get("explanation"))
        sides = []
        for label in ("a", "b"):
            side = _dict(record.get(label))
            document_id = side.get("document_id")
            href = None
            if corpus.place(document_id, side.get("start"), side.get("end"), side.get("text")):
                side_anchor = f"x-{anchor[7:]}-{label}"
                href = "#" + side_anchor
                corpus.add_span(
                    document_id,
                    side["start"],
                    side["end"],
                    _RANK_CONTRADICTION,
                    "span",
                    id=side_anchor,
                    title=f"contradiction ({record.get('kind')}): {explanation}",
                    **{"class": "contra", "data-href": "#" + anchor},
                )
            sides.append(
                ContradictionSideView(
                    corpus.document_link(document_id),
                    _cut(_text(side.get("text"))),
                    _text(side.get("stance")),
                    href,
                )
            )
        claim_anchor = "claim-" + _token(record.get("claim_id"))
        claim = (
            LinkView(_cut(claim_text[claim_anchor], 200), "#" + claim_anchor)
            if claim_anchor in claim_text
            else None
        )
        views.append(
            ContradictionView(
                anchor, _text(record.get("kind")), claim, explanation, sides[0], sides[1]
            )
        )
    return views


def _sources(
    dossier: Mapping[str, Any], claims: list[ClaimView], corpus: _Corpus
) -> list[SourceView]:
    claim_text = {c.anchor: c.text for c in claims}
    views = []
    for raw in _list(dossier.get("sources")):
        profile = _dict(raw)
        name = _text(profile.get("name"))
        entity_id = profile.get("entity_id")
        by_stance: dict[str, list[LinkView]] = {}
        for stance in STANCES:
            links = []
            for claim_id in _list(profile.get(stance)):
                anchor = "claim-" + _token(claim_id)
                if anchor in claim_text:
                    links.append(LinkView(_cut(claim_text[anchor], 160), "#" + anchor))
                else:
                    links.append(LinkView(_text(claim_id), None, "claim not in this dossier"))
            by_stance[stance] = links
        document_key = corpus.doc_names.get(_source_key(name))
        views.append(
            SourceView(
                anchor="src-" + _token(profile.get("id") or name),
                name=corpus.outlet_label(name),
                kind=_text(profile.get("kind")),
                entity=corpus.entity_link(entity_id, name) if entity_id else None,
                claims=by_stance,
                document=corpus.document_link(document_key) if document_key else None,
            )
        )
    views.sort(key=lambda v: -sum(len(c) for c in v.claims.values()))
    return views


def _segments(document: dict[str, Any], text_length: int, english: set[str]) -> list[SegmentView]:
    """Segments in text order; one that crosses the previous one's end is trimmed to fit."""
    raw = []
    for index, rawseg in enumerate(_list(document.get("segments"))):
        segment = _dict(rawseg)
        start, end = _offset(segment.get("start")), _offset(segment.get("end"))
        if start is None or end is None:
            continue
        start, end = max(0, start), min(text_length, end)
        if start < end:
            raw.append((start, -end, index, segment))
    raw.sort()
    views: list[SegmentView] = []
    enclosing: list[int] = []  # ends of the blocks the next one may nest in
    for start, negative_end, _, segment in raw:
        end = -negative_end
        while enclosing and enclosing[-1] <= start:
            enclosing.pop()
        if enclosing and end > enclosing[-1]:
            logger.debug("report: segment %s crosses its neighbour; trimmed", segment.get("id"))
            start = enclosing[-1]
            while enclosing and enclosing[-1] <= start:
                enclosing.pop()
            if start >= end:
                continue
        enclosing.append(end)
        views.append(_segment_view(segment, start, end, english))
    return views


def _segment_view(segment: dict[str, Any], start: int, end: int, english: set[str]) -> SegmentView:
    language = _text(segment.get("language"))
    foreign = bool(language) and language not in english
    label = []
    if segment.get("outlet"):
        label.append(_text(segment["outlet"]))
    if segment.get("via"):
        label.append("via " + _text(segment["via"]))
    if segment.get("author"):
        label.append("by " + _text(segment["author"]))
    if segment.get("relative_time"):
        label.append(_text(segment["relative_time"]))
    return SegmentView(
        anchor="seg-" + _token(segment.get("id") or f"{start}-{end}"),
        kind=_text(segment.get("kind")) or "segment",
        start=start,
        end=end,
        language=language,
        foreign=foreign,
        label=label,
    )


def _segment_block(view: SegmentView, score: Any) -> Span:
    kind = _token(view.kind)
    header = [f'<span class="seg-kind">{escape_html(view.kind)}</span>']
    header += [f'<span class="seg-meta">{escape_html(part)}</span>' for part in view.label]
    if view.foreign:
        detail = f" {score:.2f}" if isinstance(score, int | float) else ""
        header.append(
            f'<span class="badge foreign" title="language {escape_html(view.language)}{detail}: '
            f'kept, not analysed by the English pipeline">{escape_html(view.language)}'
            " · not analysed</span>"
        )
    # A title or body needs no label unless it has an outlet, author or a foreign language.
    plain = len(header) == 1 and view.kind in ("title", "body")
    opening = (
        f'<section class="seg seg-{kind}{" seg-foreign" if view.foreign else ""}" '
        f'id="{view.anchor}" data-start="{view.start}" data-end="{view.end}">'
        + ("" if plain else f'<header class="seg-head">{"".join(header)}</header>')
        + '<div class="seg-text">'
    )
    return Span(view.start, view.end, _RANK_BLOCK, "section", {}, opening, is_block=True)


def _english_codes(dossier: Mapping[str, Any]) -> set[str]:
    codes = _dict(dossier.get("settings")).get("english_codes")
    return {_text(c) for c in codes} if isinstance(codes, list | tuple) and codes else {"en"}


def _document_view(
    key: str, document: dict[str, Any], corpus: _Corpus, english: set[str]
) -> DocumentView:
    text = _text(document.get("text"))
    segments = _segments(document, len(text), english)
    scores = {
        "seg-" + _token(_dict(s).get("id")): _dict(s).get("language_score")
        for s in _list(document.get("segments"))
    }
    blocks = [_segment_block(s, scores.get(s.anchor)) for s in segments]
    counts = corpus.counts.get(key, Counter())
    return DocumentView(
        id=key,
        anchor=corpus.doc_anchor[key],
        title=corpus.doc_title[key],
        source_path=_text(document.get("source_path")),
        url=_text(document.get("url")),
        source=_text(document.get("source")),
        format=_text(document.get("format")),
        encoding=_text(document.get("encoding")),
        clean_method=_text(document.get("clean_method")),
        genre=_text(document.get("genre")) or "other",
        genre_evidence=[_text(e) for e in _list(document.get("genre_evidence"))],
        language=_text(document.get("language")),
        published=_text(document.get("published")),
        published_evidence=_text(document.get("published_evidence")),
        also_at=[_text(p) for p in _list(document.get("also_at"))],
        near_duplicates=[
            (link.href or "", link.text)
            for link in (corpus.document_link(d) for d in _list(document.get("near_duplicates")))
        ],
        removed=_removed_lines(document, text),
        segment_kinds=", ".join(
            f"{n} {k}" for k, n in Counter(s.kind for s in segments).most_common()
        ),
        foreign_segments=sum(s.foreign for s in segments),
        n_mentions=counts["mentions"],
        n_quotes=counts["quotes"],
        n_claims=counts["claims"],
        body=mark_up_text(text, blocks + corpus.spans.get(key, [])),
    )


def _removed_lines(document: dict[str, Any], text: str) -> list[tuple[str, str, str]]:
    """What cleaning dropped, in page order where known, each with where it stood: its line
    in the capture and the cleaned words it came just before."""
    rows = []
    for index, raw in enumerate(_list(document.get("removed"))):
        record = _dict(raw)
        offset = _offset(record.get("text_offset"))
        line = _offset(record.get("raw_line"))
        where = [f"line {line}"] if line is not None else []
        if offset is not None and 0 <= offset <= len(text):
            following = _squash(text[offset : offset + 60]).strip()
            where.append(f"before “{following[:40]}…”" if following else "at the end")
        order = (offset if offset is not None else len(text) + 1, index)
        rows.append(
            (order, (_text(record.get("text")), _text(record.get("reason")), ", ".join(where)))
        )
    return [row for _, row in sorted(rows)]


def _summary(
    dossier: Mapping[str, Any],
    documents: list[DocumentView],
    entities: list[EntityView],
    attributions: list[AttributionRow],
    claims: list[ClaimView],
    contradictions: list[ContradictionView],
    sources: list[SourceView],
    corpus: _Corpus,
) -> Summary:
    skipped = [
        (_text(_dict(s).get("source_path")), _text(_dict(s).get("reason")))
        for s in _list(dossier.get("skipped"))
    ]
    languages: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for document in corpus.documents.values():
        for segment in _list(document.get("segments")):
            languages[_text(_dict(segment).get("language")) or "unknown"] += 1
            kinds[_text(_dict(segment).get("kind")) or "segment"] += 1
    stances = Counter(m.stance for c in claims for m in c.mentions)
    return Summary(
        counts=[
            ("documents", len(documents), "documents"),
            ("segments", sum(kinds.values()), "documents"),
            ("entities", len(entities), "entities"),
            ("mentions", sum(e.n_mentions for e in entities), "entities"),
            ("attributions", len(attributions), "who-said-what"),
            ("claims", len(claims), "claims"),
            ("contradictions", len(contradictions), "contradictions"),
            ("sources", len(sources), "sources"),
            ("skipped", len(skipped), "skipped"),
        ],
        genres=Counter(d.genre for d in documents).most_common(),
        segment_kinds=kinds.most_common(),
        entity_types=Counter(e.type for e in entities).most_common(),
        attribution_kinds=Counter(a.kind for a in attributions).most_common(),
        stances=[(s, stances[s]) for s in STANCES if stances[s]],
        languages=languages.most_common(),
        skipped=skipped,
        offset_problems=corpus.offset_problems,
        settings=_flat(_dict(dossier.get("settings"))),
        stats=_flat(_dict(dossier.get("stats"))),
        corpus_documents=_corpus_documents(dossier, len(documents)),
    )


def _corpus_documents(dossier: Mapping[str, Any], shown: int) -> int:
    total = _dict(dossier.get("stats")).get("documents")
    return total if isinstance(total, int) and total > shown else 0


def _flat(mapping: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list | tuple):
            value = ", ".join(_text(v) for v in value)
        rows.append((_text(key), _text(value)))
    return rows


# --------------------------------------------------------------------------- the page


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("hearsay", "templates"),
        autoescape=True,  # every value from the dossier is hostile text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _static() -> tuple[Markup, Markup, str]:
    """The page's own CSS and JS, inlined so the report opens from disk with no request, and
    the content-security policy that lets only that script run and nothing load."""
    folder = resources.files("hearsay") / "templates"
    css = (folder / "report.css").read_text(encoding="utf-8")
    js = (folder / "report.js").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError("report assets must not close their own inline element")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'"
    )
    return Markup(css), Markup(js), policy


def render_report(dossier: dict[str, Any]) -> str:
    """The dossier as one self-contained HTML page (inline CSS and JS, no external request)."""
    # The page is hundreds of thousands of small acyclic objects that reference counting
    # frees; cyclic collections over them cost a third of the time on 1000 documents.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _render(dossier)
    finally:
        if collecting:
            gc.enable()


def _render(dossier: dict[str, Any]) -> str:
    corpus = _Corpus()
    _documents(dossier, corpus)
    entities = _entities(dossier, corpus)
    attributions = _attributions(dossier, corpus)
    claims = _claims(dossier, corpus)
    matrix = _claim_matrix(dossier, claims, corpus)
    contradictions = _contradictions(dossier, claims, corpus)
    sources = _sources(dossier, claims, corpus)
    english = _english_codes(dossier)
    # Document bodies last: every layer above has put its spans in ``corpus.spans`` by now.
    document_views = [_document_view(k, d, corpus, english) for k, d in corpus.documents.items()]
    css, js, policy = _static()
    html: str = (
        _environment()
        .get_template("report.html.j2")
        .render(
            css=css,
            js=js,
            policy=policy,
            schema_version=_text(dossier.get("schema_version")),
            generated_at=_text(dossier.get("generated_at")),
            summary=_summary(
                dossier,
                document_views,
                entities,
                attributions,
                claims,
                contradictions,
                sources,
                corpus,
            ),
            documents=document_views,
            entities=entities,
            attributions=attributions,
            claims=claims,
            matrix=matrix,
            contradictions=contradictions,
            sources=sources,
            stances=STANCES,
            entity_colours=sorted({(e.type, e.colour) for e in entities}),
        )
    )
    try:
        html.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates from a hand-edited dossier.json would make the file unwritable.
        html = html.encode("utf-8", "replace").decode("utf-8")
    return html
