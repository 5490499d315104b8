"""Within a document, short references back to a named actor: "Wang" → "Wang Yi", "the minister",
and "it" / "they" → the country or organisation a clause before was about.

A news text names a person in full once ("Chinese Foreign Minister Wang Yi") and then by family
name ("Wang") or by role ("the minister"). Chinese and Korean names put the family name first, so
"Li Zhanshu" is referred back to as "Li"; other names by their last word ("Brian Hart" → "Hart").
A pronoun refers back to the subject of a clause before it rather than to the nearest name: in
"Ostland did not want to see Marvia lose the war, because it feared ...", "it" is Ostland.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from hearsay.aliases import fold
from hearsay.models import EntityMention
from hearsay.nlp import SegmentParse

if TYPE_CHECKING:
    from spacy.tokens import Token

# Mentions the alias table did not resolve and that may be a family name the model mislabelled
# ("Wang" as ORG); places and groups are never read as people.
SURNAME_CANDIDATE_TYPES = frozenset(
    {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
)
# Within one document a surname the model took for a place is still the person named there
# ("Machado" tagged GPE next to "Alicia Machado"); places the alias table knows are never touched.
IN_DOCUMENT_CANDIDATE_TYPES = SURNAME_CANDIDATE_TYPES | {"GPE", "LOC"}
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
# fmt: off
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "del", "la", "le", "al",
                        "el", "bin", "ibn"})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# fmt: on
_MAX_NAME_WORDS = 4
# What a pronoun can stand for; "they" is a group, a country or an organisation, not one person.
PRONOUN_TYPES = {
    "he": frozenset({"PERSON"}), "she": frozenset({"PERSON"}),
    "it": frozenset({"ORG", "GPE"}), "they": frozenset({"ORG", "GPE", "NORP"}),
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUN_SENTENCES = 2  # sentences before the pronoun's own where its antecedent may be


@dataclass
class MentionDraft:
    """A mention while it is being resolved; becomes an EntityMention at the end."""

    start: int  # document offsets
    end: int
    type: str
    canonical: str
    resolved_by: str
    parse: SegmentParse
    tok_start: int  # token offsets in parse.doc
    tok_end: int
    role: str | None = None
    role_start: int | None = None  # document offsets of the role phrase
    role_end: int | None = None


def name_words(name: str) -> list[str]:
    """The words of a person's full name, without "Jr."-style suffixes; empty if it does not
    look like a person's name (so a mislabelled "Afford Russia's" never becomes a surname)."""
    words = name.split()
    while words and fold(words[-1]) in _SUFFIXES:
        words.pop()
    if not 2 <= len(words) <= _MAX_NAME_WORDS:
        return []
    if not all(_NAME_WORD.match(w) or w.casefold() in _PARTICLES for w in words):
        return []
    return words


def surname_keys(name: str, surname_first: frozenset[str]) -> list[tuple[str, ...]]:
    """The short forms that refer back to ``name``: ("li",) for "Li Zhanshu", ("hart",) for
    "Brian Hart"; a family name with particles also by those ("von der Leyen")."""
    words = name_words(name)
    if not words:
        return []
    folded = tuple(fold(w) for w in words)
    if folded[0] in surname_first and len(words) <= 3:
        return [folded[:1]]
    keys = [folded[-1:]]
    for i in range(1, len(folded) - 1):
        if folded[i] in _PARTICLES:
            keys.append(folded[i:])
            break
    return keys


def is_short_form(name: str) -> bool:
    """A name that may stand for a fuller one: one word, or a particle-led family name."""
    words = name.split()
    return len(words) == 1 or (1 < len(words) < _MAX_NAME_WORDS and words[0] in _PARTICLES)


class SurnameIndex:
    """Full names in a document (or corpus) by the short forms that refer back to them."""

    def __init__(self, surname_first: frozenset[str]) -> None:
        self.surname_first = surname_first
        self._names: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        self.single_words: set[str] = set()  # surface forms of one-word keys ("Hart", "Li")

    def add(self, canonical: str, position: int, surface: str | None = None) -> None:
        for name in {canonical, surface or canonical}:
            for key in surname_keys(name, self.surname_first):
                entries = self._names.setdefault(key, [])
                entries.append((position, canonical))
                if len(key) == 1:
                    word = next(w for w in name.split() if fold(w) == key[0])
                    self.single_words.add(word)

    def __bool__(self) -> bool:
        return bool(self._names)

    def resolve(self, words: Iterable[str], position: int) -> str | None:
        """The full name a short form refers to: the only one; else the one the document names
        most often (its subject: "Hillary Clinton" over her daughter "Chelsea Clinton"); on a
        tie, the nearest named before it."""
        entries = self._names.get(tuple(fold(w) for w in words))
        if not entries:
            return None
        counts = Counter(name for _, name in entries)
        if len(counts) == 1:
            return entries[0][1]
        ranked = counts.most_common()
        if ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
        tied = {name for name, n in ranked if n == ranked[0][1]}
        preceding = [(p, n) for p, n in entries if p < position and n in tied]
        return max(preceding)[1] if preceding else None

    def unique(self, words: Iterable[str]) -> str | None:
        entries = self._names.get(tuple(fold(w) for w in words))
        names = {name for _, name in entries or ()}
        return next(iter(names)) if len(names) == 1 else None


