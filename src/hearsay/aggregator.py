"""Aggregator result pages: one snippet per result, each with the outlet that wrote it.

Aggregators print an outlet label next to every result, in several layouts:

- glued to the headline, with the aggregator that carried it: "RBC Ukraine on MSNUkraine rules
  out ..." → outlet "RBC Ukraine", via "MSN", headline "Ukraine rules out ...";
- on a line of its own with an age: "Reuters · 2h", "The Guardian — 3 days ago";
- as a reporter credit closing the snippet: "CNN's Will Ripley reports.";
- not at all (the outlet stays unknown).

Relative ages ("4h") stand alone on a line before or after the result they date; which one is
read from the page: an age directly before a labelled result belongs to it, otherwise the
direction the page uses for its first label or age decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hearsay.datafiles import load_lexicon
from hearsay.layout import RELATIVE_AGE, Block, looks_like_title, relative_age
from hearsay.models import Segment, content_id

_SEP = r"[·•|–—-]"
_NAME = r"[A-Z0-9][\w&'’./-]*(?:\s+[\w&'’./-]+){0,6}"
_LABEL_WITH_AGE = re.compile(
    rf"^(?P<outlet>{_NAME})\s*[·•|]\s*(?P<age>{RELATIVE_AGE})(?:\s*{_SEP}\s*(?P<rest>\S.*))?$",
    re.IGNORECASE,
)
_LABEL_DASH_AGE = re.compile(rf"^(?P<outlet>{_NAME})\s+[–—-]\s+(?P<age>{RELATIVE_AGE})$")
_LABEL_SPACE_AGE = re.compile(rf"^(?P<outlet>{_NAME})\s+(?P<age>{RELATIVE_AGE})$")
_CREDIT_TAIL = 120
_REPORTER_CREDIT = re.compile(
    r"(?:^|(?<=[.!?…”\"]\s))(?P<outlet>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})[’']s\s+"
    r"(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2})\s+"
    r"(?:reports|reported|has more|has the story|explains)\.?$"
)


# "All News Images Videos": the tabs above a result list.
_RESULT_TABS = frozenset(
    [
        "all",
        "news",
        "images",
        "videos",
        "maps",
        "shopping",
        "more",
        "web",
        "books",
        "flights",
        "tools",
        "settings",
    ]
)


@dataclass(frozen=True)
class OutletLabel:
    """An outlet label found on a line; ``rest`` is where the headline starts (None: label only)."""

    outlet: str
    via: str | None = None
    age: str | None = None
    rest: int | None = None


@dataclass(frozen=True)
class ReporterCredit:
    outlet: str
    author: str
    start: int


class OutletLexicon:
    """Known outlets, aggregator names ("MSN") and aggregator chrome, from ``data/outlets.json``."""

    def __init__(self, aggregators: list[str], outlets: list[str], chrome: list[str]) -> None:
        self.outlets = {o.casefold() for o in outlets}
        self.chrome = [c.casefold() for c in chrome]
        via = "|".join(re.escape(a) for a in sorted(aggregators, key=len, reverse=True))
        # "X on MSNHeadline": the headline may be glued to the aggregator's name, but a glued
        # run of capitals ("on MSNBC") is another name, not a headline.
        self._glued = re.compile(
            rf"^(?P<outlet>\S.{{0,60}}?)\s+on\s+(?P<via>{via})"
            rf"(?:\s*[·•|]\s*(?P<age>{RELATIVE_AGE}))?"
            rf"(?:(?P<gap>[\s·•|–—:-]+)|(?![A-Z]+\b)|$)(?P<rest>[A-Z0-9\"“‘'«¿¡].*)?$"
        )

    @classmethod
    def load(cls, extra_files: tuple[str, ...] = ()) -> OutletLexicon:
        return _load(extra_files)

    def label(self, text: str) -> OutletLabel | None:
        """The outlet label a line carries, alone or glued to a headline."""
        m = self._glued.match(text)
        if m and _looks_like_name(m.group("outlet")):
            rest = m.start("rest") if m.group("rest") else None
            return OutletLabel(m.group("outlet").strip(), m.group("via"), m.group("age"), rest)
        for pattern in (_LABEL_WITH_AGE, _LABEL_DASH_AGE):
            m = pattern.match(text)
            if m and _looks_like_name(m.group("outlet")):
                groups = m.groupdict()
                rest = m.start("rest") if groups.get("rest") else None
                return OutletLabel(m.group("outlet").strip(), None, m.group("age"), rest)
        m = _LABEL_SPACE_AGE.match(text)
        if m and m.group("outlet").casefold() in self.outlets:
            return OutletLabel(m.group("outlet"), None, m.group("age"))
        bare = text.strip(" ·•|–—-")
        if bare.casefold() in self.outlets:
            return OutletLabel(bare)
        return None

    def is_chrome(self, text: str) -> bool:
        folded = text.strip().casefold()
        if any(folded == c or folded.startswith(c + ":") for c in self.chrome):
            return True
        words = folded.split()
        return len(words) >= 2 and all(w in _RESULT_TABS for w in words)


@lru_cache(maxsize=8)
def _load(extra_files: tuple[str, ...]) -> OutletLexicon:
    data = load_lexicon("outlets.json", extra_files)
    return OutletLexicon(data["aggregators"], data["outlets"], data.get("chrome", []))


_NAME_JOINERS = frozenset(["of", "the", "and", "de", "du", "la", "le", "for", "on", "&", "-"])


def _looks_like_name(text: str) -> bool:
    """An outlet's name: a few capitalised words ("The Ysk Chronicle", "RBC Ukraine")."""
    words = text.split()
    if not 1 <= len(words) <= 7 or not (text[0].isupper() or text[0].isdigit()):
        return False
    if any(not (w[0].isupper() or w[0].isdigit() or w in _NAME_JOINERS) for w in words):
        return False
    return not re.search(r"[,;!?]|[a-z]\.\s", text) and not text.rstrip().endswith(".")


