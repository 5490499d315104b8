"""The entities stage: who and what each document names, and the corpus's canonical entities.

``extract_mentions`` is a pure per-document function: spaCy's named entities plus the alias
table's names the model missed, cleaned of the small model's usual slips, resolved through
aliases, metonyms (Beijing → China), family names (Wang → Wang Yi) and titles ("the minister"),
with each person's role kept ("Chinese Foreign Minister"). ``canonicalize`` then groups all
mentions of the corpus into entities.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from hearsay.aliases import (
    AliasMatch,
    AliasTable,
    Resolution,
    alias_key,
    fold,
    load_aliases,
)
from hearsay.coref import (
    SURNAME_CANDIDATE_TYPES,
    MentionDraft,
    SurnameIndex,
    is_short_form,
    resolve_surnames,
    resolve_titles,
    surname_tokens,
)
from hearsay.models import Entity, EntityMention
from hearsay.nlp import ParsedDocument, SegmentParse
from hearsay.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["AliasTable", "canonicalize", "extract_mentions", "load_aliases"]

logger = logging.getLogger(__name__)

# Numbers and times are not actors; later stages read dates themselves.
NOT_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})
# When one name was typed differently in different places and no table says which is right.
# fmt: off
TYPE_PRIORITY = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART",
                 "PRODUCT", "LANGUAGE")
# fmt: on
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "gen", "lt", "col"})
_NOT_NAME_TAGS = frozenset({"VBG", "VBD", "VBZ", "VBP", "VB", "VBN", "RB", "IN", "DT", "CC", "PRP"})
TITLED_LABELS = frozenset({"WORK_OF_ART", "LAW", "PRODUCT"})
_EDGE_WORDS = frozenset({"the", "'s", "’s", "'", "’"})
_CONNECTORS = frozenset({"of", "for", "and", "'s", "’s", "&", "the", "on", "in", "at", "de"})
_DASHES = frozenset({"—", "–", "--"})
_MAX_ROLE_TOKENS = 8
# fmt: off
# A capital after these words is the city, not the state: "talks in Moscow".
LOCATIVE_WORDS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "within"})
# ... unless the place stands for the people who rule there: "a belief in Beijing".
SEAT_OF_POWER_HEADS = frozenset({
    "belief", "beliefs", "view", "views", "official", "officials", "leaders", "leadership", "some",
    "many", "those", "people", "thinking", "mood", "perception", "anger", "concern", "concerns",
    "fear", "fears", "hope", "hopes", "policymakers", "elite", "elites", "circles", "government",
    "regime", "power", "consensus", "debate", "hawks", "hardliners", "instability",
})
# After these, only when something travels: "the retreat from Kyiv", "a visit to Beijing".
MOTION_WORDS = frozenset({"to", "from", "toward", "towards", "into", "via"})
MOTIONS = frozenset({
    "travel", "fly", "go", "come", "return", "arrive", "visit", "move", "flee", "retreat",
    "withdraw", "withdrawal", "trip", "journey", "drive", "march", "advance", "head", "leave",
    "evacuate", "relocate", "flight", "road", "route", "way",
})
# "the Minsk agreements", "the Beijing summit": named for the place where they happened.
PLACE_NOUNS = frozenset({
    "agreement", "agreements", "accord", "accords", "format", "protocol", "protocols", "process",
    "talks", "summit", "summits", "declaration", "region", "oblast", "airport", "metro", "embassy",
})
# fmt: on
_MAX_APPOSITION_TOKENS = 20
_HAS_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")


def extract_mentions(parsed: ParsedDocument, aliases: AliasTable) -> list[EntityMention]:
    """Every entity mention of one parsed document, in text order, with canonical names."""
    drafts: list[MentionDraft] = []
    for parse in parsed.parses:
        try:
            drafts.extend(_segment_drafts(parse, aliases))
        except Exception:  # a bad segment must not cost the document its other mentions
            logger.exception(
                "entities: skipped segment %s of %s", parse.segment.id, parsed.document.id
            )
    _harmonize_types(drafts)
    resolve_surnames(drafts, aliases.surname_first)
    drafts.extend(surname_tokens(drafts, parsed.parses, aliases.surname_first))
    for draft in drafts:
        if draft.type == "PERSON":
            _attach_role(draft, aliases.role_heads)
    drafts.extend(resolve_titles(drafts, parsed.parses, aliases.role_heads))
    return _to_mentions(parsed, drafts)


def _harmonize_types(drafts: list[MentionDraft]) -> None:
    """One name, one type within a document: the small model calls "Ilse Varga" a PERSON in
    one sentence and an ORG in the next. Names the alias table typed are left alone."""
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for draft in drafts:
        if draft.resolved_by == "ner":
            types[fold(draft.canonical)][draft.type] += 1
    for draft in drafts:
        counts = types.get(fold(draft.canonical)) if draft.resolved_by == "ner" else None
        if counts is not None and len(counts) > 1:
            draft.type = _majority_type(counts)


def _majority_type(counts: Counter[str]) -> str:
    best = max(counts.values())
    tied = [t for t, n in counts.items() if n == best]
    return min(tied, key=lambda t: (TYPE_PRIORITY.index(t) if t in TYPE_PRIORITY else 99, t))


def _to_mentions(parsed: ParsedDocument, drafts: list[MentionDraft]) -> list[EntityMention]:
    text = parsed.document.text
    mentions: list[EntityMention] = []
    seen: set[tuple[int, int]] = set()
    for draft in sorted(drafts, key=lambda d: (d.start, -d.end)):
        if (draft.start, draft.end) in seen or not 0 <= draft.start < draft.end <= len(text):
            continue
        seen.add((draft.start, draft.end))
        mentions.append(
            EntityMention(
                document_id=parsed.document.id,
                start=draft.start,
                end=draft.end,
                text=text[draft.start : draft.end],
                type=draft.type,
                canonical=draft.canonical,
                role=draft.role,
                resolved_by=draft.resolved_by,
            )
        )
    return mentions


# --- one segment: NER spans and alias matches --------------------------------------------------


def _segment_drafts(parse: SegmentParse, table: AliasTable) -> list[MentionDraft]:
    doc = parse.doc
    matches = table.scan(doc)
    match_at: dict[int, int] = {}
    for index, match in enumerate(matches):
        for i in range(match.start, match.end):
            match_at[i] = index
    suppressed: set[int] = set()  # alias matches inside a longer name the model found
    titles = table.role_heads | HONORIFICS
    spans: list[tuple[int, int, str]] = []

    for ent in doc.ents:
        if ent.label_ in NOT_ENTITIES:
            continue
        for start, end in _clean_span(doc, ent.start, ent.end, ent.label_, table):
            overlapping = sorted({match_at[i] for i in range(start, end) if i in match_at})
            inside = [m for m in overlapping if start <= matches[m].start and matches[m].end <= end]
            if any(matches[m].start <= start and end <= matches[m].end for m in overlapping):
                continue  # the table's name covers the model's span ("State Duma" over "Duma")
            if len(inside) < len(overlapping):
                continue  # the span cuts through a table name: the model's boundary is wrong
            if inside and _split_on_table_names(
                ent.label_, [matches[m] for m in inside], doc, start, end, titles
            ):
                spans.extend(
                    _leftovers(doc, start, end, [matches[m] for m in inside], ent.label_, table)
                )
                continue
            suppressed.update(inside)
            spans.append((start, end, ent.label_))

    drafts = [_ner_draft(parse, start, end, label, table) for start, end, label in spans]
    for index, match in enumerate(matches):
        if index not in suppressed:
            drafts.append(_resolved_draft(parse, match.start, match.end, match.resolution, table))
    return drafts


def _clean_span(
    doc: Doc, start: int, end: int, label: str, table: AliasTable
) -> list[tuple[int, int]]:
    """The model's span without a leading "the", a trailing possessive or punctuation, cut at
    line breaks and at a comma the next clause starts after ("the Harbour Authority, Okafor
    assured ...": Okafor is the subject of "assured", not part of the name; "Washington, D.C."
    stays whole), each piece dropped if what is left does not look like a name."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for i in range(start, end):
        if (doc[i].is_space and "\n" in doc[i].text) or (
            doc[i].text == "," and _clause_after(doc, i + 1, start, end)
        ):
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    cleaned: list[tuple[int, int]] = []
    for s, e in pieces:
        while s < e and (doc[s].lower_ in _EDGE_WORDS or doc[s].is_punct or doc[s].is_space):
            if doc[s].text == "The" and label in TITLED_LABELS:
                break  # "The World According to ...": part of a title
            s += 1
        while e > s and (
            doc[e - 1].lower_ in _EDGE_WORDS or doc[e - 1].is_punct or doc[e - 1].is_space
        ):
            e -= 1
        if label == "PERSON":
            while e - s > 1 and (
                doc[s].lower_.rstrip(".") in HONORIFICS or doc[s].lower_ in table.role_heads
            ):
                s += 1  # "President Xi": the title is a role, not part of the name
            while e - s > 1 and doc[s].tag_ in _NOT_NAME_TAGS:
                s += 1  # "Injecting Clinton" in a title-case headline
        if s < e and _looks_like_name(doc[s:e].text, table):
            cleaned.append((s, e))
    return cleaned


