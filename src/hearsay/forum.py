"""Forum threads: the opening post, then one segment per reply.

When the capture keeps comment headers ("marta_v · 3h", "Posted by ostrowski", "Jan Kral
wrote:", or "Jan Kral · 12 May 2027" as cleaning writes them for HTML posts), they mark where
each comment starts and give its author and age; the header line is metadata and not part of
the comment text. Without headers, the post is the thread's first
paragraph(s) up to the first conversational one (first or second person, a lowercase start,
"I don't think"), and every later paragraph is one comment; a line that quotes the post ("…
not because it ...") belongs to the reply under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hearsay.layout import RELATIVE_AGE, Block, looks_like_heading, looks_like_title, relative_age
from hearsay.models import Segment, content_id

_USER = r"@?[\w.-]{2,40}"
_DISPLAY_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}"
_WHEN = rf"(?:{RELATIVE_AGE}|(?:on|at)\s+[^\n]{{4,40}}?\d)"
_NAME = r"[\w@.'’-]+(?:\s[\w@.'’-]+){0,3}"  # a user name or a display name of up to 4 words
_PRINTED_TIME = r"(?=[^\n]*?(?:\d|\bago\b|\byesterday\b|\btoday\b|\bjust now\b))[^·•|\n]{1,40}"
_SAYS_HEADER = re.compile(
    rf"^(?P<author>{_USER}|{_DISPLAY_NAME})\s+(?:wrote|said|says|replied|commented|writes)"
    rf"(?:\s+(?P<age>{_WHEN}))?\s*:?\s*$"
)
_HEADERS = [
    re.compile(
        rf"^(?:posted|submitted|commented|replied|reply)\s+by\s+(?P<author>{_USER})"
        rf"(?:\s*[·•|,-]?\s*(?P<age>{_WHEN}))?\s*$",
        re.IGNORECASE,
    ),
    _SAYS_HEADER,
    re.compile(
        rf"^(?P<author>{_USER})\s*[·•|]\s*(?:(?P<age>{_WHEN})|\d+\s+points?)"
        r"(?:\s*[·•|]\s*[^\n]{0,40})?$",
        re.IGNORECASE,
    ),
    re.compile(rf"^(?P<author>{_USER})\s+(?P<age>{RELATIVE_AGE})$", re.IGNORECASE),
    # "Jan Kral · 12 May 2027, 9:14": a name, a spaced middle dot and the time as printed, as
    # hearsay.html_comments writes the header of an HTML post.
    re.compile(rf"^(?P<author>{_NAME})\s+·\s+(?P<age>{_PRINTED_TIME})$", re.IGNORECASE),
]
_CHROME = re.compile(
    r"^(?:reply|share|report|permalink|save|quote|edit|delete|parent|context|embed|like|"
    r"\d+\s+(?:points?|upvotes?|likes?|replies|comments?)|level\s+\d+|[+-]?\d+|[↑↓▲▼]+)$",
    re.IGNORECASE,
)
# The controls only a comment thread has (no "Share" or "Print": articles have those too).
_REPLY_CONTROLS = re.compile(
    r"^[-•·]?\s*(?:reply|permalink|parent|context|like reply|reply quote|click to expand\.*"
    r"|\d[\d,.]*k?\s+(?:points?|upvotes?|replies|likes?|reactions?)"
    r"|level\s+\d+|#\d+|joined|messages|reaction score|posts|elite member|senior member"
    r"|full member|new member|registered user|add a comment|improve this (?:answer|question))$",
    re.IGNORECASE,
)
_QUOTE_OPENERS = ("…", "...", ">", "»")

# Said outside quotation marks, these make a paragraph read as someone talking in a thread.
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_FIRST_SECOND_PERSON = frozenset(
    [
        "I",
        "I'm",
        "I’m",
        "I've",
        "I’ve",
        "I'd",
        "I’d",
        "I'll",
        "I’ll",
        "me",
        "my",
        "mine",
        "myself",
        "i",
        "im",
        "ive",
        "you",
        "your",
        "yours",
        "yourself",
        "you're",
        "you’re",
        "u",
        "ya",
        "y'all",
        "You",
        "Your",
        "My",
        "Me",
    ]
)
# Matched on lowercased text (plain matching is faster than IGNORECASE).
_CONVERSATION = re.compile(
    r"\b(?:lol|lmao|imo|imho|tbh|afaik|iirc|brb|smh|agreed|thanks|thank you|good point"
    r"|with all due respect|source\?|this\.|wait,|well,|honestly|seriously|nope|yeah|yep)"
)
# A reply that opens by answering ("Neither.", "Good point.", "lol", "@marta"), even without
# a first person; data/genre.json scores the same openers as evidence for the genre.
_REPLY_OPENER = re.compile(
    r"^(?:(?:lol|lmao|haha\w*|yeah|yep|yup|nope|nah|agreed|neither|ok|okay|ugh|meh)\b"
    r"|(?:no|yes|exactly|well|this|sure|true|fair|right|indeed|absolutely|correct|wrong|same"
    r"|wait|honestly|seriously|thanks|thank you)[,.!?:]"
    r"|(?:with all due respect|good point|great point|fair point|\+1)\b|@\w)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|“[^”]*$|\"[^\"\n]*$")


@dataclass(frozen=True)
class CommentHeader:
    author: str
    age: str | None
    says: bool = False  # "Jan Kral wrote:": also how a reply cites the passage it quotes


def outside_quotes(text: str) -> str:
    """``text`` with quoted passages blanked (an unclosed quote runs to the end)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def comment_header(text: str) -> CommentHeader | None:
    stripped = text.strip()
    if len(stripped) > 80:
        return None
    for pattern in _HEADERS:
        m = pattern.match(stripped)
        if m:
            return CommentHeader(m.group("author").lstrip("@"), m.groupdict().get("age"),
                                 pattern is _SAYS_HEADER)
    return None


