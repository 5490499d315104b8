"""Claims in one document: what its attributions report, and what it asserts in its own voice.

A claim mention is a stretch of a document's cleaned text that states a fact, a judgement or a
prediction about the actors of the story. Two kinds are taken:

* the content of every attribution ("Li assured its members that <content>"), keeping who said
  it and through whom it reached the page;
* sentences (or the part of a sentence outside any attribution) the document states in its own
  voice, that name an actor and have a finite verb, and are not a heading, filler ("Time will
  show ...") or a question to the reader. A yes/no question about the actors ("Are Chinese
  partners ready to ...?") is kept as a claim the document questions.

A report's content must state a proposition (``proposition_problem``): a clause whose own head
is a finite predicate. A noun phrase with a clause hanging off it ("a possible guarantor after
the war, since such guarantees can only be given by ...") has a finite verb but no predicate of
its own; such a content is read with the report around it ("Ukraine does not consider China a
possible guarantor ..."), as a content without any finite verb always was. An embedded
wh-question ("how close these guesses were to the truth") has a predicate but nothing that
could be true or false: neither it nor its frame is a claim, in a report or in the document's
own voice. A small clause after a reporting verb does state one ("Some experts see <the ties
as a pragmatic one>": the ties are pragmatic, in the experts' words; ``small_clause``), unless
the cue is negated ("does not consider <China a guarantor>" is read whole). The own-voice
pass is otherwise content with a finite verb anywhere: what is left of a sentence once its
reports are cut out is often a remark on them ("— claims that are not included in the
readout"), which the document does assert.

Stance is provisional here (relays for attributions, asserts for the document's own voice,
questions for rhetorical questions): it is recomputed in the corpus stage against the wording of
the claim cluster the mention joins. This stage is pure and per document.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from hearsay.claim_lexicon import ClaimLexicon, claim_lexicon
from hearsay.claim_text import words
from hearsay.cues import load_cues
from hearsay.models import (
    Attribution,
    ClaimMention,
    Document,
    EntityMention,
    Segment,
    StanceLabel,
    TextSpan,
)
from hearsay.nlp import ParsedDocument, SegmentParse
from hearsay.settings import Settings
from hearsay.speakers import GROUP_PRONOUNS, PERSON_PRONOUNS, RELATIVE_PRONOUNS, entity_id_of
from hearsay.stance_features import Lexicon, load_lexicon
from hearsay.stance_polarity import voice_frame

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

logger = logging.getLogger(__name__)

MIN_WORDS = 4
MAX_WORDS = 90  # longer "sentences" are unsplit run-ons or lists: no single claim to point at
NOT_CLAIM_SEGMENTS = frozenset({"title", "caption", "dateline"})
INFORMAL_SEGMENTS = frozenset({"post", "comment", "snippet"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
DEPENDENT_CLAUSES = frozenset({"advcl", "relcl", "acl"})
# Speakers that name nobody by themselves; their claims carry the resolved entity's name.
SPEAKER_PRONOUNS = frozenset(PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS | {"it"})
# Complementisers: a clause they open is what a report says, whatever the parser attached it to
# ("assured members that X": X is parsed as an adverbial or relative clause as often as not).
COMPLEMENTISERS = frozenset({"that", "whether"})
QUOTED_POST_WORDS = 8  # words a comment must repeat verbatim to quote an earlier post
# Words opening a reason or purpose clause that may go on with a report's content.
REASON_OPENERS = frozenset({"because", "since", "so"})
AUXILIARIES = frozenset({"aux", "auxpass"})
TERMINAL = tuple(".!?…\"”’')]")
TRIM = " \t\r\n,;:—–-"
# Words a piece cut short by an attribution can be left ending on: coordinators, prepositions.
TAIL_WORDS = frozenset(
    "and or but nor with without of to for from by in on at into as than the a an".split()  # noqa: SIM905
)


def extract_claims(
    parsed: ParsedDocument,
    attributions: list[Attribution],
    mentions: list[EntityMention],
    settings: Settings | None = None,
) -> list[ClaimMention]:
    """Every claim mention of one parsed document, in text order (offsets into document.text)."""
    document = parsed.document
    lexicon = claim_lexicon(settings)
    stance_lexicon = load_lexicon(settings.stance_lexicon_files if settings else ())
    tokens = _TokenIndex(parsed)
    cue_verbs = _cue_verbs(settings.cues_files if settings else ())
    claims: dict[tuple[int, int], ClaimMention] = {}
    reported: list[tuple[Attribution, ClaimMention]] = []
    covered: list[tuple[int, int]] = []
    entity_names = {entity_id_of(m): m.canonical for m in mentions}
    for attribution in attributions:
        if _reports_another(attribution, attributions, tokens, cue_verbs):
            # "The Herald reported that Lind said X": the claim is X, Lind's; the outer report
            # adds no claim of its own and none of its words are the document's own voice.
            covered.extend(_attribution_spans(attribution, attribution.content))
            continue
        content = tokens.between(attribution.content.start, attribution.content.end)
        if proposition_problem(content) == "wh-question":
            # "It is open to question to what extent X will ...": a question reported, with
            # nothing to assert or dispute; the frame around it is no claim either.
            logger.debug("attribution %s reports a wh-question: no claim", attribution.id)
            covered.extend(_attribution_spans(attribution, attribution.content))
            continue
        claim = _reported_claim(document, attribution, tokens, cue_verbs)
        if claim is not None:
            claim = _named_speaker(claim, entity_names)
            claims.setdefault((claim.start, claim.end), claim)
            reported.append((attribution, claim))
            covered.extend(_attribution_spans(attribution, claim))
    covered = _merge_spans(covered)
    names = [(m.start, m.end) for m in mentions if m.type in lexicon.entity_types]
    for parse in parsed.parses:
        if parse.segment.kind in NOT_CLAIM_SEGMENTS:
            continue
        for sentence in parse.doc.sents:
            for claim in _own_voice_claims(
                document, parse, sentence, covered, names, lexicon, stance_lexicon
            ):
                if _quotes_earlier_post(document, parse.segment, claim):
                    continue
                claim = _continued_report(document, claim, reported, tokens) or claim
                claims.setdefault((claim.start, claim.end), claim)
    return sorted(claims.values(), key=lambda c: (c.start, c.end))


@lru_cache(maxsize=8)
def _cue_verbs(files: tuple[str, ...]) -> frozenset[str]:
    """The reporting verbs of the cue lexicon (lemmas)."""
    return frozenset(load_cues(Settings(cues_files=files)).verbs)


class _TokenIndex:
    """The parsed tokens of a document by document offset, to look at any span's words."""

    def __init__(self, parsed: ParsedDocument) -> None:
        self.tokens = [(p.offset + t.idx, t) for p in parsed.parses for t in p.doc]
        self.starts = [start for start, _ in self.tokens]

    def between(self, start: int, end: int) -> list[Token]:
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return [token for _, token in self.tokens[first:last]]