def _clause_after(doc: Doc, first: int, start: int, end: int) -> bool:
    """Whether the words of [start, end) from ``first`` on are the subject of a verb outside
    the span (so the span runs across a clause boundary)."""
    return any(
        doc[i].dep_ in ("nsubj", "nsubjpass") and not start <= doc[i].head.i < end
        for i in range(first, end)
    )


def _looks_like_name(text: str, table: AliasTable) -> bool:
    if len(text) < 2 or not any(c.isalpha() for c in text):
        return False
    if all(fold(w) in table.role_heads or fold(w).rstrip(".") in HONORIFICS for w in text.split()):
        return False  # "President" alone names nobody
    return bool(_HAS_UPPER.search(text)) or table.lookup(text) is not None


def _split_on_table_names(
    label: str,
    inside: list[AliasMatch],
    doc: Doc,
    start: int,
    end: int,
    table_words: frozenset[str],
) -> bool:
    """Whether a model span that contains table names is really several names run together:
    a known person inside another label ("National People's Congress Li Zhanshu"), a country
    inside a "person" ("Afford Russia"), or a strip of table names ("Asia China Europe ...")."""
    people = [m for m in inside if m.resolution.type == "PERSON"]
    if people and (label != "PERSON" or len(inside) > 1):
        # "Trump Tower" and "Putin Foundation" are names of their own; a full name or a bare
        # title around a known name is not: "... Congress Li Zhanshu", "President Putin".
        covered = {i for m in people for i in range(m.start, m.end)}
        rest = [doc[i].lower_.rstrip(".") for i in range(start, end) if i not in covered]
        if any(m.end - m.start > 1 for m in people) or all(w in table_words for w in rest):
            return True
    if label == "PERSON" and any(m.resolution.type in PLACE_TYPES for m in inside):
        return True
    words = {doc[i].lower_ for i in range(start, end)}
    return len(inside) >= 2 and not words & _CONNECTORS