def is_reply_control(text: str) -> bool:
    return bool(_REPLY_CONTROLS.match(text.strip()))


def is_thread_chrome(text: str) -> bool:
    return bool(_CHROME.match(text.strip()))


_SECOND_PERSON = frozenset(
    ["you", "your", "yours", "yourself", "you're", "you’re", "u", "ya", "y'all", "You", "Your"]
)


_LOWER_START = re.compile(r"[a-z][a-z'’]*(?=[\s,;:!?]|$)")


def starts_in_lowercase(text: str) -> bool:
    """A reply typed without a capital ("i suspect ...", "lol the ..."), not a URL, a brand
    name ("freeCodeCamp", "iPhone") or a list label ("a. Robots")."""
    first = text.lstrip(" …>»-*.").strip()
    return bool(_LOWER_START.match(first))


def speaks_as_i(text: str) -> bool:
    """First person singular or chat markers outside quotes, or a lowercase start.

    Second person alone does not count: how-to pages and blogs address "you" throughout,
    while thread replies mostly speak for their writer ("I don't think ...").
    """
    own = outside_quotes(text)
    words = set(_WORD.findall(own))
    return (
        not (_FIRST_SECOND_PERSON - _SECOND_PERSON).isdisjoint(words)
        or bool(_CONVERSATION.search(own.lower()))
        or starts_in_lowercase(text)
    )


def is_conversational(text: str) -> bool:
    """First/second person or chat markers outside quotes, or a lowercase start."""
    own = outside_quotes(text)
    return (
        not _FIRST_SECOND_PERSON.isdisjoint(_WORD.findall(own))
        or bool(_CONVERSATION.search(own.lower()))
        or starts_in_lowercase(text)
    )


