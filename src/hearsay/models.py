"""Every record hearsay produces, in one place.

Ids are content hashes, so the same input always yields the same ids and re-running a build
never duplicates anything. Every derived record carries ``(document_id, start, end)``: character
offsets into the document's cleaned ``text``.
"""

from __future__ import annotations

import hashlib
from typing import Literal, get_args

from pydantic import BaseModel, Field

SCHEMA_VERSION = "1.0"

Genre = Literal[
    "news_report",
    "analysis",
    "intelligence_assessment",
    "forum_thread",
    "aggregator_digest",
    "official_statement",
    "other",
]
SegmentKind = Literal["title", "body", "caption", "dateline", "post", "comment", "snippet"]
AttributionKind = Literal["direct", "indirect", "mixed"]
StanceLabel = Literal["asserts", "relays", "disputes", "questions"]
# The four stances of a mention, in the order every listing shows them.
STANCE_LABELS: tuple[StanceLabel, ...] = get_args(StanceLabel)
SourceFormat = Literal["text", "html", "jsonl", "warc"]


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id: the first ``length`` hex digits of the sha256 of the parts."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


class Record(BaseModel):
    model_config = {"extra": "forbid", "validate_assignment": False}


class RemovedLine(Record):
    """A piece of the capture that cleaning dropped, and why (and where, when known)."""

    text: str
    reason: str
    raw_start: int | None = None  # character offsets of the line in Document.raw
    raw_end: int | None = None
    raw_line: int | None = None  # its 1-based line number in Document.raw
    text_offset: int | None = None  # where it stood in the cleaned text: just before text[n:]


class Segment(Record):
    """A stretch of a document with one role: a title, a forum comment, an aggregator snippet."""

    id: str
    kind: SegmentKind
    start: int
    end: int
    language: str | None = None
    language_score: float | None = None
    outlet: str | None = None
    via: str | None = None  # the aggregator that carried an outlet's snippet ("MSN")
    author: str | None = None
    relative_time: str | None = None  # "4h", "2 days ago" as printed on the page


class Document(Record):
    """One captured document, from its raw bytes to its cleaned, segmented text."""

    id: str  # content hash of the decoded raw text
    source_path: str
    also_at: list[str] = Field(default_factory=list)  # exact duplicates found at other paths
    format: SourceFormat = "text"
    encoding: str | None = None
    raw: str = ""
    url: str | None = None
    source: str | None = None  # outlet or publisher, when the capture says
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    published_evidence: str | None = None  # the text the date was read from
    title: str | None = None
    text: str = ""  # cleaned text: every offset points into this
    removed: list[RemovedLine] = Field(default_factory=list)
    genre: Genre = "other"
    genre_evidence: list[str] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    language: str | None = None
    near_duplicates: list[str] = Field(default_factory=list)  # ids of near-duplicate documents
    comments_start: int | None = None  # offset in text where a page's comment section begins
    clean_method: str | None = None  # how text was cleaned: "line rules", "trafilatura", ...

    def segment_at(self, offset: int) -> Segment | None:
        for segment in self.segments:
            if segment.start <= offset < segment.end:
                return segment
        return None


class Skipped(Record):
    """An input that was not read, and the reason a user can act on."""

    source_path: str
    reason: str


class EntityMention(Record):
    """A place in a document that names (or refers back to) an entity."""

    document_id: str
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, GPE, NORP, ...
    canonical: str  # the canonical name after aliases and in-document coreference
    entity_id: str = ""
    role: str | None = None  # "Chinese Foreign Minister"
    resolved_by: str | None = None  # alias, metonym, surname, title, ...


class Entity(Record):
    """An actor or place as the corpus knows it, with every name it goes by."""

    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)

    @staticmethod
    def make_id(type_: str, name: str) -> str:
        return content_id("entity", type_, name.casefold())


class TextSpan(Record):
    text: str
    start: int
    end: int


class Speaker(Record):
    text: str
    start: int
    end: int
    entity_id: str | None = None
    anonymous: bool = False
    # "I think ..." in a forum comment or a signed post: the name the page gives its author.
    author: str | None = None


class Cue(Record):
    text: str
    start: int
    end: int
    lean: str = "neutral"  # neutral, doubting, denying, asserting, ...
    # "have not admitted that ...", "never said": the speaker did not make the statement.
    negated: bool = False


class Addressee(Record):
    text: str
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None


class ChainLink(Record):
    """One source in a reporting chain: "SCMP", "informed sources"."""

    text: str
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None
    anonymous: bool = False


class Hedge(Record):
    text: str
    start: int
    end: int


class Attribution(Record):
    """Who said what, to whom, when, through which channel and through whom."""

    id: str
    document_id: str
    kind: AttributionKind
    speaker: Speaker | None = None
    cue: Cue | None = None
    addressee: Addressee | None = None
    content: TextSpan
    # A direct quote broken by its cue ("“...,” she said, “...”"): the quotations alone.
    fragments: list[TextSpan] = Field(default_factory=list)
    via: list[ChainLink] = Field(default_factory=list)
    parent_id: str | None = None
    hedges: list[Hedge] = Field(default_factory=list)
    date: str | None = None
    occasion: str | None = None
    channel: str | None = None
    segment_id: str | None = None
    confidence: float | None = None
    # Of nested reports of the same words, whether this one stands for the passage when each
    # passage gets one reading (the who-said-what table; hearsay.nesting).
    primary: bool = True

    @staticmethod
    def make_id(document_id: str, content_start: int, content_end: int) -> str:
        return content_id("attribution", document_id, content_start, content_end)


class ClaimMention(Record):
    document_id: str
    start: int
    end: int
    text: str
    stance: StanceLabel
    stance_scores: dict[str, float] = Field(default_factory=dict)
    attribution_id: str | None = None
    speaker: str | None = None
    speaker_entity_id: str | None = None
    via: list[str] = Field(default_factory=list)
    outlet: str | None = None


class ClaimCluster(Record):
    id: str
    text: str  # representative wording
    mentions: list[ClaimMention] = Field(default_factory=list)
    size: int = 0  # number of mentions
    support: int = 0  # number of distinct documents that mention it


class ContradictionSide(Record):
    document_id: str
    start: int
    end: int
    text: str
    stance: StanceLabel | None = None


class Contradiction(Record):
    id: str
    claim_id: str
    kind: str  # opposite_stance, negation, number, date, actor, omission
    a: ContradictionSide
    b: ContradictionSide
    explanation: str


class SourceProfile(Record):
    """Per outlet or speaker: the claims it asserts, relays, disputes and questions."""

    id: str
    name: str
    kind: Literal["outlet", "speaker"]
    entity_id: str | None = None
    # Set when the document prints no outlet and the name stands in for one: "site" (the
    # URL's host), "title" (the document's title) or "text" (its kind and opening words).
    name_from: Literal["site", "title", "text"] | None = None
    asserts: list[str] = Field(default_factory=list)
    relays: list[str] = Field(default_factory=list)
    disputes: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