def collapse_padded_names(drafts: list[MentionDraft]) -> None:
    """A full name with a stray word in front ("Crooked Hillary Clinton", "Miss Universe Alicia
    Machado") is the shorter full name the same document also gives (in place)."""
    names = {d.canonical for d in drafts if d.type == "PERSON" and d.resolved_by == "ner"}
    full = {n: tuple(n.split()) for n in names if len(name_words(n)) >= 2}
    shorter: dict[str, str] = {}
    for name, words in full.items():
        for i in range(1, len(words) - 1):
            suffix = " ".join(words[i:])
            if suffix in full:
                shorter[name] = suffix
                break
    for draft in drafts:
        if draft.canonical in shorter and draft.resolved_by == "ner":
            draft.canonical, draft.resolved_by = shorter[draft.canonical], "surname"


def resolve_surnames(drafts: list[MentionDraft], surname_first: frozenset[str]) -> None:
    """Point short person references at the full name the document gives (in place)."""
    collapse_padded_names(drafts)
    index = SurnameIndex(surname_first)
    for draft in drafts:
        if draft.type == "PERSON" and draft.resolved_by != "surname":
            surface = draft.parse.doc[draft.tok_start : draft.tok_end].text
            index.add(draft.canonical, draft.start, surface)
    if not index:
        return
    for draft in drafts:
        if draft.resolved_by != "ner" or draft.type not in IN_DOCUMENT_CANDIDATE_TYPES:
            continue
        if not is_short_form(draft.canonical):
            continue
        full = index.resolve(draft.canonical.split(), draft.start)
        if full is not None and fold(full) != fold(draft.canonical):
            draft.canonical, draft.type, draft.resolved_by = full, "PERSON", "surname"


def surname_tokens(
    drafts: list[MentionDraft], parses: list[SegmentParse], surname_first: frozenset[str]
) -> list[MentionDraft]:
    """Family names the model did not tag at all ("wrote Hart, the CSIS expert")."""
    index = SurnameIndex(surname_first)
    for draft in drafts:
        if draft.type == "PERSON" and draft.resolved_by != "surname":
            index.add(draft.canonical, draft.start)
    if not index.single_words:
        return []
    covered: dict[int, set[int]] = {}
    for draft in drafts:
        covered.setdefault(id(draft.parse), set()).update(range(draft.tok_start, draft.tok_end))
    from spacy.strings import get_string_id

    wanted = {get_string_id(word) for word in index.single_words}
    found: list[MentionDraft] = []
    for parse in parses:
        taken = covered.get(id(parse), set())
        orths: list[int] = parse.doc.to_array("ORTH").tolist()
        for i, orth in enumerate(orths):
            if orth not in wanted or i in taken:
                continue
            token = parse.doc[i]
            if token.is_sent_start and token.pos_ != "PROPN":
                continue
            start = token.idx + parse.offset
            full = index.resolve([token.text], start)
            if full is None:
                continue
            found.append(
                MentionDraft(
                    start, start + len(token.text), "PERSON", full, "surname", parse, i, i + 1
                )
            )
    return found


def resolve_titles(
    drafts: list[MentionDraft], parses: list[SegmentParse], role_heads: frozenset[str]
) -> list[MentionDraft]:
    """ "the minister", "the foreign minister": the nearest person named earlier in the document
    whose role has those words. Titles that fit nobody yield nothing."""
    people = sorted((d for d in drafts if d.type == "PERSON"), key=lambda d: d.start)
    if not people:
        return []
    starts = [d.start for d in people]
    role_words: dict[str, set[str]] = {}
    blocked: dict[int, set[int]] = {}
    for draft in drafts:
        blocked.setdefault(id(draft.parse), set()).update(range(draft.tok_start, draft.tok_end))
    role_spans = [(d.role_start, d.role_end) for d in people if d.role_start is not None]
    found: list[MentionDraft] = []
    for parse in parses:
        taken = blocked.get(id(parse), set())
        for title in _title_phrases(parse, role_heads, taken):
            start = parse.doc[title[0]].idx + parse.offset
            last = parse.doc[title[1] - 1]
            end = last.idx + len(last.text) + parse.offset
            if any(rs is not None and re is not None and rs <= start < re for rs, re in role_spans):
                continue  # part of an apposition: "Hart, the CSIS expert"
            wanted = {t.lower_ for t in parse.doc[title[0] + 1 : title[1]]}
            person = _nearest_with_role(people, starts, start, wanted, role_words)
            if person is None:
                continue
            role = parse.doc[title[0] + 1 : title[1]].text
            found.append(
                MentionDraft(
                    start,
                    end,
                    "PERSON",
                    person.canonical,
                    "title",
                    parse,
                    title[0],
                    title[1],
                    role=role,
                )
            )
    return found


