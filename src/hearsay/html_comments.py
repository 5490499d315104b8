"""Who wrote each post of an HTML thread, and when, read from the page's markup.

trafilatura keeps the text of posts and comments but drops the header above each one
("saltwater_sam · 3h"), so on an HTML forum the segmenter could not tell who wrote what. Forum
software marks its authors in markup a reader never sees: ``class="username"``, ``"author"``,
``itemprop="author"``, ``rel="author"``. Each such element stands for one post; the post is the
largest element around it that holds no other author's name, and its time is the nearest
``<time>`` (or ``class="date"``, ``"timestamp"``, ...) element to the author.

:func:`with_post_headers` then writes one header line per post, ``"author · time"`` as the page
prints them (``"author wrote:"`` when no time is printed), before the first line of that post
that made it into the cleaned text, in place of the author's card ("Posts: 212", "Post by
marta » 3 May") when the text kept it, so :func:`hearsay.forum.comment_header` reads it back
and the comment segment gets its ``author`` and ``relative_time``. A post none of whose lines
was kept gets no header.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hearsay.clean_text import normalise_line, repeat_key
from hearsay.html_text import INVISIBLE_TAGS, element_lines

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# class tokens that name a post's author: "username", "author", "comment-author", "post_author".
_AUTHOR_CLASS = re.compile(
    r"^(?:[\w]*[-_])?(?:author|username|user-?name|poster|postername|creator|commenter"
    r"|nickname)(?:[-_](?:name|link))?$",
    re.IGNORECASE,
)
# class tokens that hold a post's date or age: "time", "post-date", "timestamp", "relativetime".
_TIME_CLASS = re.compile(
    r"(?:^|[-_])(?:time|date|timestamp|relativetime|datetime|timeago|posted-?on|age)$",
    re.IGNORECASE,
)
_TIME_WORDS = re.compile(r"\d|\b(?:ago|yesterday|today|just now)\b", re.IGNORECASE)
_NAME_PREFIX = re.compile(r"^(?:(?:posted|post|submitted|written|comment|reply)\s+)?by\s+",
                          re.IGNORECASE)
_NAME_SUFFIX = re.compile(r"\s*(?:said|says|wrote|writes|commented|replied)\s*:?\s*$",
                          re.IGNORECASE)
_NAME_CUT = re.compile(r"\s+[»·•|–—]\s*|\s+-\s+")
MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 40
MAX_TIME_CHARS = 40
# How many of a post's first lines are tried against the cleaned text.
LINES_PER_POST = 40
# Never-shown elements, but not <noscript>: Discourse serves its posts to readers without
# JavaScript (and to trafilatura) inside one.
_HIDDEN = tuple(tag for tag in INVISIBLE_TAGS if tag != "noscript")
# Lines of a user card ("Posts: 1,045", "Senior Member") and printed headers are this short.
_PROFILE_WORDS = 6
_HEADER_WORDS = 12
# Shorter lines ("1", "#2") tell nothing about which post they belong to.
_MIN_KEY = 3
# A line shown by more posts (and by more than half) is page furniture; a line shown by more
# than one post must be this long (a quoted passage) to tell anything.
_MAX_SHARED = 3
_MIN_SHARED_KEY = 20


@dataclass(frozen=True)
class PostHeader:
    """One post of a thread: its author and time as printed, and its first visible lines."""

    author: str
    time: str | None
    lines: tuple[str, ...]
    markup: str = ""  # the author element's tag and class: posts of one thread share it
    # Lines above the post's text: the author's card ("Posts: 212", "Joined: 2021") and the
    # printed header ("Post by marta » 3 May"), which the written header line replaces.
    profile: frozenset[str] = frozenset()

    @property
    def header_line(self) -> str:
        return f"{self.author} · {self.time}" if self.time else f"{self.author} wrote:"


def post_headers(root: HtmlElement) -> list[PostHeader]:
    """The posts of a page in document order, one per element that names an author."""
    authors = _author_elements(root)
    if len(authors) < 2:
        return []
    names_under: dict[HtmlElement, set[str]] = defaultdict(set)
    for element, name in authors:
        for ancestor in element.iterancestors():
            names_under[ancestor].add(name)
    posts: list[PostHeader] = []
    seen: set[HtmlElement] = set()
    for element, name in authors:
        post = _post_of(element, names_under)
        if post in seen:
            continue  # the same author marked twice in one post (profile card and byline)
        seen.add(post)
        lines = tuple(element_lines(post, _HIDDEN)[:LINES_PER_POST])
        time = _time_near(element, post)
        markup = f"{element.tag}.{'.'.join(sorted((element.get('class') or '').split()))}"
        posts.append(PostHeader(name, time, lines, markup, _profile(lines, name, time)))
    return posts


def _author_elements(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Innermost author-marked elements with a usable name, in document order."""
    marked = [
        element for element in root.iter()
        if isinstance(element.tag, str) and _marks_author(element)
        and not any(a.tag in _HIDDEN for a in element.iterancestors())
    ]
    outer = {ancestor for element in marked for ancestor in element.iterancestors()}
    found = []
    for element in marked:
        if element in outer:
            continue
        name = author_name(element)
        if name:
            found.append((element, name))
    return found