# -- claims reported by an attribution ------------------------------------------------------


def _reports_another(
    attribution: Attribution,
    attributions: list[Attribution],
    tokens: _TokenIndex,
    cue_verbs: frozenset[str],
) -> bool:
    """Whether the report holds another report of a proposition ("The Herald reported that Lind
    said X") — not merely a cue without one ("told Kallas that Beijing did not want to see
    Russia lose": the claim is the whole content, not "to see Russia lose")."""
    content = attribution.content
    return any(
        other.parent_id == attribution.id
        and content.start <= other.content.start < content.end
        and _content_problem(other, other.content.start, other.content.end, tokens, cue_verbs)
        is None
        for other in attributions
    )


def _content_problem(
    attribution: Attribution, start: int, end: int, tokens: _TokenIndex, cue_verbs: frozenset[str]
) -> str | None:
    """Why the report's content (``start``-``end``) states no proposition, or None.

    A small clause after a reporting verb of the lexicon states one: "Some experts see <the
    relationship as a pragmatic one>" claims, in their words, that the relationship is a
    pragmatic one. Not after a negated cue ("does not consider <China a guarantor>": the
    content alone would say the opposite of what the speaker holds; the whole report is read),
    nor after a verb that is no report ("making <Russia the example>")."""
    content = tokens.between(start, end)
    problem = proposition_problem(content)
    cue = attribution.cue
    if problem != "no predicate" or cue is None or cue.negated or not small_clause(content):
        return problem
    reporting = any(t.lemma_.casefold() in cue_verbs for t in tokens.between(cue.start, cue.end))
    return None if reporting else problem