def _leftovers(
    doc: Doc, start: int, end: int, inside: list[AliasMatch], label: str, table: AliasTable
) -> list[tuple[int, int, str]]:
    """The parts of a split span between the table names, kept if they still read as names."""
    kept: list[tuple[int, int, str]] = []
    cursor = start
    for match in [*sorted(inside, key=lambda m: m.start), None]:
        stop = match.start if match is not None else end
        # A strip of table names ("Asia China Europe News") leaves nothing worth keeping.
        strip = len(inside) >= 2 and label != "PERSON"
        if stop - cursor >= 2 and not strip:
            for s, e in _clean_span(doc, cursor, stop, label, table):
                if e - s >= 2:
                    kept.append((s, e, label))
        if match is not None:
            cursor = match.end
    return kept


def _ner_draft(
    parse: SegmentParse, start: int, end: int, label: str, table: AliasTable
) -> MentionDraft:
    span = parse.doc[start:end]
    text = span.text
    resolution = table.lookup(text)
    # "us" is not the US; a short name counts only as listed, or in capitals ("YSK" datelines).
    short = sum(c.isalpha() for c in text) <= 3
    if short and not text.isupper() and not table.written_as_listed(text):
        resolution = None
    if resolution is not None:
        return _resolved_draft(parse, start, end, resolution, table)
    canonical = " ".join(text.split())
    return _draft(parse, start, end, label, canonical, "ner")


def _resolved_draft(
    parse: SegmentParse,
    start: int,
    end: int,
    resolution: Resolution,
    table: AliasTable,
) -> MentionDraft:
    relation = resolution.relation
    if relation == "metonym":
        place = table.place(parse.doc[start:end].text)
        if place is not None and _used_as_place(parse, start, end):
            resolution, relation = place, "alias"
    # A name the table knows is "alias" even when written as the canonical name, so "ner" marks
    # exactly the names nobody vouched for (the ones surname matching may reinterpret).
    how = "alias" if relation == "name" else relation
    return _draft(parse, start, end, resolution.type, resolution.canonical, how)