def _marks_author(element: HtmlElement) -> bool:
    if element.get("itemprop") == "author" or element.get("rel") == "author":
        return True
    return any(_AUTHOR_CLASS.match(token) for token in (element.get("class") or "").split())


def author_name(element: HtmlElement) -> str | None:
    """The name an author element prints: its ``itemprop="name"``, its link, else its text."""
    candidates: list[str] = []
    for named in element.xpath('.//*[@itemprop="name"]'):
        candidates.append(named.get("content") or " ".join(named.itertext()))
    if element.tag != "a":
        candidates.extend(" ".join(link.itertext()) for link in element.iter("a"))
    candidates.append(" ".join(element.itertext()))
    for text in candidates:
        name = _clean_name(text)
        if name:
            return name
    return None


def _clean_name(text: str) -> str | None:
    name = " ".join(normalise_line(text).split())
    name = _NAME_SUFFIX.sub("", _NAME_PREFIX.sub("", name))
    name = _NAME_CUT.split(name, maxsplit=1)[0].strip(" :@,")
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS:
        return None
    return name if any(ch.isalpha() for ch in name) else None


def _post_of(element: HtmlElement, names_under: dict[HtmlElement, set[str]]) -> HtmlElement:
    """The largest element around ``element`` that names no other author."""
    post = element
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html") or len(names_under[ancestor]) > 1:
            break
        post = ancestor
    return post


def _time_near(author: HtmlElement, post: HtmlElement) -> str | None:
    """The printed time nearest the author: searched in ever larger ancestors up to the post."""
    scopes = [author]
    for ancestor in author.iterancestors():
        scopes.append(ancestor)
        if ancestor is post:
            break
    for scope in scopes:
        for element in scope.iter():
            if element is author or not isinstance(element.tag, str):
                continue
            if not _marks_time(element) or any(_marks_time(child) for child in element.iter()
                                                if child is not element):
                continue
            text = " ".join(" ".join(element.itertext()).split())
            if 0 < len(text) <= MAX_TIME_CHARS and _TIME_WORDS.search(text):
                return text
    return None


def _marks_time(element: HtmlElement) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag == "time":
        return True
    return any(_TIME_CLASS.search(token) for token in (element.get("class") or "").split())


def _profile(lines: tuple[str, ...], author: str, time: str | None) -> frozenset[str]:
    """Keys of the lines above a post's text down to its printed header ("Post by marta » 3
    May"): the author's card. Short lines after the header are the post's own ("Hello all")."""
    run: list[str] = []
    last_header = -1
    for line in lines:
        words = len(line.split())
        shows_header = author.casefold() in line.casefold() or bool(time and time in line)
        if not (words <= _PROFILE_WORDS or (shows_header and words <= _HEADER_WORDS)):
            break
        run.append(line)
        if shows_header:
            last_header = len(run) - 1
    return frozenset(_line_key(line) for line in run[: last_header + 1])


@dataclass
class ThreadText:
    """Text lines with the posts' header lines written in, and the lines they replace."""

    parts: list[list[str]]
    headers: int = 0
    replaced: list[tuple[int, str, str]] = field(default_factory=list)  # (part, line, header)