def _reported_claim(
    document: Document, attribution: Attribution, tokens: _TokenIndex, cue_verbs: frozenset[str]
) -> ClaimMention | None:
    content = attribution.content
    start, end = content.start, content.end
    if not (0 <= start < end <= len(document.text)):
        logger.warning(
            "attribution %s in %s points outside the text (%d-%d); no claim taken",
            attribution.id, document.id, start, end,
        )  # fmt: skip
        return None
    if attribution.kind == "indirect":
        # "... voiced support for the war — claims that are not included in ...": what follows
        # the dash is the reporter's own remark, left to the own-voice pass.
        dash = re.search(r"\s[—–]\s", document.text[start:end])
        if dash:
            end = start + dash.start()
    start, end = _trim(document.text, start, end)
    speaker = attribution.speaker
    via = [link.text for link in attribution.via]
    if _content_problem(attribution, start, end, tokens, cue_verbs) is not None:
        # No proposition in the content ("refused to condemn <Russia's invasion>", "does not
        # consider <China a guarantor, since ...>"): the claim is the whole report, "X refused
        # to condemn Y" — the document's own when no one else reported it (the own-voice pass
        # takes it), else the first source in the chain's.
        if not via or attribution.parent_id is not None:
            # Nested in another report, whose content already holds it as a whole.
            return None
        parts = [start, *(p.start for p in (speaker, attribution.cue) if p is not None)]
        start = min(parts)
        speaker_text: str | None = via[0]
        speaker_id = attribution.via[0].entity_id
        via = via[1:]
    else:
        speaker_text = (speaker.author or speaker.text) if speaker else None
        speaker_id = speaker.entity_id if speaker else None
    text = document.text[start:end]
    if len(words(text)) < 3:
        return None
    segment = document.segment_at(start)
    if segment is not None and segment.language not in (None, "en") and segment.kind != "title":
        logger.debug(
            "attribution %s is in a %s segment: no claim", attribution.id, segment.language
        )
        return None
    return ClaimMention(
        document_id=document.id,
        start=start,
        end=end,
        text=text,
        stance="relays",
        attribution_id=attribution.id,
        speaker=speaker_text,
        speaker_entity_id=speaker_id,
        via=via,
        outlet=_outlet(document, start),
    )


def _quotes_earlier_post(document: Document, segment: Segment, claim: ClaimMention) -> bool:
    """A comment that repeats an earlier post's words ("… not because it directly supports
    the conflict, but because ...") quotes it to answer it: the claim is the post's, already
    taken there, not the commenter's own."""
    if segment.kind != "comment":
        return False
    quoted = claim.text.strip(" .…>\"“”'")
    if len(words(quoted)) < QUOTED_POST_WORDS:
        return False
    if document.text.find(quoted, 0, segment.start) < 0:
        return False
    logger.debug("claim %r in a comment quotes an earlier post: not the commenter's", quoted)
    return True


