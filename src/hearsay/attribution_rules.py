"""Candidate attributions from one parsed segment: cue, speaker and content by the parse.

The rules aim at recall; the learned scorer (attribution_model) decides which candidates to
keep. Everything here works in the segment's own coordinates: token indices into the spaCy
Doc and character offsets into ``doc.text``.

Patterns:
- ``ccomp``: "X said (that) Y" and "Y, X said" — the cue verb's clausal complement.
- ``parenthetical``: "Y, he said, Z" where the parser hangs the cue off Y's verb.
- ``according``: "According to X, Y" / "Y, according to X".
- ``quote``: a quotation (possibly several sentences or paragraphs) tied to the nearest cue
  outside it, in its sentence or the next one; "he added" continues the previous speaker.
- ``colon``: "X said: Y" / "X wrote the following: ...".
- ``object``: non-speech cues with a nominal or infinitival content ("backs X", "called for
  X", "wants to X").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hearsay.cues import CueLexicon
from hearsay.quotes import QuoteSpan, is_statement, quote_spans
from hearsay.speakers import RELATIVE_PRONOUNS, speaker_tokens, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CONTENT_DEPS = ("ccomp",)
OBJECT_DEPS = ("dobj", "xcomp", "attr", "oprd")
OBJECT_PREPS = {"for", "about", "on", "of", "to", "against", "with", "at"}
ADDRESSEE_DEPS = {"dative", "dobj", "iobj"}
NON_SPEECH_LEANS = {"believing", "evidence", "supporting", "opposing", "intending"}
CITING_LEMMAS = {"cite", "quote"}
MAX_TITLE_TOKENS = 6  # words of a speaker's title the parse may leave out of the subject
# What "citing ..." may name as the source of a report.
SOURCE_NOUNS = frozenset({
    "source", "official", "insider", "aide", "diplomat", "person", "people", "expert",
    "analyst", "witness", "report", "document", "memo", "letter", "email", "statement",
    "study", "survey", "poll", "record", "filing", "agency", "outlet", "newspaper", "media",
    "spokesman", "spokeswoman", "spokesperson", "representative", "member", "staff",
    "colleague", "investigator", "prosecutor", "lawmaker", "intelligence", "data",
})
MAX_CUE_GAP = 150  # characters between two fragments of one direct quotation
MAX_NAME_GAP = 16  # tokens between a quotation and its cue: "”, X, a top adviser, said"
CLOSING_QUOTES = frozenset({"”", '"', "''", "»"})
AUTHORING_VERBS = {"make", "issue", "deliver", "attribute"}  # "a statement made by X"
COMPLEMENT_PREPS = {"for", "of", "as", "to"}  # "slamming Kaine for ...", "described X as Y"
NOUN_PREPS = {"of", "on", "about", "for", "against", "with", "over", "to"}
SUBORDINATORS = {"because", "if", "when", "while", "although", "though", "since", "after",
                 "before", "until", "unless", "as", "once", "whereas"}
QUESTION_CUES = {"ask", "wonder", "inquire", "question"}
PROFORMS = {"so", "yes", "no"}  # "55 percent said so", "the candidate said no"
# Cue lemmas that take their addressee as an object: "told reporters that ...".
ADDRESSEE_CUES = {"tell", "inform", "assure", "warn", "remind", "brief", "ask", "urge", "advise",
                  "promise", "write"}
# Verbs of belief that report the clause they interrupt ("Such efforts, they believe, will
# ..."); "you know", "I see" interrupt a sentence as filler, not as a report.
# Cue verb and subject lemmas that make an idiom, not a report: "Time will tell whether ...".
NOT_REPORTS = frozenset({("tell", "time"), ("show", "time"), ("tell", "history")})
PARENTHETICAL_BELIEFS = {"think", "believe", "fear", "hope", "expect", "suspect", "guess",
                         "assume", "imagine", "worry", "feel"}


@dataclass
class Candidate:
    """One possible attribution in a segment, before scoring."""

    cue: tuple[int, int] | None  # token span; None for a quotation nobody introduces
    cue_head: int | None  # token index of the cue's head word
    content: tuple[int, int]  # character span in doc.text
    rule: str
    speaker: tuple[int, int] | None = None  # token span
    addressee: tuple[int, int] | None = None  # token span
    quotes: list[QuoteSpan] = field(default_factory=list)  # statements inside the content
    fragments: list[tuple[int, int]] = field(default_factory=list)  # character spans
    lean: str = "neutral"
    cited: tuple[int, int] | None = None  # token span of "citing its own informed sources"
    authored: bool = False  # "a statement made by X": the text names its author outright
    announced: bool = False  # "it was stated the following:" announces the report below
    score: float = 0.0
    parent: int | None = None  # index of the candidate whose content holds this cue
    extent: str = "base"  # which content extent the scorer chose (content_extent)
    rule_content: tuple[int, int] | None = None  # the rule's own content, while choosing
    verb_phrase: tuple[int, int] | None = None  # characters of the cue verb's whole phrase

    @property
    def kind(self) -> str:
        if not self.quotes:
            return "indirect"
        # Direct when the content is the quotation(s): "“...,” Okafor said. “...”" has only
        # the cue between its two quotations; "that “...”" is mixed.
        first, last = self.quotes[0], self.quotes[-1]
        gaps = [b.start - a.end for a, b in zip(self.quotes, self.quotes[1:], strict=False)]
        starts = self.content[0] >= first.start - 1
        ends = self.content[1] <= last.end + 2
        if starts and ends and all(g <= MAX_CUE_GAP for g in gaps):
            return "direct"
        return "mixed"


@dataclass
class SegmentContext:
    """What the rules need to know about a segment, computed once."""

    doc: Doc
    lexicon: CueLexicon
    cue_lemmas: frozenset[str]  # extra lemmas the trained model knows as cues
    quotes: list[QuoteSpan]
    statements: list[QuoteSpan]
    quote_of_token: list[int]  # index into ``quotes`` of the quote holding a token, or -1
    text: str = ""  # doc.text, kept: spaCy rebuilds it from the tokens on every access
    cue_nouns: frozenset[str] = frozenset()  # nouns the trained model knows as cues
    statement_ends: list[int] = field(default_factory=list)  # inner_end of each statement
    # The Doc's tokens, made once: every rule walks them, and spaCy builds a new Token
    # object for each one on every walk.
    tokens: list[Token] = field(default_factory=list)
    # Token index of each cue verb with a subject of its own → whether what it reports
    # follows it (``report_verbs``; made on first use).
    _report_verbs: dict[int, bool] | None = None

    @property
    def report_verbs(self) -> dict[int, bool]:
        """Cue verbs with a subject of their own ("she said", "the minister told"), each
        with whether a complement follows it ("told reporters the plan ...") or not ("“A,”
        she said"): the scorer asks for them on every content extent."""
        if self._report_verbs is None:
            self._report_verbs = {
                token.i: any(c.dep_ in {"ccomp", "dobj", "xcomp"} and c.i > token.i
                             for c in token.children)
                for token in self.tokens if _is_report_verb(token, self)
            }
        return self._report_verbs

    @classmethod
    def build(
        cls,
        doc: Doc,
        lexicon: CueLexicon,
        cue_lemmas: frozenset[str],
        cue_nouns: frozenset[str] = frozenset(),
        offset: int = 0,
    ) -> SegmentContext:
        text = doc.text
        quotes = quote_spans(text, offset)
        holder = [-1] * len(doc)
        for index, quote in enumerate(quotes):
            first, last = tokens_between(doc, quote.start, quote.end)
            for i in range(first, last):
                holder[i] = index
        statements = [q for q in quotes if is_statement(q, text)]
        return cls(doc, lexicon, cue_lemmas, quotes, statements, holder, text, cue_nouns,
                   [q.inner_end for q in statements], list(doc))

    def in_statement(self, token_i: int) -> QuoteSpan | None:
        index = self.quote_of_token[token_i]
        if index < 0:
            return None
        quote = self.quotes[index]
        tok = self.doc[token_i]
        inside = quote.inner_start <= tok.idx < quote.inner_end
        return quote if inside and quote in self.statements else None


_SENTENCES = "hearsay.sentences"
_STARTS = "hearsay.token_starts"
_LINES = "hearsay.lines"


def sentence_bounds(token: Token) -> tuple[int, int]:
    """Token span [start, end) of the token's sentence, from a table built once per Doc
    (``Token.sent`` walks the whole Doc on every call)."""
    doc = token.doc
    table = doc.user_data.get(_SENTENCES)
    if table is None:
        table = [(0, 0)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                table[i] = (sent.start, sent.end)
        doc.user_data[_SENTENCES] = table
    bounds: tuple[int, int] = table[token.i]
    return bounds


def token_at(doc: Doc, char: int) -> int:
    """Index of the token holding (or starting after) character ``char``."""
    import bisect

    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = [t.idx for t in doc]
        doc.user_data[_STARTS] = starts
    return max(0, min(len(doc) - 1, bisect.bisect_right(starts, char) - 1))


def tokens_between(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token span [i, j) of the tokens overlapping characters [start, end)."""
    if not len(doc) or end <= start:
        return 0, 0
    return token_at(doc, start), token_at(doc, end - 1) + 1


def shorten_content(
    doc: Doc, span: tuple[int, int], lexicon: CueLexicon | None = None
) -> tuple[int, int]:
    """What was said, without the reporter's asides that close the sentence: a
    non-restrictive relative clause (", who worked on ..."), an apposition (", a point
    that ..."), a participle (", saying ..."), a comma-set adjunct (", in what appeared to
    be ..."), or a second report joined by a conjunction ("... but implied that ...")."""
    start, end = span
    for i in range(start + 2, end):
        token = doc[i]
        if token.dep_ == "conj" and token.pos_ == "VERB" and start <= token.head.i < i and (
            lexicon is not None and token.lemma_.lower() in lexicon.verbs
            and any(c.dep_ in {"ccomp", "dobj"} for c in token.children)
            and doc[i - 1].dep_ == "cc"
        ):
            return _trim(doc, start, i - 1)
        if doc[i - 1].text != "," or token.left_edge.i != i:
            continue
        head = token
        while head.head is not head and head.head.left_edge.i == i:
            head = head.head  # the phrase that starts after the comma, not its first word
        if head.right_edge.i + 1 < end - 1:
            continue  # the aside does not close the content
        aside = (
            head.dep_ in {"relcl", "appos", "npadvmod"}
            or (head.dep_ in {"advcl", "xcomp"} and head.tag_ == "VBG")
            or (head.dep_ == "prep" and head.lower_ in {"with"})
        )
        if aside:
            return _trim(doc, start, i - 1)
    return start, end


def clip_to_line(doc: Doc, start: int, end: int, anchor: int) -> tuple[int, int]:
    """Token span [start, end) cut at the line breaks around ``anchor``: the small parser
    sometimes runs a sentence over a heading or a paragraph break."""
    for i in range(anchor - 1, start - 1, -1):
        if "\n" in doc[i].text_with_ws:
            start = i + 1
            break
    for i in range(max(anchor, start), end):
        if "\n" in doc[i].text_with_ws:
            end = i + 1
            break
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def char_span(tokens: Span | list[Token]) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


OPENING_MARKS = {"“": "”", "‘": "’", "«": "»", "„": "“"}


def close_quotation(text: str, start: int, end: int) -> tuple[int, int]:
    """A character span with the quotation marks it cuts in half made whole: one past a
    closing mark when the span opens the quotation and stops just short of its end ("refer
    to it as a “war”": the parse hangs the mark on the main verb, so the clause's subtree ends
    at "war"), one before an opening mark when it closes a quotation it does not open
    ("questioning “the legitimacy” of ...")."""
    piece = text[start:end]
    # The mark may follow the sentence's own stop: "refer to it as a “war.”"
    for taken in (1, 2):
        if end + taken > len(text) or (taken == 2 and text[end] not in ".,!?"):
            break
        following = text[end + taken - 1]
        if any(following == closing and piece.count(opening) > piece.count(closing)
               for opening, closing in OPENING_MARKS.items()) or (
            following == '"' and piece.count('"') % 2 == 1
        ):
            end += taken
            piece = text[start:end]
            break
    if start > 0:
        before = text[start - 1]
        # Single marks are left alone: "’" is an apostrophe as often as a closing mark.
        if (before == "“" and piece.count("”") > piece.count("“")) or (
            before == "«" and piece.count("»") > piece.count("«")
        ) or (before == '"' and piece.count('"') % 2 == 1):
            start -= 1
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token span [start, end) without leading/trailing commas, dashes and conjunctions."""
    while start < end and (doc[start].is_punct and doc[start].text not in "“\"«„‘" or
                           doc[start].dep_ == "cc"):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in "”\"»’.!?":
        end -= 1
    return start, end


def subtree_span(token: Token, exclude: tuple[int, int] | None = None) -> tuple[int, int]:
    """Token span of ``token``'s subtree, cut short of an ``exclude`` span next to it."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    if exclude:
        ex_start, ex_end = exclude
        if ex_start <= token.i < ex_end:
            return token.i, token.i + 1
        if ex_start >= token.i and ex_start < end:
            end = ex_start
        if ex_end <= token.i and ex_end > start:
            start = ex_end
    return _trim(token.doc, start, end)


def cue_span(verb: Token) -> tuple[int, int]:
    """The cue's words: the verb with its auxiliaries, negation and particles ("has said",
    "did not mention", "pointed out")."""
    start, end = verb.i, verb.i + 1
    doc = verb.doc
    head = verb.head
    if verb.lemma_.lower() == "say" and head.lower_ == "as" and head.i == verb.i - 1 and (
        head.head.lemma_.lower() in CITING_LEMMAS and head.head.i < head.i
    ):
        # "saying" found on its own: the cue is the whole "was quoted as saying".
        return cue_span(head.head)[0], end
    for child in verb.children:
        if child.dep_ in {"aux", "auxpass", "neg"} and child.i < verb.i and verb.i - child.i <= 3:
            # "has not said", but not "did he report": the subject is not part of the cue.
            if all(doc[k].dep_ in {"aux", "auxpass", "neg", "advmod"}
                   for k in range(child.i + 1, verb.i)):
                start = min(start, child.i)
        elif child.dep_ == "prt" and child.i == end:
            end = child.i + 1
        elif child.dep_ == "prep" and child.lower_ == "as" and child.i == end:
            # "was quoted as saying"
            saying = next((c for c in child.children if c.lemma_ == "say"), None)
            if saying is not None and saying.i == child.i + 1:
                end = saying.i + 1
    return start, end


def find_cue_verbs(ctx: SegmentContext) -> list[Token]:
    """Verbs that may report speech or thought, outside quoted statements."""
    verbs: list[Token] = []
    for token in ctx.tokens:
        nominal_root = token.pos_ == "NOUN" and token.dep_ == "ROOT"
        if token.pos_ not in {"VERB", "AUX"} and not nominal_root:
            continue
        lemma = token.lemma_.lower()
        if lemma not in ctx.lexicon.verbs and lemma not in ctx.cue_lemmas:
            continue
        if ctx.quote_of_token[token.i] >= 0:
            continue  # a cue inside a quotation or a quoted title is quoted, not reporting
        if _participle_modifier(token):
            continue
        if (lemma, next((c.lemma_.lower() for c in token.children if c.dep_ == "nsubj"), "")) in (
            NOT_REPORTS
        ):
            continue
        verbs.append(token)
    return verbs


def _is_report_verb(token: Token, ctx: SegmentContext) -> bool:
    """A cue verb with a subject of its own: "she said", "he had not seen"."""
    return token.pos_ in {"VERB", "AUX"} and (
        token.lemma_.lower() in ctx.lexicon.verbs or token.lemma_.lower() in ctx.cue_lemmas
    ) and any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


def _participle_modifier(verb: Token) -> bool:
    """ "Generally recognized international law must be observed": a participle opening its
    sentence with no subject or auxiliary modifies a noun (the parse may make it the root)."""
    if verb.tag_ != "VBN":
        return False
    if verb.dep_ in {"nsubj", "nsubjpass", "amod"}:
        return True
    if verb.dep_ != "ROOT" or any(
        c.dep_ in {"nsubj", "nsubjpass", "csubj", "aux", "auxpass"} for c in verb.children
    ):
        return False
    return all(t.dep_ == "advmod" for t in verb.doc[verb.sent.start : verb.i])


def _addressee(verb: Token, content: tuple[int, int]) -> tuple[int, int] | None:
    """ "told EU diplomat Kaja Kallas that ...", "“...,” Stubb told Bloomberg"."""
    if verb.lemma_.lower() not in ADDRESSEE_CUES:
        return None
    for child in verb.children:
        if child.dep_ in ADDRESSEE_DEPS and child.i > verb.i and not (
            content[0] <= child.i < content[1]
        ):
            return speaker_tokens(child, {verb.i} | set(range(content[0], content[1])))
        if child.dep_ == "prep" and child.lower_ == "to" and child.i > verb.i:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return speaker_tokens(pobj, {verb.i, child.i})
    return None


def _sentence_bounds(verb: Token) -> tuple[int, int]:
    return sentence_bounds(verb)


def verb_candidate(verb: Token, ctx: SegmentContext) -> Candidate | None:
    """The content of a reporting verb by its dependents, or by the clause it interrupts."""
    doc = ctx.doc
    cue = cue_span(verb)
    content: tuple[int, int] | None = None
    rule = ""
    cited: tuple[int, int] | None = None
    clause = _content_clause(verb)
    if clause is not None:
        content = subtree_span(clause, cue)
        rule = "ccomp"
        content, cited = _split_leading_citation(doc, content)
    if content is None and _is_speech(verb, ctx):
        content = _clause_content(verb, cue)
        rule = "ccomp" if content else ""
    if content is None and _is_speech(verb, ctx):
        content = _clause_before_on_line(verb)
        rule = "ccomp" if content else ""
    if content is None and (
        _is_speech(verb, ctx) or verb.lemma_.lower() in PARENTHETICAL_BELIEFS
    ) and _set_off(verb):
        content = _interrupted_clause(verb)
        rule = "parenthetical" if content else ""
    announced = False
    if content is None and _announces_following(verb):
        content, rule = _colon_content(verb, cue)
        announced = content is not None
    if content is None:
        content, rule = _passive_content(verb, cue)
    if content is None:
        content, rule = _antecedent_content(verb)
    if content is None:
        content, rule, cue = _object_content(verb, cue, ctx)
    if content is None:
        content, rule = _colon_content(verb, cue)
    if content is None and _is_speech(verb, ctx):
        content, rule = _proform_content(verb)
    if content is None and _is_speech(verb, ctx):
        # "..., Hope Hicks said in the statement." — no content of its own, but a quotation
        # nearby may be its content (quote_attachment decides; unused ones are dropped).
        content, rule = (verb.i, verb.i), "bare"
    if content is None:
        return None
    own_subject = subject_of(verb)
    if rule == "bare":
        subject = own_subject or _adjacent_subject(verb)
        return Candidate(
            cue=cue, cue_head=verb.i, content=(verb.idx, verb.idx), rule=rule,
            speaker=off_heading(doc, speaker_tokens(subject, set(range(cue[0], cue[1]))), verb.i)
            if subject is not None else None,
            addressee=_addressee(verb, (verb.i, verb.i)),
            lean=ctx.lexicon.lean_of(doc[cue[0] : cue[1]].text, verb.lemma_),
        )
    content = clip_to_line(doc, content[0], content[1], content[0] if rule == "colon" else verb.i)
    content = shorten_content(doc, content, ctx.lexicon)
    named = _name_after_quotation(verb) if own_subject is None else None
    if named is not None and content[0] <= named[1].i < content[1] < verb.i + 1:
        # The parse ran the quotation on into the name after it: the content ends at the mark.
        content = (content[0], named[0] + 1)
    if content[1] <= content[0]:
        return None
    subject = own_subject or _adjacent_subject(verb)
    speaker = None
    exclude = set(range(content[0], content[1])) | set(range(cue[0], cue[1]))
    fragments: list[tuple[int, int]] = []
    if rule == "parenthetical":
        # "Over the years, she said, email has ...": the cue and its subject sit inside the
        # clause they report; the content is the two sides around them.
        own = _own_phrase(verb)
        if content[0] < own[0] and own[1] < content[1]:
            exclude -= set(range(*own))
            sides = [_trim(doc, content[0], own[0]), _trim(doc, own[1], content[1])]
            fragments = [char_span(doc[a:b]) for a, b in sides if b > a]
    if subject is not None and subject.i not in exclude:
        speaker = off_heading(doc, speaker_tokens(subject, exclude), verb.i)
    start_char, end_char = char_span(doc[content[0] : content[1]])
    return Candidate(
        fragments=fragments,
        cue=cue,
        cue_head=verb.i,
        content=(start_char, end_char),
        rule=rule,
        speaker=speaker,
        addressee=_addressee(verb, content),
        lean=ctx.lexicon.lean_of(doc[cue[0] : cue[1]].text, verb.lemma_),
        cited=cited or (_cited_sources(verb, content) if _is_speech(verb, ctx) else None),
        announced=announced,
    )


def _content_clause(verb: Token) -> Token | None:
    """The clause a cue verb reports. Of two ("Trump is keeping up ...\nTrump said Tuesday
    that Rubio was ..." when the parse glued a heading to the line below it), the one on the
    cue's own line."""
    clauses = [c for c in verb.children
               if c.dep_ in CONTENT_DEPS and not _across_semicolon(c, verb)]
    line_start, line_end = line_bounds(verb.doc, verb.i)
    # A clause wholly on another line (a quoted question in the paragraph above hung off
    # "have since denounced Trump's comments") would be clipped to nothing: not the content.
    clauses = [c for c in clauses if c.right_edge.i >= line_start and c.left_edge.i < line_end]
    if len(clauses) > 1:
        on_line = [c for c in clauses if line_start <= c.left_edge.i < line_end]
        clauses = on_line or clauses
    before = [c for c in clauses if c.right_edge.i < verb.i]
    if len(before) > 1 and len(before) == len(clauses):
        # "“A,” she said, but “B,” said Kunin": the parse hangs both statements off the
        # second cue; its own is the one next to it.
        return before[-1]
    return clauses[0] if clauses else None


def _split_leading_citation(
    doc: Doc, content: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """ "reported, citing informed sources, that ...": the parser may put the citing clause
    inside the reported clause; it names the speaker's source, not what was said."""
    first = doc[content[0]] if content[1] > content[0] else None
    if first is None or first.lemma_.lower() not in CITING_LEMMAS or first.pos_ != "VERB":
        return content, None
    obj = next((c for c in first.children if c.dep_ in {"dobj", "pobj"}), None)
    rest = _trim(doc, first.right_edge.i + 1, content[1])
    if obj is None or rest[1] <= rest[0]:
        return content, None
    # "citing low economic growth" gives a reason, not a source: still not what was said.
    return rest, speaker_tokens(obj, {first.i}) if is_source(obj) else None


def is_source(noun: Token) -> bool:
    """Whether what a report cites can pass a statement on: a named person, organisation or
    place ("citing Xinhua"), a pronoun, or a source noun ("citing its own informed sources",
    "citing a leaked memo") — not a reason ("citing low economic growth")."""
    if noun.ent_type_ in {"PERSON", "ORG", "NORP", "GPE", "FAC"} or noun.pos_ in {"PROPN", "PRON"}:
        return True
    return noun.lemma_.lower() in SOURCE_NOUNS


def _adjacent_subject(verb: Token) -> Token | None:
    """When the parse found no subject ("The South China Morning Post reported" glued to a
    heading), the noun phrase right before the cue on the same line."""
    doc = verb.doc
    finite = verb.tag_ in {"VBD", "VBZ", "VBP"}
    if not finite or verb.lemma_.lower() in {"seem", "appear"} or any(
        c.dep_ in {"nsubjpass", "expl", "csubj"} for c in verb.children
    ):
        return None  # passive, participle or raising verb: the noun before it is not a speaker
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ in {"aux", "neg", "advmod"} and doc[i].head.i == verb.i:
        i -= 1
    if i >= 0 and doc[i].is_punct:
        named = _name_after_quotation(verb)
        return _inverted_subject(verb) or (named[1] if named is not None else None)
    if i < 0 or doc[i].pos_ not in {"PROPN", "NOUN"} or "\n" in doc[i].whitespace_:
        return None
    return doc[i]


def _name_after_quotation(verb: Token) -> tuple[int, Token] | None:
    """ "“...,” Gene Olsen, a top outside adviser, said at ...": the closing mark and the head
    of the name that opens the words between the quotation and the cue (the parse may hang
    the name inside the quotation)."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and verb.i - i <= MAX_NAME_GAP and doc[i].text not in CLOSING_QUOTES:
        if doc[i].pos_ in {"VERB", "AUX"} or "\n" in doc[i].whitespace_:
            return None
        i -= 1
    if i < 0 or doc[i].text not in CLOSING_QUOTES:
        return None
    head = _name_head(doc, i + 1, verb.i)
    return (i, head) if head is not None else None


def _inverted_subject(verb: Token) -> Token | None:
    """ "“...,” said Robert Reich, who served ... yet endorsed ...": after a quotation the
    name right after the cue is its subject, even when the parse made it the subject of a
    verb further on."""
    if "\n" in verb.whitespace_:
        return None
    return _name_head(verb.doc, verb.i + 1, len(verb.doc))


def _name_head(doc: Doc, start: int, limit: int) -> Token | None:
    """The last word of the proper name opening at token ``start`` (before ``limit``, on one
    line), or None when no name opens there."""
    if start >= limit or doc[start].pos_ != "PROPN":
        return None
    j = start
    while j + 1 < limit and doc[j + 1].pos_ == "PROPN" and "\n" not in doc[j].whitespace_:
        j += 1
    return doc[j]


def _cited_sources(verb: Token, content: tuple[int, int]) -> tuple[int, int] | None:
    """ "reported, citing its own informed sources, that ...": whom the speaker cites."""
    nearby = list(verb.children)
    if verb.dep_ in {"advcl", "parataxis", "ccomp"}:
        nearby += [s for s in verb.head.children if s.i != verb.i]
    for other in nearby:
        if other.lemma_.lower() in CITING_LEMMAS and other.pos_ == "VERB" and not (
            content[0] <= other.i < content[1]
        ):
            obj = next((c for c in other.children if c.dep_ in {"dobj", "pobj"}), None)
            if obj is not None and is_source(obj):
                return speaker_tokens(obj, {other.i})
    return None


def _across_semicolon(clause: Token, verb: Token) -> bool:
    """ "Democrats framed X; Republicans argued that Y": the parser may hang the first clause
    on the second verb; a clause before the cue behind a semicolon is not its content."""
    if clause.i > verb.i:
        return False
    doc = verb.doc
    return any(doc[i].text in {";", ":"} for i in range(clause.right_edge.i + 1, verb.i))


def _is_speech(verb: Token, ctx: SegmentContext) -> bool:
    entry = ctx.lexicon.verbs.get(verb.lemma_.lower())
    return entry is not None and entry.lean not in NON_SPEECH_LEANS


def _clause_content(verb: Token, cue: tuple[int, int]) -> tuple[int, int] | None:
    """ "Trump said after the debate he would ..." — the parser sometimes hangs the reported
    clause as an adverbial or paratactic clause; one with its own subject is the content."""
    asking = verb.lemma_.lower() in QUESTION_CUES
    for child in verb.children:
        if child.dep_ in {"advcl", "parataxis", "dep"} and child.i > verb.i and any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in child.children
        ) and not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS
                      and not (asking and c.lower_ == "if") for c in child.children):
            # "asked if he had been bullied": for a question, "if" opens what was asked.
            start, end = subtree_span(child, cue)
            # Keep the words between the cue and the clause ("after the debate") out.
            return start, end
    return None


def line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Token span [start, end) of the line holding token ``i`` (from a table built once per
    Doc)."""
    table = doc.user_data.get(_LINES)
    if table is None:
        table = [(0, 0)] * len(doc)
        start = 0
        for j, token in enumerate(doc):
            if "\n" in token.text_with_ws or j == len(doc) - 1:
                for k in range(start, j + 1):
                    table[k] = (start, j + 1)
                start = j + 1
        doc.user_data[_LINES] = table
    bounds: tuple[int, int] = table[i]
    return bounds


def off_heading(doc: Doc, speaker: tuple[int, int], cue_i: int) -> tuple[int, int] | None:
    """The speaker, unless it is a heading glued to the cue's sentence: on another line that
    does not end like a sentence ("Security Guarantees" above "... told reporters")."""
    line_start, line_end = line_bounds(doc, speaker[0])
    if line_start <= cue_i < line_end:
        return speaker
    last = line_end - 1
    while last > line_start and (doc[last].is_space or doc[last].text in {"”", '"', "’", ")"}):
        last -= 1
    if doc[last].text in {".", "!", "?", ":", ";"}:
        return speaker
    # The parse took the heading for the subject: the words right before the cue on its own
    # line, back to the line's start or a comma ("Officials said ...", "..., President of
    # Ukraine X told reporters"), are the speaker.
    cue_line_start, _ = line_bounds(doc, cue_i)
    before = cue_i - 1
    while before >= cue_line_start and doc[before].dep_ in {"aux", "neg", "advmod"}:
        before -= 1
    if before < cue_line_start or doc[before].pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    start = before
    while start > cue_line_start and doc[start - 1].text not in {",", ";", ":", "—", "–"}:
        start -= 1
        if before - start > MAX_TITLE_TOKENS:
            return None
    while start < before and doc[start].is_space:
        start += 1
    return start, before + 1


def _clause_before_on_line(verb: Token) -> tuple[int, int] | None:
    """ "Y, President X told reporters." when the small parser glued the line to a heading
    above it and hung the cue off the heading's verb: the clause before the subject on the
    cue's own line is the content."""
    doc = verb.doc
    line_start, _ = line_bounds(doc, verb.i)
    if verb.head.i >= line_start or verb.dep_ == "ROOT":
        return None  # the cue's head is on its own line: the ordinary rules read it
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    subject = subject or _adjacent_subject(verb)
    if subject is None or subject.i < line_start:
        return None
    end = subject.left_edge.i
    while end - 1 > line_start and doc[end - 1].text not in {",", "—", "–"} and (
        subject.i - end < MAX_TITLE_TOKENS
    ):
        end -= 1  # a title the parse hung elsewhere: "..., President of Ukraine X told"
    if end - 1 <= line_start or doc[end - 1].text not in {",", "—", "–"}:
        return None
    start, end = _trim(doc, line_start, end)
    return (start, end) if end - start >= 3 else None


def _set_off(verb: Token) -> bool:
    """Whether the cue and its subject are set off by punctuation: "Y, he said, Z"."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    while right > verb.i and doc[right].is_punct:
        right -= 1
    while left < verb.i and doc[left].is_punct:
        left += 1  # "Over the years, she said, ...": the verb's own comma sets it off
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            left = min(left, child.left_edge.i)
    sent_start, sent_end = sentence_bounds(verb)
    before = doc[left - 1] if left > sent_start else None
    after = doc[right + 1] if right + 1 < sent_end else None
    # "..., and as Comey noted, people ...": a conjunction opens the set-off phrase too.
    left_ok = before is None or before.is_punct or (
        before.dep_ == "cc" and before.i > sent_start and doc[before.i - 1].is_punct
    )
    right_ok = after is None or after.is_punct
    # "..., as Sanders has criticized Clinton for ...": a clause with its own object does
    # not interrupt the sentence around it ("As journalists reported, ..." does).
    # Nor does one with an infinitive of its own or a subordinator other than "as" ("after
    # Republicans vowed to do better, ..." is when, not what, something was said).
    # "..., Carter told a Senate panel Wednesday." — the object of "told" is its addressee.
    addressed = verb.lemma_.lower() in ADDRESSEE_CUES
    interrupting = verb.dep_ in {"parataxis", "ccomp", "advcl", "conj", "dep"} and not any(
        (c.dep_ == "dobj" and not (addressed and c.pos_ in {"PROPN", "NOUN", "PRON"}
                                   and not any(g.dep_ in {"relcl", "acl"} for g in c.children)))
        or c.dep_ == "xcomp"
        or (c.dep_ == "mark" and c.lower_ in SUBORDINATORS and c.lower_ != "as")
        for c in verb.children
    )
    return left_ok and right_ok and interrupting and (
        verb.head.pos_ in {"VERB", "AUX"}
    ) and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _own_phrase(verb: Token) -> tuple[int, int]:
    """Tokens [start, end) of a parenthetical cue with its subject ("she said")."""
    start = min([verb.left_edge.i] + [c.left_edge.i for c in verb.children
                                      if c.dep_ in {"nsubj", "nsubjpass"}])
    return start, verb.right_edge.i + 1


def _interrupted_clause(verb: Token) -> tuple[int, int] | None:
    """ "The plan, he said, is dead." — the clause the cue interrupts, without the cue."""
    doc = verb.doc
    head = verb.head
    sent_start, sent_end = sentence_bounds(verb)
    own_start, own_end = _own_phrase(verb)
    start, end = max(head.left_edge.i, sent_start), min(head.right_edge.i + 1, sent_end)
    if own_start <= start:
        start = own_end
    elif own_end >= end:
        end = own_start
    start, end = _trim(doc, start, end)
    for sibling in head.children:
        # "As journalists reported, citing their sources, Beijing fears ...": the citing
        # clause belongs to the cue, not to the content.
        if sibling.lemma_.lower() in CITING_LEMMAS and sibling.left_edge.i == start:
            start, end = _trim(doc, sibling.right_edge.i + 1, end)
    return (start, end) if end > start else None


def _passive_content(
    verb: Token, cue: tuple[int, int]
) -> tuple[tuple[int, int] | None, str]:
    """ "Clinton's position was supported by the union": what is backed is the passive
    subject; the agent (found by subject_of) is the speaker."""
    has_agent = any(c.dep_ == "agent" for c in verb.children)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if not has_agent or subject is None:
        return None, ""
    return subtree_span(subject, cue), "passive"


def _object_content(
    verb: Token, cue: tuple[int, int], ctx: SegmentContext
) -> tuple[tuple[int, int] | None, str, tuple[int, int]]:
    """Nominal or infinitival content: "backs Clinton", "called for a ban", "wants to run"."""
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and child.i > verb.i:
            start, end = subtree_span(child, cue)
            # "urging Trump to make ...", "slamming Kaine for his work": the object's
            # complement belongs to the content.
            for sibling in verb.children:
                if sibling.i > child.i and (
                    sibling.dep_ in {"xcomp", "oprd", "ccomp"}
                    or (sibling.dep_ == "prep" and sibling.lower_ in COMPLEMENT_PREPS)
                ):
                    end = max(end, subtree_span(sibling)[1])
            return (start, end), "object", cue
    words = ctx.lexicon.words
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in OBJECT_PREPS and child.i >= cue[1] - 1:
            for pobj in child.children:
                if pobj.lower_ in words.platforms or pobj.lower_ in words.channels:
                    continue  # "wrote on Twitter": where it was said, not what
                if pobj.dep_ in {"pobj", "pcomp"}:
                    # The preposition belongs to the cue ("called for", "talked about").
                    return subtree_span(pobj), "object", (cue[0], child.i + 1)
    return None, "", cue


def _antecedent_content(verb: Token) -> tuple[tuple[int, int] | None, str]:
    """What a relative or participle clause's cue is about is the noun it modifies: "an
    offer the leadership rebuffed", "a candidate who many members oppose" (the relative
    pronoun stands for it), "the bill, opposed by House Republicans, ..."."""
    head = verb.head
    if head is verb or head.pos_ not in {"NOUN", "PROPN"} or head.i > verb.i:
        return None, ""
    if any(c.dep_ in OBJECT_DEPS + CONTENT_DEPS and c.i > verb.i for c in verb.children):
        return None, ""  # it has content of its own
    if verb.dep_ == "relcl":
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in RELATIVE_PRONOUNS:
            return None, ""  # "officials who said ...": the noun is the speaker
        pronoun = next((c for c in verb.children if c.i < subject.i
                        and c.dep_ in {"dobj", "pobj"} and c.lower_ in RELATIVE_PRONOUNS), None)
        if pronoun is not None:
            return (pronoun.i, pronoun.i + 1), "antecedent"
    elif not (verb.dep_ == "acl" and verb.tag_ == "VBN"
              and any(c.dep_ == "agent" for c in verb.children)):
        return None, ""
    start, end = head.left_edge.i, verb.left_edge.i
    start, end = _trim(verb.doc, start, end)
    return ((start, end), "antecedent") if end > start else (None, "")


def _proform_content(verb: Token) -> tuple[tuple[int, int] | None, str]:
    """ "after 55 percent said so", "the candidate said no": the word standing for what was
    said is the content."""
    for child in verb.children:
        if child.lower_ in PROFORMS and verb.i < child.i <= verb.i + 2:
            return (child.i, child.i + 1), "proform"
    return None, ""


def _colon_content(verb: Token, cue: tuple[int, int]) -> tuple[tuple[int, int] | None, str]:
    """ "X said: Y" — content runs from the colon to the end of the sentence; a colon that
    ends its line opens the paragraph below ("... it was stated the following:\n<paragraph>")."""
    doc = verb.doc
    sent_start, sent_end = _sentence_bounds(verb)
    for i in range(cue[1], min(cue[1] + 6, sent_end)):
        if doc[i].text == ":":
            line_end = line_bounds(doc, i)[1]
            if all(doc[j].is_space for j in range(i + 1, line_end)) and line_end < len(doc):
                nxt = line_end
                while nxt < len(doc) and doc[nxt].is_space:
                    nxt += 1
                if nxt < len(doc):
                    return _trim(doc, *line_bounds(doc, nxt)), "colon"
            if i + 1 < sent_end:
                return _trim(doc, i + 1, sent_end), "colon"
            if i + 1 < len(doc):
                # The colon ends the sentence: the next sentence is the content.
                nxt_start, nxt_end = sentence_bounds(doc[i + 1])
                return _trim(doc, nxt_start, nxt_end), "colon"
    return None, ""


def _announces_following(verb: Token) -> bool:
    """ "stated the following:", "said as follows:" — the object only points at what comes
    after the colon."""
    return any(c.lower_ in {"following", "follows"} for c in verb.subtree
               if c.i > verb.i and c.i < verb.i + 4)


def according_candidates(ctx: SegmentContext) -> list[Candidate]:
    """ "According to X, Y" and "Y, according to X"."""
    doc = ctx.doc
    found: list[Candidate] = []
    for token in ctx.tokens:
        if token.lower_ != "according" or token.i + 1 >= len(doc):
            continue
        if doc[token.i + 1].lower_ != "to":
            continue
        if ctx.quote_of_token[token.i] >= 0:
            continue
        to = doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            source = next((c for c in token.children if c.dep_ == "pobj"), None)
        cue = (token.i, token.i + 2)
        phrase_end = max(token.right_edge.i, to.right_edge.i) + 1
        speaker = speaker_tokens(source, set(range(cue[0], cue[1]))) if source else None
        sent_start, sent_end = _sentence_bounds(token)
        if phrase_end >= sent_end - 1:
            start, end = sent_start, token.i
        elif token.i <= sent_start + 1:
            start, end = phrase_end, sent_end
        else:
            # Mid-sentence: the clause it modifies, around the "according to" phrase.
            head = token.head
            start = max(head.left_edge.i, sent_start)
            end = min(head.right_edge.i + 1, sent_end)
            if start >= token.i:
                start = phrase_end
            elif phrase_end >= end - 1:
                end = token.i  # "..., according to press reports." closes the clause
        if start < token.i:
            # "...firms: London was the capital, according to X" — a colon or semicolon
            # before the phrase ends what X is cited for.
            stops = [i for i in range(start, token.i) if doc[i].text in {":", ";"}]
            if stops:
                start = stops[-1] + 1
        start, end = _trim(doc, *clip_to_line(doc, start, end, token.i))
        if end <= start:
            continue
        found.append(
            Candidate(
                cue=cue,
                cue_head=token.i,
                content=char_span(doc[start:end]),
                rule="according",
                speaker=speaker,
                lean=ctx.lexicon.lean_of("according to"),
            )
        )
    return found


def phrase_candidates(ctx: SegmentContext) -> list[Candidate]:
    """Multi-word cues that head no verb of their own: "In a statement, the ministry ..."."""
    doc = ctx.doc
    found: list[Candidate] = []
    phrases = [p for p in ctx.lexicon.phrases if p[0] == "in"]
    for token in ctx.tokens:
        if token.lower_ != "in" or token.i != sentence_bounds(token)[0]:
            continue
        for phrase in phrases:
            words = tuple(t.lower_ for t in doc[token.i : token.i + len(phrase)])
            if words != phrase:
                continue
            end_cue = token.i + len(phrase)
            main = token.head
            if main.pos_ not in {"VERB", "AUX"}:
                break
            lemma = main.lemma_.lower()
            if lemma in ctx.lexicon.verbs or lemma in ctx.cue_lemmas:
                break  # "In a statement, the ministry said ...": the verb is the cue
            subject = subject_of(main)
            sent_end = sentence_bounds(token)[1]
            start, end = _trim(doc, end_cue, sent_end)
            if end <= start:
                break
            found.append(
                Candidate(
                    cue=(token.i, end_cue),
                    cue_head=token.i,
                    content=char_span(doc[start:end]),
                    rule="phrase",
                    speaker=speaker_tokens(subject, set(range(token.i, end_cue)))
                    if subject is not None
                    else None,
                    lean=ctx.lexicon.phrase_lean(phrase) or "neutral",
                )
            )
            break
    # Cues that head no verb either: "Name: headline" lines, "critical of", "confident that".
    found.extend(headline_candidates(ctx))
    found.extend(adjective_candidates(ctx))
    found.extend(received_candidates(ctx))
    return found


# Verbs whose subject receives a reaction named by their object: "drew criticism from X".
RECEIVING = frozenset({"draw", "receive", "win", "earn", "get", "garner", "attract", "have",
                       "face", "gain", "enjoy"})
HOLDING = frozenset({"have", "enjoy", "win", "earn", "gain"})  # "has the support of X"


def received_candidates(ctx: SegmentContext) -> list[Candidate]:
    """ "The proposal has drawn harsh criticism from fellow hopefuls", "Clinton has the
    support of women": the one named after "from" / "of" reacts to the subject, which is
    what the report is about."""
    doc = ctx.doc
    found: list[Candidate] = []
    for noun in ctx.tokens:
        if noun.dep_ != "dobj" or noun.pos_ != "NOUN" or ctx.quote_of_token[noun.i] >= 0:
            continue
        lemma = noun.lemma_.lower()
        if lemma not in ctx.cue_nouns and lemma not in ctx.lexicon.nouns and (
            lemma not in ctx.lexicon.verbs
        ):
            continue
        verb = noun.head
        if verb.lemma_.lower() not in RECEIVING:
            continue
        source = _reacting_source(noun, verb)
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if source is None or subject is None:
            continue
        prep, pobj = source
        cue = (verb.i, prep.i + 1)
        content = _trim(doc, *subtree_span(subject))
        if content[1] <= content[0]:
            continue
        found.append(Candidate(
            cue=cue, cue_head=verb.i, content=char_span(doc[content[0] : content[1]]),
            rule="received", speaker=speaker_tokens(pobj, set(range(*cue))),
            lean=ctx.lexicon.lean_of(lemma, lemma),
        ))
    return found


def _reacting_source(noun: Token, verb: Token) -> tuple[Token, Token] | None:
    """The preposition and object naming who reacts: "from X" after the noun or the verb,
    or "of X" after the noun of a verb of holding."""
    holders = [(noun, {"from", "of"} if verb.lemma_.lower() in HOLDING else {"from"}),
               (verb, {"from"})]
    for holder, preps in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in preps and prep.i > noun.i:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return prep, pobj
    return None


ADJECTIVE_PREPS = {"of", "about", "on", "over", "with", "that", "toward", "towards"}


def adjective_candidates(ctx: SegmentContext) -> list[Candidate]:
    """A stance adjective after a copula and its complement: "Republicans have been critical
    of the deal", "she is confident that the bill will pass", "he was willing to talk"."""
    doc = ctx.doc
    found: list[Candidate] = []
    for token in ctx.tokens:
        entry = ctx.lexicon.adjectives.get(token.lemma_.lower())
        if entry is None or token.pos_ != "ADJ" or token.dep_ not in {"acomp", "oprd"}:
            continue
        if ctx.quote_of_token[token.i] >= 0:
            continue
        content: tuple[int, int] | None = None
        cue_end = token.i + 1
        for child in token.children:
            if child.i < token.i:
                continue
            if child.dep_ in {"ccomp", "xcomp"}:
                content = subtree_span(child)
                break
            if child.dep_ == "prep" and child.lower_ in ADJECTIVE_PREPS:
                pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
                if pobj is not None:
                    content, cue_end = subtree_span(pobj), child.i + 1
                    break
        if content is None:
            continue
        start, end = _trim(doc, content[0], content[1])
        start, end = clip_to_line(doc, start, end, token.i)
        if end <= start:
            continue
        subject = subject_of(token.head) if token.head.pos_ in {"VERB", "AUX"} else None
        cue = (token.i, cue_end)
        exclude = set(range(start, end)) | set(range(cue[0], cue[1]))
        found.append(
            Candidate(
                cue=cue, cue_head=token.i, content=char_span(doc[start:end]),
                rule="adjective",
                speaker=speaker_tokens(subject, exclude)
                if subject is not None and subject.i not in exclude else None,
                lean=entry.lean,
            )
        )
    return found


MAX_HEADLINE_NAME = 6  # tokens of the name before a headline's colon


def headline_candidates(ctx: SegmentContext) -> list[Candidate]:
    """A line "John McCain: Populist Anger Appeals to ..." reports its speaker's words with
    only a colon for a cue (headlines and subheads); the name is the speaker and the rest of
    the line the content. A quotation right after the colon is the orphan rule's."""
    doc = ctx.doc
    found: list[Candidate] = []
    for token in ctx.tokens:
        if token.text != ":" or ctx.quote_of_token[token.i] >= 0:
            continue
        line_start, line_end = line_bounds(doc, token.i)
        name = [t for t in doc[line_start : token.i] if not t.is_space]
        if not name or len(name) > MAX_HEADLINE_NAME or name[0].i != line_start:
            continue
        if not all(t.is_title or t.is_upper or t.pos_ == "PROPN" or t.is_punct for t in name):
            continue  # "He said:" — no name before the colon
        # The small tagger often reads a lone name opening a text as a noun or adjective
        # ("Sanders: Clinton Email Story Has Moved"); "Poll:" speaks as well.
        named = any(t.pos_ == "PROPN" or t.ent_type_ for t in name)
        if not named and name[-1].pos_ not in {"NOUN", "ADJ"}:
            continue  # "Thus:", "However:"
        start, end = _trim_line(doc, token.i + 1, line_end)
        if end <= start and line_end < len(doc):
            # A transcript: "MATTHEWS:" alone on its line, the words on the next one.
            start, end = _trim_line(doc, *line_bounds(doc, line_end))
            if any(t.text == ":" for t in doc[start : min(end, start + MAX_HEADLINE_NAME + 1)]):
                continue  # the next line is the next speaker's
        if end - start < 3:
            continue
        holder = ctx.quote_of_token[start]
        if holder >= 0 and ctx.quotes[holder] in ctx.statements:
            continue
        found.append(
            Candidate(
                cue=(token.i, token.i + 1), cue_head=token.i,
                content=char_span(doc[start:end]), rule="headline",
                speaker=(name[0].i, name[-1].i + 1),
            )
        )
    return found


def _trim_line(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A line's words without its edge punctuation (``_trim``) and its closing line break."""
    start, end = _trim(doc, start, end)
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def noun_candidates(ctx: SegmentContext) -> list[Candidate]:
    """Reporting nouns: "the statement by a diplomat that Beijing cannot afford ...,
    allegedly made by Wang Yi"; "Wang's claim that ..."; "criticism of the deal"."""
    doc = ctx.doc
    found: list[Candidate] = []
    for token in ctx.tokens:
        if token.pos_ != "NOUN":
            continue
        lowered = token.lower_
        lemma = token.lemma_.lower()
        known = lowered in ctx.lexicon.nouns
        if not known and lemma not in ctx.cue_nouns:
            continue
        if ctx.quote_of_token[token.i] >= 0:
            continue
        content, rule, cue_end = _noun_content(token)
        if content is None:
            continue
        start, end = content
        speaker_head = _noun_speaker(token)
        authored = speaker_head is not None and speaker_head.head.dep_ == "agent" and (
            speaker_head.head.head.dep_ == "acl"
        )
        exclude = set(range(start, end)) | set(range(token.i, cue_end))
        if speaker_head is not None and speaker_head.i in exclude:
            speaker_head = None
        found.append(
            Candidate(
                cue=(token.i, cue_end),
                cue_head=token.i,
                content=char_span(doc[start:end]),
                rule=rule,
                speaker=speaker_tokens(speaker_head, exclude) if speaker_head is not None
                else None,
                lean=ctx.lexicon.nouns[lowered].lean if known else "neutral",
                authored=authored and rule == "noun",
            )
        )
    return found


def _noun_content(noun: Token) -> tuple[tuple[int, int] | None, str, int]:
    """A that-clause ("the claim that ..."), else an object ("criticism of the deal",
    "the decision not to fund ...")."""
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp", "appos"} and child.i > noun.i and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in child.children
        ):
            return subtree_span(child), "noun", noun.i + 1
    for child in noun.children:
        if child.dep_ == "prep" and child.i == noun.i + 1 and child.lower_ in NOUN_PREPS:
            if child.lower_ == "with" and noun.lemma_.lower() in MEETING_NOUNS:
                continue  # "holds talks with Ukraine's president": whom, not what
            pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                return subtree_span(pobj), "noun_object", child.i + 1
        if child.dep_ in {"acl", "relcl"} and child.i > noun.i and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return subtree_span(child), "noun_object", noun.i + 1
    return None, "", noun.i + 1


# Nouns whose "with" names a partner, not what is said: "holds talks with X".
MEETING_NOUNS = frozenset({"talk", "meeting", "negotiation", "conversation", "call", "discussion",
                           "consultation", "dialogue", "exchange"})


# Verbs whose object is what someone else said: "rejected accusations that ...".
ANSWERING_VERBS = frozenset({"reject", "deny", "dismiss", "refute", "rebut", "deflect", "counter",
                             "answer", "disprove", "debunk"})


# Verbs whose subject makes others hold a belief, so holds none itself: "These remarks
# reinforce the view that ...", "The leak sparked fears that ...", "fuelled speculation that".
# Not "raise" or "support": "Senators raised concerns that ..." voices them, and "Most
# economists support the view that ..." holds it.
INFLUENCING_VERBS = frozenset({"reinforce", "strengthen", "bolster", "cement", "deepen", "fuel",
                               "feed", "spark", "stoke", "trigger", "prompt", "heighten",
                               "revive", "undermine", "weaken", "dispel", "allay", "ease",
                               "confirm", "vindicate", "validate"})


def answers_another(noun: Token) -> bool:
    """Whether a reporting noun is the object of a verb answering it ("Wang rejected
    accusations that ...": the accusations are someone else's)."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in ANSWERING_VERBS


def held_by_others(noun: Token) -> bool:
    """Whether a belief noun is the object of a verb that brings it about in others ("The
    remarks reinforce the view that ...": the remarks hold no view)."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in INFLUENCING_VERBS


def _noun_speaker(noun: Token) -> Token | None:
    """Who made the statement: "made by X" beats "by X", which beats "X's"."""
    by_prep: Token | None = None
    possessor: Token | None = None
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_.lower() in AUTHORING_VERBS:
            for agent in child.children:
                if agent.dep_ == "agent":
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
        elif child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
            by_prep = next((c for c in child.children if c.dep_ == "pobj"), by_prep)
        elif child.dep_ == "poss":
            possessor = child
    found = by_prep or possessor
    if found is None and noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"} and (
        not answers_another(noun) and not held_by_others(noun)
    ):
        # "many Americans have the feeling that ...", "Republicans voiced criticism of ..." —
        # but "Wang rejected accusations that ..." answers someone else's accusations.
        found = subject_of(noun.head)
    if found is None and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and (
        noun.head.head.pos_ in {"VERB", "AUX"}
    ):
        # "the campaign is making its biggest buy, with plans to spend ...",
        # "Cruz weighed in on allegations against ..."
        found = subject_of(noun.head.head)
    return found
