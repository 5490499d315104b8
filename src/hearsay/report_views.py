"""What the report template sees: plain records built from the dossier, one per thing shown.

Text fields hold raw (unescaped) strings; the template escapes them. Only ``Markup`` fields
(a document's laid-out body) are HTML, built and escaped by ``report_markup``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass
class SegmentView:
    anchor: str
    kind: str
    start: int
    end: int
    language: str
    foreign: bool
    label: list[str]


@dataclass
class DocumentView:
    id: str
    anchor: str
    title: str
    source_path: str
    url: str
    source: str
    format: str
    encoding: str
    clean_method: str
    genre: str
    genre_evidence: list[str]
    language: str
    published: str
    published_evidence: str
    also_at: list[str]
    near_duplicates: list[tuple[str, str]]  # (anchor, title)
    removed: list[tuple[str, str, str]]  # (text, reason, where it stood), in page order
    segment_kinds: str
    foreign_segments: int
    n_mentions: int = 0
    n_quotes: int = 0
    n_claims: int = 0
    body: Markup = Markup("")


@dataclass
class LinkView:
    text: str
    href: str | None = None
    note: str = ""


@dataclass
class MentionView:
    anchor: str | None  # None when the document is not in the dossier
    text: str
    before: str
    after: str
    role: str
    resolved_by: str
    with_context: bool = False


@dataclass
class MentionGroup:
    """An entity's mentions in one document: the first few with context, then compact links."""

    document: LinkView
    shown: list[MentionView]
    more: list[MentionView]


@dataclass
class EntityView:
    anchor: str
    name: str
    type: str
    colour: str
    aliases: list[str]
    roles: list[str]
    n_mentions: int
    by_document: list[MentionGroup]


@dataclass
class AttributionRow:
    anchor: str
    quote_anchor: str | None
    document: LinkView
    kind: str
    speaker: LinkView | None
    anonymous: bool
    content: str
    cue: str
    lean: str
    addressee: LinkView | None
    via: list[LinkView]
    hedges: list[str]
    date: str
    occasion: str
    channel: str
    parent: str | None
    confidence: str


@dataclass
class ClaimMentionView:
    anchor: str | None
    document: LinkView
    text: str
    stance: str
    scores: str
    speaker: str
    via: list[str]
    outlet: str  # the mention's outlet, else its document's source or title
    source_keys: set[str] = field(default_factory=set)  # what a source column matches


@dataclass
class ClaimView:
    anchor: str
    text: str
    mentions: list[ClaimMentionView]
    stance_counts: dict[str, int]


@dataclass
class MatrixCell:
    chips: list[tuple[str, str | None, str]]  # (stance, href, hover text)


@dataclass
class ClaimMatrix:
    sources: list[LinkView]
    rows: list[tuple[ClaimView, list[MatrixCell]]]
    hidden_claims: int
    hidden_sources: int


@dataclass
class ContradictionSideView:
    document: LinkView
    text: str
    stance: str
    href: str | None


@dataclass
class ContradictionView:
    anchor: str
    kind: str
    claim: LinkView | None
    explanation: str
    a: ContradictionSideView
    b: ContradictionSideView


@dataclass
class SourceView:
    anchor: str
    name: str
    kind: str
    entity: LinkView | None
    claims: dict[str, list[LinkView]]
    document: LinkView | None = None  # an outlet known only by its document


@dataclass
class Summary:
    counts: list[tuple[str, int, str]]  # (label, number, section anchor)
    genres: list[tuple[str, int]]
    segment_kinds: list[tuple[str, int]]
    entity_types: list[tuple[str, int]]
    attribution_kinds: list[tuple[str, int]]
    stances: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    skipped: list[tuple[str, str]]
    offset_problems: int
    settings: list[tuple[str, str]]
    stats: list[tuple[str, str]]
    corpus_documents: int = 0  # documents in the whole dossier, when more than are shown