def _continued_report(
    document: Document,
    claim: ClaimMention,
    reported: list[tuple[Attribution, ClaimMention]],
    tokens: _TokenIndex,
) -> ClaimMention | None:
    """ "Wang told Kallas that Beijing did not want to see Russia lose, not because it
    supports the war, but because it feared a realignment": the reason clause right after a
    report's content is still the speaker's, so it is relayed like the content, not asserted
    in the document's voice. A reason whose subject is the speaker ("..., because he wanted
    to calm the markets") is the writer's account of why they spoke, and stays its own."""
    for attribution, content in reported:
        gap = document.text[content.end : claim.start]
        if content.end > claim.start or gap.strip(" ,;—–-\u00a0") or "\n" in gap:
            continue
        opening = words(claim.text)[:3]
        if not any(w.lower() in REASON_OPENERS for w in opening):
            continue
        subject = next((t for t in tokens.between(claim.start, claim.end)
                        if t.dep_ in {"nsubj", "nsubjpass"}), None)
        speaker = attribution.speaker
        if subject is None or subject.lower_ in PERSON_PRONOUNS or (
            speaker is not None and speaker.text.lower().endswith(subject.lower_)
        ):
            return None
        return claim.model_copy(update={
            "stance": "relays", "attribution_id": attribution.id, "speaker": content.speaker,
            "speaker_entity_id": content.speaker_entity_id, "via": list(content.via),
        })
    return None


def _named_speaker(claim: ClaimMention, entity_names: dict[str, str]) -> ClaimMention:
    """A claim said by "he" or "it" goes by the name the pronoun was resolved to ("Vera
    Lind"): a claim is read away from the sentence that would tell who "he" is."""
    if claim.speaker is None or claim.speaker.casefold() not in SPEAKER_PRONOUNS:
        return claim
    name = entity_names.get(claim.speaker_entity_id or "")
    return claim.model_copy(update={"speaker": name}) if name else claim


def _attribution_spans(
    attribution: Attribution, claim: ClaimMention | TextSpan
) -> Iterable[tuple[int, int]]:
    yield claim.start, claim.end
    if attribution.cue is not None:
        yield attribution.cue.start, attribution.cue.end
    if attribution.speaker is not None:
        yield attribution.speaker.start, attribution.speaker.end


# -- claims in the document's own voice -----------------------------------------------------


def _own_voice_claims(
    document: Document,
    parse: SegmentParse,
    sentence: Span,
    covered: list[tuple[int, int]],
    names: list[tuple[int, int]],
    lexicon: ClaimLexicon,
    stance_lexicon: Lexicon | None = None,
) -> Iterable[ClaimMention]:
    start = parse.offset + sentence.start_char
    end = parse.offset + sentence.end_char
    for piece_start, piece_end in _pieces(document.text, start, end, covered):
        piece_start, piece_end = _trim(document.text, piece_start, piece_end)
        if _is_heading(document.text, piece_start, piece_end, parse.segment.kind):
            continue
        opener = lexicon.filler_prefix.match(document.text[piece_start:piece_end])
        if opener:
            piece_start, piece_end = _trim(document.text, piece_start + opener.end(), piece_end)
        piece_end = _without_dangling_tail(document.text, piece_start, piece_end)
        text = document.text[piece_start:piece_end]
        stance = _own_voice_stance(text, lexicon, stance_lexicon)
        if stance is None or not MIN_WORDS <= len(words(text)) <= MAX_WORDS:
            continue
        tokens = [
            t
            for t in sentence
            if piece_start <= parse.offset + t.idx < piece_end and not t.is_space
        ]
        # Looser than for a report's content (see the module's docstring).
        if not any(_is_finite(t) for t in tokens):
            continue
        if proposition_problem(tokens) == "wh-question":
            logger.debug("not a claim (a wh-question): %r", text)
            continue
        if not _names_an_actor(tokens, parse.offset, piece_start, piece_end, names, lexicon):
            continue
        segment = parse.segment
        yield ClaimMention(
            document_id=document.id,
            start=piece_start,
            end=piece_end,
            text=text,
            stance=stance,
            speaker=segment.author if segment.kind in ("post", "comment") else None,
            outlet=_outlet(document, piece_start),
        )


def _own_voice_stance(
    text: str, lexicon: ClaimLexicon, stance_lexicon: Lexicon | None = None
) -> StanceLabel | None:
    """asserts; questions for a yes/no question about the actors or a statement the document
    doubts ("It is unlikely that ..."); disputes for one it denies ("It is not true that ...");
    or None: not a claim."""
    if lexicon.is_filler(text) or lexicon.addresses_reader(text):
        return None
    if text.rstrip("\"”’') ").endswith("?"):
        first = text.split(None, 2)
        opener = first[1] if first and first[0].casefold() == "or" and len(first) > 1 else first[0]
        # "What exactly does Beijing mean ...?" asks; "Is this not the reason ...?" claims.
        if opener.casefold().strip("\"“'‘") in lexicon.question_openers:
            return "questions"
        return None
    return voice_frame(text, stance_lexicon) or "asserts"