def reporter_credit(text: str) -> ReporterCredit | None:
    """A closing "CNN's Will Ripley reports." credit: the outlet and the reporter."""
    text = text.rstrip()
    offset = max(0, len(text) - _CREDIT_TAIL)  # a credit closes the snippet
    m = _REPORTER_CREDIT.search(text, offset)
    if not m:
        return None
    return ReporterCredit(m.group("outlet"), m.group("author"), m.start())


BlockRole = Literal["title", "age", "label", "labelled", "text", "chrome"]


@dataclass(frozen=True)
class Role:
    """What one block of an aggregator page is: a result's text, a label, an age, chrome."""

    kind: BlockRole
    label: OutletLabel | None = None
    age: str | None = None


@dataclass
class _Snippet:
    first: int  # block indices
    last: int
    start: int
    end: int
    outlet: str | None = None
    via: str | None = None
    age: str | None = None
    author: str | None = None
    labelled: bool = False
    headline: bool = False  # starts with a headline line (with or without its description)


def block_roles(blocks: list[Block], lexicon: OutletLexicon) -> list[Role]:
    roles: list[Role] = []
    for block in blocks:
        age = relative_age(block.text)
        label = None if age else lexicon.label(block.text)
        if age:
            roles.append(Role("age", age=age))
        elif lexicon.is_chrome(block.text):
            roles.append(Role("chrome"))
        elif label:
            roles.append(Role("label" if label.rest is None else "labelled", label))
        else:
            roles.append(Role("text"))
    if len(blocks) > 1 and roles[0].kind == "text" and looks_like_title(blocks[0].text):
        roles[0] = Role("title")
    return roles


def _headline_like(text: str) -> bool:
    return looks_like_title(text) and len(text.split()) <= 20


def _snippets(blocks: list[Block], roles: list[Role]) -> list[_Snippet]:
    snippets: list[_Snippet] = []
    i = 0
    while i < len(blocks):
        role, block = roles[i], blocks[i]
        if role.kind not in ("text", "labelled"):
            i += 1
            continue
        offset = role.label.rest or 0 if role.label else 0
        snippet = _Snippet(i, i, block.start + offset, block.end)
        if role.label:
            snippet.outlet, snippet.via = role.label.outlet, role.label.via
            snippet.age, snippet.labelled = role.label.age, True
        headline = block.text[offset:]
        snippet.headline = _headline_like(headline)
        # A headline followed by its description is one result.
        if i + 1 < len(blocks) and roles[i + 1].kind == "text" and _headline_like(headline):
            description = blocks[i + 1].text
            if not _headline_like(description) and len(description) > len(headline):
                snippet.last, snippet.end = i + 1, blocks[i + 1].end
                i += 1
        snippets.append(snippet)
        i += 1
    return snippets