class EarlierText:
    """The thread's paragraphs with spacing normalised, to ask "was this quoted from above?"

    Built once per document, so checking every quoting line stays linear in the text size.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self._ends: dict[int, int] = {}  # block start offset -> end in the joined text
        parts: list[str] = []
        size = 0
        for block in blocks:
            part = " ".join(block.text.split())
            parts.append(part)
            size += len(part) + 1
            self._ends[block.start] = size
        self._joined = "\n".join(parts)
        self._starts = {
            b.start: self._ends[b.start] - len(p) - 1 for b, p in zip(blocks, parts, strict=True)
        }

    def quotes_earlier(self, block: Block) -> bool:
        """A line quoting earlier text ("… not because it ..."): part of the reply under it."""
        text = block.text.strip()
        if not text.startswith(_QUOTE_OPENERS):
            return False
        body = " ".join(text.lstrip("".join(_QUOTE_OPENERS) + " ").rstrip(" …").split())
        if len(body.split()) < 5:
            return False
        if text.startswith((">", "»")):
            return True
        before = self._starts.get(block.start, 0)
        return self._joined.find(body, 0, before) != -1


def forum_segments(document_id: str, blocks: list[Block]) -> list[Segment]:
    """Title (if any), the post and one comment segment per reply."""
    segments: list[Segment] = []
    body = list(blocks)
    if (
        len(body) > 1
        and looks_like_title(body[0].text)
        and len(body[0].words) <= 15
        and comment_header(body[0].text) is None
    ):
        segments.append(_segment(document_id, "title", body[0], body[0]))
        body = body[1:]
    if sum(1 for b in body if comment_header(b.text)) >= 2:
        segments.extend(_by_headers(document_id, body))
    else:
        segments.extend(_by_turns(document_id, body))
    return segments


def comment_segments(document_id: str, blocks: list[Block]) -> list[Segment]:
    """A page's comment section: one ``comment`` per reply (under its header when printed),
    with the section's heading ("Reader comments") as a ``title``."""
    segments: list[Segment] = []
    body = list(blocks)
    if body and looks_like_heading(body[0].text) and comment_header(body[0].text) is None:
        segments.append(_segment(document_id, "title", body[0], body[0]))
        body = body[1:]
    if any(comment_header(b.text) for b in body):
        replies = _by_headers(document_id, body)
    else:  # one reply per paragraph; an age alone on a line dates the reply below it
        replies, age = [], None
        for block in body:
            if relative_age(block.text):
                age = relative_age(block.text)
            elif not is_thread_chrome(block.text):
                replies.append(_segment(document_id, "comment", block, block, age=age))
                age = None
    for reply in replies:
        reply_kind = "comment"
        segments.append(reply if reply.kind == reply_kind else reply.model_copy(update={
            "kind": reply_kind, "id": content_id(document_id, reply_kind, reply.start, reply.end)
        }))
    return segments


def _segment(
    document_id: str,
    kind: str,
    first: Block,
    last: Block,
    author: str | None = None,
    age: str | None = None,
) -> Segment:
    return Segment(
        id=content_id(document_id, kind, first.start, last.end),
        kind=kind,  # type: ignore[arg-type]
        start=first.start,
        end=last.end,
        author=author,
        relative_time=age,
    )


def _by_headers(document_id: str, body: list[Block]) -> list[Segment]:
    """Comments delimited by their headers; text before the first header is the post."""
    segments: list[Segment] = []
    groups: list[tuple[CommentHeader | None, list[Block]]] = [(None, [])]
    for block in body:
        header = comment_header(block.text)
        if header and header.says and groups[-1][0] is not None and not groups[-1][1]:
            header = None  # right under a header, "X wrote:" cites the passage the reply quotes
        if header:
            groups.append((header, []))
        elif not is_thread_chrome(block.text) and not relative_age(block.text):
            groups[-1][1].append(block)
    post_given = False
    for header, content in groups:
        if not content:
            continue
        kind = "comment" if post_given else "post"
        post_given = True
        segments.append(
            _segment(
                document_id,
                kind,
                content[0],
                content[-1],
                header.author if header else None,
                header.age if header else None,
            )
        )
    return segments


def _by_turns(document_id: str, body: list[Block]) -> list[Segment]:
    """Without headers: the post until the first conversational turn, then one reply each."""
    ages: dict[int, str] = {}  # index of the content block an age line dates -> the age
    content: list[Block] = []
    for block in body:
        age = relative_age(block.text)
        if age:
            # An age alone on a line sits in the reply's header, above its text.
            ages.setdefault(len(content), age)
        elif not is_thread_chrome(block.text):
            content.append(block)
    if not content:
        return []
    if len(content) in ages:  # an age after the last reply dates that reply
        ages.setdefault(len(content) - 1, ages.pop(len(content)))
    earlier = EarlierText(content)
    post_end = 1
    while post_end < len(content):
        block = content[post_end]
        if (
            is_conversational(block.text)
            or _REPLY_OPENER.match(block.text)
            or earlier.quotes_earlier(block)
        ):
            break
        post_end += 1
    segments = [_segment(document_id, "post", content[0], content[post_end - 1], age=ages.get(0))]
    i = post_end
    while i < len(content):
        first = last = content[i]
        age = ages.get(i)
        if earlier.quotes_earlier(first) and i + 1 < len(content):
            last = content[i + 1]
            i += 1
            age = age or ages.get(i)
        segments.append(_segment(document_id, "comment", first, last, age=age))
        i += 1
    return segments