def proposition_problem(tokens: list[Token]) -> str | None:
    """Why a parsed stretch of text states no proposition, or None when it states one.

    "no predicate": none of the stretch's heads (tokens whose syntactic head lies outside it)
    is a finite predicate of a clause of its own — finite itself ("Ostland closed"), or through
    its auxiliary ("Ostland did not close") — only a noun phrase ("aid to Moscow that could
    spark sanctions"), a subordinate clause that leans on a main clause outside it, or the
    second half of a predicate whose subject is outside.

    "wh-question": the stretch opens with a wh-word of its main clause ("how close the guesses
    were", "to what extent X is willing to ..."): an open question, not something that could
    be true or false. A yes/no question keeps its proposition and is not a problem here.
    """
    words = [t for t in tokens if not (t.is_space or t.is_punct)]
    if not words:
        return "no predicate"
    inside = {_key(t) for t in words}
    heads = [t for t in words if t.head.i == t.i or _key(t.head) not in inside]
    opener = words[1] if len(words) > 1 and words[0].pos_ == "ADP" else words[0]
    if (
        opener.tag_ in WH_TAGS
        and opener.lower_ != "that"
        and _in_clause_of(opener, {_key(t) for t in heads})
    ):
        return "wh-question"
    if not any(
        # A conjunct whose first half is outside ("[Ostland backs] Marvia in the press,
        # repeats its line ...") continues a clause begun before the stretch: no subject.
        t.dep_ != "conj"
        and not _subordinate(t)
        and (_is_finite(t) or any(c.dep_ in AUXILIARIES and _is_finite(c) for c in t.children))
        for t in heads
    ):
        return "no predicate"
    return None