def _used_as_place(parse: SegmentParse, start: int, end: int) -> bool:
    """ "talks in Moscow", "the retreat from Kyiv", "the Minsk agreements": the city itself.
    "pressure from Beijing" or "Moscow's position" stay the state."""
    if parse.segment.kind == "dateline":
        return True  # "YSK (KNA) —": where the report was filed
    doc = parse.doc
    after = end
    while after < len(doc) and doc[after].is_quote:
        after += 1
    if after < len(doc) and doc[after].lower_ in PLACE_NOUNS:
        return True
    if end < len(doc) and doc[end].lower_ in ("'s", "’s"):
        return False
    before = start - 1
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    if before < 0:
        return False
    preposition = doc[before]
    if preposition.lower_ in LOCATIVE_WORDS:
        return preposition.head.lower_ not in SEAT_OF_POWER_HEADS
    return preposition.lower_ in MOTION_WORDS and preposition.head.lemma_.lower() in MOTIONS


def _draft(
    parse: SegmentParse, start: int, end: int, type_: str, canonical: str, how: str
) -> MentionDraft:
    first, last = parse.doc[start], parse.doc[end - 1]
    return MentionDraft(
        start=first.idx + parse.offset,
        end=last.idx + len(last.text) + parse.offset,
        type=type_,
        canonical=canonical,
        resolved_by=how,
        parse=parse,
        tok_start=start,
        tok_end=end,
    )


# --- roles ---------------------------------------------------------------------------------------


def _attach_role(draft: MentionDraft, role_heads: frozenset[str]) -> None:
    """A person's role from the words before the name ("Chinese Foreign Minister Wang Yi") or
    an apposition after it ("Vyacheslav Volodin, chairman of Russia's State Duma,")."""
    if draft.role is not None:
        return
    span = _role_before(draft, role_heads) or _role_after(draft, role_heads)
    if span is None:
        return
    doc, offset = draft.parse.doc, draft.parse.offset
    first, last = doc[span[0]], doc[span[1] - 1]
    draft.role = doc[span[0] : span[1]].text
    draft.role_start = first.idx + offset
    draft.role_end = last.idx + len(last.text) + offset


def _role_before(draft: MentionDraft, role_heads: frozenset[str]) -> tuple[int, int] | None:
    """ "Chinese Foreign Minister Wang Yi", "China's top legislator Li Zhanshu", "President of
    Ukraine Volodymyr Zelenskyy": a role noun right before the name (or before "of" + a proper
    name), with its modifiers to the left."""
    doc = draft.parse.doc
    name = draft.tok_start
    sentence_start = _sentence_start(doc[name])
    head = name - 1
    while (
        head >= sentence_start
        and doc[head].lower_ not in role_heads
        and (doc[head].pos_ == "PROPN" or doc[head].lower_ in ("'s", "’s"))
    ):
        head -= 1
    if head < name - 1:  # skipped a proper name: only "role of <name>" keeps it
        head = head - 1 if head >= sentence_start and doc[head].lower_ == "of" else name - 1
    if head < sentence_start or doc[head].lower_ not in role_heads:
        return None
    first = head
    while first - 1 >= sentence_start and name - first < _MAX_ROLE_TOKENS:
        token = doc[first - 1]
        if not (
            token.lower_ in ("'s", "’s", "-")
            or token.pos_ in ("ADJ", "PROPN")
            or (token.pos_ == "NOUN" and (token.dep_ == "compound" or token.lower_ in role_heads))
            or (token.pos_ == "VERB" and token.dep_ == "amod")
        ):
            break
        if token.ent_type_ == "PERSON" and token.lower_ not in role_heads:
            break  # another person's name: "Putin's envoy ..."
        first -= 1
    while first < head and doc[first].lower_ in ("'s", "’s", "-"):
        first += 1
    return first, name


def _sentence_start(token: Token) -> int:
    try:
        return int(token.sent.start)
    except ValueError:  # a pipeline without a parser or sentencizer
        return 0


def _role_after(draft: MentionDraft, role_heads: frozenset[str]) -> tuple[int, int] | None:
    doc = draft.parse.doc
    j = draft.tok_end
    if j >= len(doc) or doc[j].text not in {",", "(", *_DASHES}:
        return None
    closers = (
        {")"} if doc[j].text == "(" else ({",", ".", ";"} if doc[j].text == "," else set(_DASHES))
    )
    j += 1
    if j < len(doc) and doc[j].lower_ in ("a", "an", "the"):
        j += 1
    start = j
    head: int | None = None
    while j < len(doc) and j - start < _MAX_APPOSITION_TOKENS:
        token = doc[j]
        if token.text in closers or token.is_sent_start and j > start:
            break
        if head is None:
            if token.lower_ in role_heads and token.pos_ in ("NOUN", "PROPN"):
                head = j
            elif not (
                token.pos_ in ("ADJ", "PROPN", "ADV", "NOUN")
                or token.text == "-"
                or token.lower_ in ("'s", "’s")
                or token.dep_ == "amod"
            ):
                return None
            elif token.pos_ == "NOUN" and token.dep_ != "compound":
                return None  # headed by a word that is not a role: "Putin, center, ..."
        elif token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "acl"):
            return None  # a clause, not an apposition
        j += 1
    if head is None or j == start:
        return None
    if j < len(doc) and doc[j].text not in closers and not doc[j].is_sent_start:
        return None  # ran too long to be an apposition
    end = j
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end > start else None