def _attach_labels_and_ages(snippets: list[_Snippet], roles: list[Role]) -> None:
    """Give each stand-alone label and age line to the result it belongs to."""
    if not snippets:
        return
    first_text = snippets[0].first
    label_lines = [i for i, r in enumerate(roles) if r.kind == "label"]
    age_lines = [i for i, r in enumerate(roles) if r.kind == "age"]
    labels_forward = bool(label_lines) and label_lines[0] < first_text
    ages_forward = labels_forward if label_lines else bool(age_lines) and age_lines[0] < first_text
    chosen: dict[int, _Snippet] = {}

    def neighbour(index: int, forward: bool) -> _Snippet | None:
        if forward:
            return next((s for s in snippets if s.first > index), None)
        return next((s for s in reversed(snippets) if s.last < index), None)

    for i in label_lines:
        label = roles[i].label
        following, preceding = neighbour(i, True), neighbour(i, False)
        owner: _Snippet | None
        touches_next = following is not None and following.first == i + 1
        touches_previous = preceding is not None and preceding.last == i - 1
        if touches_next and not touches_previous:
            owner = following
        elif touches_previous and not touches_next:
            owner = preceding
        elif touches_next and touches_previous and following and preceding:
            # Between two results: a label heads a result that starts with a headline, and
            # closes one when the results on both sides are headline-led ("Headline / text /
            # Reuters · 2h"), which the page's first label settles.
            if following.headline and not preceding.headline:
                owner = following
            elif preceding.headline and not following.headline:
                owner = preceding
            else:
                owner = following if labels_forward else preceding
        else:
            owner = following if labels_forward else preceding
        if owner is None or owner.outlet:
            owner = (preceding if owner is following else following) or owner
        if label is not None and owner is not None and not owner.outlet:
            owner.outlet, owner.via = label.outlet, label.via
            owner.age = owner.age or label.age
            chosen[i] = owner
    for i in age_lines:
        following = neighbour(i, True)
        target: _Snippet | None
        if i - 1 in chosen:  # "Reuters" then "2h": the age goes where the label went
            target = chosen[i - 1]
        elif i + 1 in chosen:  # "2h" then "Reuters"
            target = chosen[i + 1]
        elif following and following.first == i + 1 and following.labelled:
            target = following  # "4h" then "RBC Ukraine on MSNHeadline"
        else:
            target = neighbour(i, ages_forward) or neighbour(i, not ages_forward)
        if target is not None and target.age is None:
            target.age = roles[i].age


def aggregator_segments(
    document_id: str, blocks: list[Block], lexicon: OutletLexicon
) -> list[Segment]:
    """The page's title (its query or topic) and one snippet segment per result."""
    roles = block_roles(blocks, lexicon)
    snippets = _snippets(blocks, roles)
    for s in snippets:
        # A closing "CNN's Will Ripley reports." names the result's outlet in its own text,
        # which beats a label line whose place on the page is ambiguous.
        credit = reporter_credit(blocks[s.last].text)
        if credit:
            s.outlet, s.author = s.outlet or credit.outlet, credit.author
    _attach_labels_and_ages(snippets, roles)
    segments: list[Segment] = []
    if roles and roles[0].kind == "title":
        b = blocks[0]
        segments.append(
            Segment(
                id=content_id(document_id, "title", b.start, b.end),
                kind="title",
                start=b.start,
                end=b.end,
            )
        )
    for s in snippets:
        segments.append(
            Segment(
                id=content_id(document_id, "snippet", s.start, s.end),
                kind="snippet",
                start=s.start,
                end=s.end,
                outlet=s.outlet,
                via=s.via,
                author=s.author,
                relative_time=s.age,
            )
        )
    return segments