def _nearest_with_role(
    people: list[MentionDraft],
    starts: list[int],
    position: int,
    wanted: set[str],
    cache: dict[str, set[str]],
) -> MentionDraft | None:
    preceding = bisect.bisect_left(starts, position)
    seen: set[str] = set()
    for person in reversed(people[:preceding]):
        if person.canonical in seen:
            continue
        seen.add(person.canonical)
        words: set[str] = set()
        for other in people[:preceding]:
            if other.canonical == person.canonical and other.role:
                words.update(w.casefold() for w in re.findall(r"[\w-]+", other.role))
        cache[person.canonical] = words
        if wanted <= words:
            return person
    return None


@lru_cache(maxsize=8)
def _hashes(words: frozenset[str]) -> frozenset[int]:
    from spacy.strings import get_string_id

    return frozenset(get_string_id(w) for w in words)


def _title_phrases(
    parse: SegmentParse, role_heads: frozenset[str], taken: set[int]
) -> list[tuple[int, int]]:
    """Token ranges of "the [modifiers] role" not followed by a name or an "of" phrase."""
    from spacy.strings import get_string_id

    doc = parse.doc
    the = get_string_id("the")
    phrases: list[tuple[int, int]] = []
    lowers: list[int] = doc.to_array("LOWER").tolist()
    role_hashes = _hashes(role_heads)
    for i, lower in enumerate(lowers):
        if lower != the or i in taken or role_hashes.isdisjoint(lowers[i + 1 : i + 5]):
            continue
        token = doc[i]
        k = token.i + 1
        while (
            k < len(doc)
            and k - token.i <= 3
            and doc[k].lower_ not in role_heads
            and doc[k].pos_ in ("ADJ", "PROPN", "NOUN")
            and k not in taken
        ):
            k += 1
        if k >= len(doc) or doc[k].lower_ not in role_heads or k in taken:
            continue
        if doc[k].tag_ in ("NNS", "NNPS"):
            continue  # "the ministers" is a group
        following = doc[k + 1] if k + 1 < len(doc) else None
        if following is not None and (following.pos_ == "PROPN" or following.lower_ == "of"):
            continue  # a role before a name, or "the president of ..." (which one?)
        phrases.append((token.i, k + 1))
    return phrases


def pronoun_antecedent(
    parse: SegmentParse,
    token_index: int,
    mentions: Iterable[EntityMention],
    quoted: Iterable[tuple[int, int]] = (),
) -> EntityMention | None:
    """The named actor the pronoun at ``token_index`` stands for: the most prominent subject
    before it (in its sentence, else the one or two before; never inside ``quoted``, document
    offsets), skipping those of a type the pronoun cannot stand for. The subject of the higher
    clause wins ("Ostland did not want to see Marvia lose ..., because it feared": Ostland, not
    Marvia). None when that subject names no entity ("The Vardo summit ... It signaled"), or
    when "it" is the empty subject of "it is important to"."""
    doc = parse.doc
    pronoun = doc[token_index]
    wanted = PRONOUN_TYPES.get(pronoun.lower_)
    if wanted is None or (pronoun.lower_ == "it" and _copula(pronoun.head)):
        return None
    spans = [(a - parse.offset, b - parse.offset) for a, b in quoted]
    by_token: dict[int, EntityMention] = {}
    for mention in mentions:
        start, end = mention.start - parse.offset, mention.end - parse.offset
        if start >= 0 and end <= pronoun.idx:
            span = doc.char_span(start, end, alignment_mode="expand")
            for token in span if span is not None else ():
                by_token[token.i] = mention
    sentences = [s for s in doc.sents if s.start <= token_index]
    for distance, sentence in enumerate(reversed(sentences[-PRONOUN_SENTENCES - 1 :])):
        subjects = [
            t for t in sentence
            if t.i < token_index and t.dep_ in _SUBJECT_DEPS
            and not (distance == 0 and t.head == pronoun.head)  # the pronoun's own verb
            and not any(a <= t.idx < b for a, b in spans)
        ]  # fmt: skip
        for subject in sorted(subjects, key=lambda t: (_depth(t), -t.i)):
            named = _subject_mention(subject, by_token)
            if named is not None:
                if named.type in wanted:
                    return named
            elif subject.pos_ != "PRON" and _agrees(subject, pronoun):
                return None  # the clause is about something that is not an actor
    return None


def _subject_mention(subject: Token, by_token: dict[int, EntityMention]) -> EntityMention | None:
    """The mention a subject's head is part of, else its possessor's: "Ostland's top political
    echelon" is Ostland's doing, "the Vardo summit" no doing of Vardo."""
    if subject.i in by_token:
        return by_token[subject.i]
    for child in subject.lefts:
        if child.dep_ == "poss" and child.i in by_token:
            return by_token[child.i]
    return None


def _agrees(subject: Token, pronoun: Token) -> bool:
    """Whether a subject could be what the pronoun stands for, by number."""
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    return plural if pronoun.lower_ == "they" else not plural


def _copula(token: Token) -> bool:
    # The lemmatizer leaves "it’s" (curly apostrophe) as "’".
    return token.lemma_ == "be" or token.lower_ in ("'s", "’s")


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)