# --- corpus level --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _packaged_surname_first() -> frozenset[str]:
    return load_aliases(Settings()).surname_first


def canonicalize(
    mentions: Iterable[EntityMention], surname_first: frozenset[str] | None = None
) -> tuple[list[Entity], list[EntityMention]]:
    """Group mentions into entities by canonical name and return the mentions with
    ``entity_id`` set.

    A name spelled with different case or accents is one entity; a name typed differently in
    different places takes its majority type. A family name that never came with a full name in
    its own document ("Wang") joins the one full name the corpus gives it ("Wang Yi"), and only
    when exactly one such name exists.
    """
    mentions = list(mentions)
    if surname_first is None:
        surname_first = _packaged_surname_first()
    renamed = _corpus_surnames(mentions, surname_first)

    groups: dict[str, list[int]] = defaultdict(list)
    names: list[str] = []
    for i, mention in enumerate(mentions):
        name = renamed.get(i, mention.canonical)
        names.append(name)
        groups[alias_key(name) or fold(name)].append(i)

    entities: list[Entity] = []
    result: list[EntityMention | None] = [None] * len(mentions)
    for members in groups.values():
        type_ = _group_type([mentions[i] for i in members], any(i in renamed for i in members))
        name = Counter(names[i] for i in members).most_common(1)[0][0]
        entity = Entity(
            id=Entity.make_id(type_, name),
            name=name,
            type=type_,
            aliases=list(
                dict.fromkeys(
                    mentions[i].text for i in members if mentions[i].resolved_by != "title"
                )
            ),
            roles=_distinct(r for i in members if (r := mentions[i].role)),
        )
        entities.append(entity)
        for i in members:
            old = mentions[i]
            if (old.entity_id, old.type, old.canonical) == (entity.id, type_, name):
                result[i] = old  # already canonical (a re-run over stored mentions): no copy
                continue
            update: dict[str, object] = {"entity_id": entity.id, "type": type_, "canonical": name}
            if i in renamed:
                update["resolved_by"] = "surname"
            result[i] = old.model_copy(update=update)
    counts = Counter(m.entity_id for m in result if m is not None)
    entities.sort(key=lambda e: (-counts[e.id], e.type, e.name.casefold()))
    return entities, [m for m in result if m is not None]


def _distinct(values: Iterable[str]) -> list[str]:
    """Values in first-seen order, ignoring case: "Ukrainian president" = "Ukrainian President"."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


def _group_type(members: list[EntityMention], renamed_to_person: bool) -> str:
    if renamed_to_person:
        return "PERSON"
    from_table = [m.type for m in members if m.resolved_by in ("alias", "metonym", "pejorative")]
    return _majority_type(Counter(from_table or [m.type for m in members]))


def _corpus_surnames(
    mentions: list[EntityMention], surname_first: frozenset[str]
) -> dict[int, str]:
    """Mentions of a bare family name that the whole corpus ties to exactly one full name."""
    index = SurnameIndex(surname_first)
    full_names = {m.canonical for m in mentions if m.type == "PERSON" and " " in m.canonical}
    for name in sorted(full_names):
        index.add(name, 0)
    if not index:
        return {}
    joins: dict[str, str | None] = {}  # each distinct bare name is looked up once
    renamed: dict[int, str] = {}
    for i, mention in enumerate(mentions):
        if mention.resolved_by != "ner" or mention.type not in SURNAME_CANDIDATE_TYPES:
            continue
        if mention.canonical not in joins:
            full = (
                index.unique(mention.canonical.split())
                if is_short_form(mention.canonical)
                else None
            )
            joins[mention.canonical] = (
                full if full is not None and fold(full) != fold(mention.canonical) else None
            )
        if (full_name := joins[mention.canonical]) is not None:
            renamed[i] = full_name
    return renamed