# A verbless clause a report can predicate of its object: "consider [China] [a guarantor]" is
# parsed with "guarantor" as a clausal complement whose subject is "China".
PREDICATIVE = frozenset({"ccomp", "xcomp", "oprd"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM"})


def small_clause(tokens: list[Token]) -> bool:
    """Whether a stretch without a finite predicate is a small clause a report predicates:
    the cue's object and what it is taken to be ("see [the ties as pragmatic]", "described
    [the plan as a provocation]", "called [the deal a turning point]"), or a verbless clause
    with a subject ("consider [China a guarantor]"). Either reads as "X is Y" in the speaker's
    words."""
    words = [t for t in tokens if not (t.is_space or t.is_punct)]
    inside = {_key(t) for t in words}
    heads = [t for t in words if t.head.i == t.i or _key(t.head) not in inside]
    for head in heads:
        if head.dep_ == "dobj" and (
            any(_as_phrase(c, inside) for c in head.children)
            # "as" or the predicate attached to the cue verb: "called [the deal] [a turn]"
            or any(_as_phrase(c, inside) or _predicate_of(c, inside) for c in head.head.children)
        ):
            return True
        if (
            head.dep_ in PREDICATIVE
            and head.pos_ in NOMINAL
            and any(c.dep_ in ("nsubj", "nsubjpass") and _key(c) in inside for c in head.children)
        ):
            return True
    return False


def _as_phrase(token: Token, inside: set[tuple[int, int]]) -> bool:
    """'as' with its object inside the stretch: "[the ties] as [a pragmatic one]"."""
    return (
        token.lower_ == "as"
        and token.dep_ == "prep"
        and _key(token) in inside
        and any(_key(c) in inside for c in token.children)
    )


def _predicate_of(token: Token, inside: set[tuple[int, int]]) -> bool:
    """A second object that is what the first is called: "called the deal [a turn]"."""
    return token.dep_ == "oprd" and token.pos_ in NOMINAL and _key(token) in inside


def _subordinate(head: Token) -> bool:
    """A clause opened by a subordinator leans on a main clause, wherever the parser attached
    it: "[a guarantor after the war,] since such guarantees can only be given by ...", "[the
    conflict,] but because it feared a realignment"."""
    return any(c.dep_ == "mark" and c.lower_ not in COMPLEMENTISERS for c in head.children)


def _key(token: Token) -> tuple[int, int]:
    return id(token.doc), token.i


def _in_clause_of(token: Token, heads: set[tuple[int, int]]) -> bool:
    """Whether ``token`` belongs to the clause of one of ``heads`` itself, not to a clause
    nested in it ("When Ostland joined, it promised ...": "When" is the nested clause's)."""
    while _key(token) not in heads:
        if token.head.i == token.i or token.dep_ in DEPENDENT_CLAUSES:
            return False
        token = token.head
    return True


def _is_finite(token: Token) -> bool:
    tag = getattr(token, "tag_", "")
    if tag in FINITE_TAGS:
        return True
    morph = getattr(token, "morph", None)
    return bool(morph is not None and "Fin" in morph.get("VerbForm"))


def _names_an_actor(
    tokens: list[Token],
    offset: int,
    start: int,
    end: int,
    names: list[tuple[int, int]],
    lexicon: ClaimLexicon,
) -> bool:
    if any(s < end and e > start for s, e in names):
        return True
    for token in tokens:
        ent_type = getattr(token, "ent_type_", "")
        if ent_type and ent_type in lexicon.entity_types:
            return True
    lowered = [getattr(t, "lower_", "") for t in tokens]
    lemmas = [getattr(t, "lemma_", "").casefold() for t in tokens]
    bigrams = {f"{a} {b}" for a, b in zip(lowered, lowered[1:], strict=False)}
    return bool(
        lexicon.actor_nouns.intersection(lowered)
        or lexicon.actor_nouns.intersection(lemmas)
        or lexicon.actor_nouns.intersection(bigrams)
    )


def _is_heading(text: str, start: int, end: int, segment_kind: str) -> bool:
    """A line of its own without closing punctuation ("Bad news for China"), or Title Case."""
    sentence = text[start:end].strip()
    if not sentence or sentence.endswith(TERMINAL):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    tokens = words(sentence)
    capitalised = sum(1 for t in tokens if t[0].isupper())
    if len(tokens) >= 3 and capitalised / len(tokens) >= 0.6:
        return True
    return segment_kind not in INFORMAL_SEGMENTS and line == sentence and len(tokens) <= 20


def _pieces(
    text: str, start: int, end: int, covered: list[tuple[int, int]]
) -> Iterable[tuple[int, int]]:
    """The sentence minus attribution spans, split at semicolons and line breaks."""
    cursor = start
    for s, e in covered:
        if e <= cursor or s >= end:
            continue
        if s > cursor:
            yield from _split_semicolons(text, cursor, s)
        cursor = max(cursor, e)
    if cursor < end:
        yield from _split_semicolons(text, cursor, end)


def _split_semicolons(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Split at semicolons and line breaks: a parser's sentence may run over a heading."""
    cursor = start
    for match in re.finditer(r";|\n", text[start:end]):
        yield cursor, start + match.start()
        cursor = start + match.end()
    yield cursor, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _without_dangling_tail(text: str, start: int, end: int) -> int:
    """The end of a piece without the words left hanging where an attribution was cut out:
    "... than I do and [I posted ...]", "... tensions with the West, with [Xi and Putin
    declaring ...]". A piece that ends with its sentence's full stop is left alone."""
    while not text[start:end].endswith(TERMINAL):
        match = re.search(r"[\s,;:—–-]*\b([A-Za-z']+)$", text[start:end])
        if match is None or match.group(1).casefold() not in TAIL_WORDS or match.start() == 0:
            return end
        end = start + match.start()
    return end


def _merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _outlet(document: Document, offset: int) -> str | None:
    segment = document.segment_at(offset)
    if segment is not None and segment.outlet:
        return segment.outlet
    return document.source