def with_post_headers(parts: list[list[str]], posts: list[PostHeader],
                      min_headers: tuple[int, ...]) -> ThreadText:
    """``parts`` (lists of text lines: main text, comments) with a header line before each post.

    Each post starts at its first line in the text (see :func:`_post_starts`); the author's
    card and the page's own header lines at its top are replaced by the written header. A
    part that would get fewer than its ``min_headers`` headers (or, needing more than one, has
    fewer than half of them with a printed time) is left as it was: an article's byline is one
    author element, and a list of articles with bylines is not a thread. A part is given its
    headers anyway when its authors are marked up like those of a part that has enough (an
    opening post above its comments).
    """
    flat = [(p, line) for p, part in enumerate(parts) for line in part]
    placed = {position: posts[j] for position, j in _post_starts(flat, posts).items()}
    by_part: list[list[PostHeader]] = [[] for _ in parts]
    for position, placed_post in placed.items():
        by_part[flat[position][0]].append(placed_post)
    # A thread prints when each post was written; a list of articles with bylines often not.
    enough = [
        len(found) >= least and (least <= 1 or 2 * _timed(found) >= len(found))
        for found, least in zip(by_part, min_headers, strict=True)
    ]
    thread_markup = {one.markup for found, ok in zip(by_part, enough, strict=True) if ok
                     for one in found}
    for p, found in enumerate(by_part):
        enough[p] = enough[p] or bool(found) and all(one.markup in thread_markup for one in found)
    result = ThreadText([[] for _ in parts])
    carded: PostHeader | None = None  # the post whose card lines are being replaced
    for position, (p, line) in enumerate(flat):
        if position in placed and enough[p]:
            carded = placed[position]
            result.parts[p].append(carded.header_line)
            result.headers += 1
        if carded is not None and _line_key(line) in carded.profile:
            result.replaced.append((p, line, carded.header_line))
            continue
        if line.strip():
            carded = None  # the post's text has begun: its card is behind
        result.parts[p].append(line)
    return result


def _timed(posts: list[PostHeader]) -> int:
    return sum(1 for post in posts if post.time)


def _post_starts(flat: list[tuple[int, str]], posts: list[PostHeader]) -> dict[int, int]:
    """Where each post starts in the text: position of its first line -> index of the post.

    Posts follow the page's order, so a line starts the earliest post after the current one
    that shows it: a passage quoted in a reply is met first where it was written. A line of
    an earlier post seen again (quoted) starts nothing, and neither does a line many posts
    show ("Quote", "Top": more than half of them) or a short one two posts share ("Thanks!").
    A line the current post shows continues it, unless the post showed it already (then a
    later post quotes it). The post then starts at the first of the lines just above that it
    shows too ("Posts: 212" on the author's card), unless the post before shows them as well.
    """
    owners: dict[str, set[int]] = defaultdict(set)
    for j, post in enumerate(posts):
        for line in post.lines:
            key = _line_key(line)
            if len(key) >= _MIN_KEY:
                owners[key].add(j)
    furniture = max(_MAX_SHARED, len(posts) // 2)
    starts: dict[int, int] = {}
    current, floor = -1, 0
    met: set[str] = set()  # lines of the current post met so far: met again, they are a quote
    for position, (_, line) in enumerate(flat):
        key = _line_key(line)
        own = owners.get(key)
        if not own or len(own) > furniture or (len(own) > 1 and len(key) < _MIN_SHARED_KEY):
            if own and current in own:
                floor = position + 1
            met.add(key)
            continue
        later = [j for j in own if j > current]
        if later and (current not in own or key in met):  # else the current post goes on
            j = min(later)
            start = position
            while start > floor and _shows(owners, flat[start - 1][1], j, current, met):
                start -= 1
            starts[start] = current = j
            met = {_line_key(text) for _, text in flat[start:position]}
        met.add(key)
        floor = position + 1
    return starts


def _shows(owners: dict[str, set[int]], line: str, post: int, before: int,
           met: set[str]) -> bool:
    """``line`` is in ``post`` and not in the post ``before`` it, or quotes it (or is blank)."""
    if not line.strip():
        return True
    key = _line_key(line)
    own = owners.get(key, set())
    return post in own and (before not in own or key in met)


def _line_key(line: str) -> str:
    return repeat_key(normalise_line(line))[:60]
