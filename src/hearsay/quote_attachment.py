"""Tie quotations to the cues that introduce them, and assemble a segment's candidates.

A quotation belongs to the cue whose content it overlaps ("“...,” Li was quoted as saying"),
else to the nearest cue outside it in the same sentence ("“...,” wrote Brian Hart, a fellow
...", "“...,” he said, “...”"), else it continues the previous direct quote when nothing but
that quote's own cue stands between them ("“...,” Clinton said on Thursday. “One, ...”").
A quotation nobody introduces is kept with no speaker or cue (the scorer decides).
"""

from __future__ import annotations

import bisect

from hearsay.attribution_rules import (
    CITING_LEMMAS,
    Candidate,
    SegmentContext,
    according_candidates,
    close_quotation,
    find_cue_verbs,
    is_source,
    noun_candidates,
    phrase_candidates,
    sentence_bounds,
    token_at,
    verb_candidate,
)
from hearsay.chains import STATEMENT_NOUNS, STATEMENT_VERBS
from hearsay.quotes import QuoteSpan
from hearsay.speakers import speaker_tokens, subject_of

# How far back a quotation may reach to continue an earlier speaker's quote.
CONTINUATION_CHARS = 600
MAX_NAME_TOKENS = 12  # a speaker's name and title before a colon
FAR = 200  # a host this far (in penalised characters) loses to a continuation
RULE_PRIORITY = {
    "quote": 7, "ccomp": 6, "according": 5, "parenthetical": 4, "colon": 3, "phrase": 2,
    "noun": 2, "object": 1, "noun_object": 1, "passive": 1, "orphan": 0,
}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _cue_chars(ctx: SegmentContext, cand: Candidate) -> tuple[int, int] | None:
    if cand.cue is None:
        return None
    first, last = ctx.doc[cand.cue[0]], ctx.doc[cand.cue[1] - 1]
    return first.idx, last.idx + len(last.text)


def _claim_overlapping_quotes(ctx: SegmentContext, cand: Candidate, claimed: set[int]) -> None:
    """Make a candidate direct or mixed when its content overlaps quoted statements."""
    inside: list[QuoteSpan] = []
    # Statements are in text order and do not overlap: start at the first that may reach in.
    first = bisect.bisect_left(ctx.statement_ends, cand.content[0] + 1)
    for index in range(first, len(ctx.statements)):
        quote = ctx.statements[index]
        if quote.inner_start >= cand.content[1]:
            break
        # Not exclusive: a nested report shares its quotation with the report around it.
        shared = _overlap(cand.content, (quote.inner_start, quote.inner_end))
        if shared <= 0:
            continue
        quote_len = max(1, quote.inner_end - quote.inner_start)
        content_len = max(1, cand.content[1] - cand.content[0])
        if shared >= 0.5 * quote_len or shared >= 0.5 * content_len:
            inside.append(quote)
            claimed.add(index)
    if not inside:
        return
    quoted = sum(q.end - q.start for q in inside)
    start = min(cand.content[0], inside[0].start)
    end = max(cand.content[1], inside[-1].end)
    lead = ctx.text[cand.content[0] : inside[0].start]
    tail = ctx.text[inside[-1].end : cand.content[1]]
    words_outside = any(ch.isalnum() for ch in lead + tail)
    if quoted >= 0.6 * (cand.content[1] - cand.content[0]) and cand.rule != "according" and (
        not words_outside
    ):
        # The parse reached into the quotation: the quotation itself is the content.
        start, end = inside[0].start, inside[-1].end
        cand.rule = "quote" if cand.rule in {"ccomp", "parenthetical", "object"} else cand.rule
    cand.content = (start, end)
    cand.quotes = inside
    cand.fragments = [(q.start, q.end) for q in inside]


def _sentence_of(ctx: SegmentContext, char: int) -> tuple[int, int]:
    doc = ctx.doc
    if not len(doc):
        return char, char
    start, end = sentence_bounds(doc[token_at(doc, char)])
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def _attach_quote(
    ctx: SegmentContext, quote: QuoteSpan, candidates: list[Candidate]
) -> Candidate | None:
    """The candidate that introduces ``quote``: a cue outside it in its own sentence(s)."""
    first = _sentence_of(ctx, quote.inner_start)
    last = _sentence_of(ctx, max(quote.inner_start, quote.inner_end - 1))
    # The sentence that ends right after the closing mark ("“...” he said.") counts too.
    after = _sentence_of(ctx, min(len(ctx.text) - 1, quote.end + 1))
    window = (min(first[0], last[0]), max(last[1], after[1] if after[0] <= quote.end + 2 else 0))
    best: Candidate | None = None
    best_distance = 10**9
    for cand in candidates:
        cue = _cue_chars(ctx, cand)
        if cue is None or not (window[0] <= cue[0] < window[1]):
            continue
        if quote.start <= cue[0] < quote.end:
            continue
        between = ctx.text[cue[1] : quote.start] if cue[1] <= quote.start else ctx.text[
            quote.end : cue[0]]
        if "\n" in between and not between.rstrip().endswith(":"):
            continue  # a paragraph break stands between: a continuation, if anything
        distance = quote.start - cue[1] if cue[1] <= quote.start else cue[0] - quote.end
        # A cue whose own content is elsewhere ("says" with a clause of its own) is a poor host.
        if cand.quotes and _overlap(cand.content, (quote.start, quote.end)) == 0:
            distance += 40
        elif not cand.quotes and cand.rule in {"ccomp", "according", "parenthetical"}:
            distance += 200
        elif cand.rule == "bare":
            distance -= 5  # a cue with nothing else to report is the likeliest host
        if distance < best_distance:
            best, best_distance = cand, distance
    if best is not None and best_distance >= FAR:
        return None  # only a cue with a content of its own: leave it to the continuation
    return best


def _last_speaker(
    ctx: SegmentContext, quote: QuoteSpan, candidates: list[Candidate]
) -> tuple[int, int] | None:
    """For a quotation nobody introduces: the speaker of the report just before it, when
    that report is in the same or the previous paragraph (the reporter's "She went on: ...")."""
    before = [c for c in candidates if c.speaker is not None and c.content[1] <= quote.start
              and c.cue is not None]
    if not before:
        return None
    last = max(before, key=lambda c: c.content[1])
    between = ctx.text[last.content[1] : quote.start]
    if between.count("\n\n") + between.count("\n") > 2 or len(between) > CONTINUATION_CHARS:
        return None
    return last.speaker


def _colon_speaker(ctx: SegmentContext, quote: QuoteSpan) -> tuple[int, int] | None:
    """ "Michael Brell, a pollster: “At long last ...”" — a name (no verb) and a colon right
    before a quotation nobody else introduces: the name is the speaker."""
    doc = ctx.doc
    colon = _colon_before(ctx, quote)
    if colon is None:
        return None
    start = colon
    while start > 0 and colon - start < MAX_NAME_TOKENS and not (
        doc[start - 1].text in {".", ":", ";", "!", "?", "”", '"', "—", "–", "-", "]"}
        or "\n" in doc[start - 1].text_with_ws
    ):
        start -= 1
    words = doc[start:colon]
    if not len(words) or colon - start >= MAX_NAME_TOKENS:
        return None  # no boundary within reach: a sentence, not a name
    if any(t.pos_ in {"VERB", "AUX"} and not t.is_title for t in words) or not any(
        t.pos_ in {"PROPN", "NOUN"} for t in words
    ):
        return None  # "He said:" is the colon rule's; "Thus:" names nobody
    return start, colon


def _colon_before(ctx: SegmentContext, quote: QuoteSpan) -> int | None:
    """The token index of a colon right before the quotation ("...: “"), if there is one."""
    doc = ctx.doc
    colon = token_at(doc, quote.start) - 1
    while colon >= 0 and doc[colon].is_space:
        colon -= 1
    if colon <= 0 or doc[colon].text != ":" or doc[colon].idx + 1 < quote.start - 3:
        return None
    return colon


def _verb_colon_candidate(ctx: SegmentContext, quote: QuoteSpan) -> Candidate | None:
    """ "the Christie supporter retorted: “...”" — any verb with a subject, then a colon, right
    before a quotation introduces it, whether or not the lexicon knows the verb (else the
    quotation would pass for a continuation of an earlier speaker's)."""
    doc = ctx.doc
    colon = _colon_before(ctx, quote)
    if colon is None:
        return None
    verb = doc[colon - 1]
    if verb.pos_ != "VERB" or ctx.quote_of_token[verb.i] >= 0:
        return None
    subject = subject_of(verb)
    if subject is None or subject.i >= verb.i:
        return None
    return Candidate(
        cue=(verb.i, verb.i + 1), cue_head=verb.i, content=(quote.start, quote.end),
        rule="quote", speaker=speaker_tokens(subject, {verb.i}), quotes=[quote],
        fragments=[(quote.start, quote.end)], lean=ctx.lexicon.lean_of(verb.text, verb.lemma_),
    )


def _extend(cand: Candidate, quote: QuoteSpan) -> None:
    cand.content = (min(cand.content[0], quote.start), max(cand.content[1], quote.end))
    cand.quotes = sorted([*cand.quotes, quote], key=lambda q: q.start)
    cand.fragments = sorted([*cand.fragments, (quote.start, quote.end)])


def _continuation_host(
    ctx: SegmentContext, quote: QuoteSpan, candidates: list[Candidate]
) -> Candidate | None:
    """The earlier direct quote this one continues, if only its own cue stands between."""
    before = [c for c in candidates if c.quotes and c.content[1] <= quote.start]
    if not before:
        return None
    host = max(before, key=lambda c: c.content[1])
    if quote.start - host.content[1] > CONTINUATION_CHARS:
        return None
    host_cue = _cue_chars(ctx, host)
    host_sentence = _sentence_of(ctx, host_cue[0]) if host_cue else None
    for cand in candidates:
        cue = _cue_chars(ctx, cand)
        if cand is host or not cue or not (host.content[1] <= cue[0] < quote.start):
            continue
        if host_sentence and host_sentence[0] <= cue[0] < host_sentence[1]:
            continue  # "..., said a strategist, speaking on condition of anonymity."
        return None
    return host


def segment_candidates(ctx: SegmentContext) -> list[Candidate]:
    """Every candidate attribution of a segment, quotations attached, duplicates merged."""
    candidates: list[Candidate] = []
    for verb in find_cue_verbs(ctx):
        cand = verb_candidate(verb, ctx)
        if cand is not None:
            candidates.append(cand)
    candidates.extend(according_candidates(ctx))
    candidates.extend(phrase_candidates(ctx))
    candidates.extend(noun_candidates(ctx))
    candidates = _without_received_cues(candidates)
    candidates.sort(key=lambda c: c.content[0])

    claimed: set[int] = set()
    for cand in candidates:
        _claim_overlapping_quotes(ctx, cand, claimed)
    for index, quote in enumerate(ctx.statements):
        if index in claimed:
            continue
        host = _attach_quote(ctx, quote, candidates)
        if host is not None:
            if not host.quotes and host.rule in {"object", "colon", "bare"}:
                host.content, host.quotes, host.fragments = (quote.start, quote.end), [], []
                host.rule = "quote"
            _extend(host, quote)
            continue
        introduced = _verb_colon_candidate(ctx, quote)
        if introduced is not None:
            candidates.append(introduced)
            continue
        host = _continuation_host(ctx, quote, candidates)
        if host is not None:
            _extend(host, quote)
            continue
        orphan = Candidate(cue=None, cue_head=None, content=(quote.start, quote.end),
                           rule="orphan", quotes=[quote], fragments=[(quote.start, quote.end)],
                           speaker=_colon_speaker(ctx, quote)
                           or _last_speaker(ctx, quote, candidates))
        candidates.append(orphan)
    candidates = [c for c in _drop_citing_links(ctx, candidates) if c.rule != "bare"]
    for cand in candidates:
        if not cand.quotes:
            cand.content = close_quotation(ctx.text, *cand.content)
    candidates.sort(key=lambda c: c.content[0])
    _cut_trailing_according(ctx, candidates)
    return _merge_duplicates(ctx, candidates)


def _without_received_cues(candidates: list[Candidate]) -> list[Candidate]:
    """ "has drawn criticism from X" is X's reaction to the subject: not the subject's own
    report of "criticism from X", nor a report about X ("the support of women")."""
    spans = [c.cue for c in candidates if c.rule == "received" and c.cue is not None]
    return [c for c in candidates if c.rule == "received" or c.cue_head is None
            or not any(start <= c.cue_head < end for start, end in spans)]


def _drop_citing_links(ctx: SegmentContext, candidates: list[Candidate]) -> list[Candidate]:
    """ "citing its own sources" is a link of another report's chain, and "made this
    statement" describes an earlier one: neither is a report of its own."""
    doc = ctx.doc
    cited_heads = {c.cited for c in candidates if c.cited is not None}
    kept = []
    for cand in candidates:
        if cand.cue_head is not None and cand.rule == "object":
            head = doc[cand.cue_head]
            lemma = head.lemma_.lower()
            if lemma in CITING_LEMMAS and any(
                start <= cand.cue_head + 1 <= end for start, end in cited_heads
            ):
                continue
            cited = next((c for c in head.children if c.dep_ == "dobj"), None)
            if lemma in CITING_LEMMAS and head.tag_ == "VBG" and cited is not None and (
                not is_source(cited)
            ):
                continue  # "..., citing low economic growth, ...": a reason, not a report
            if lemma in STATEMENT_VERBS and any(
                c.dep_ == "dobj" and c.lower_ in STATEMENT_NOUNS for c in head.children
            ):
                continue
        kept.append(cand)
    return kept


def _cut_trailing_according(ctx: SegmentContext, candidates: list[Candidate]) -> None:
    """ "Li criticized sanctions ..., according to Xinhua": the according-phrase closes the
    sentence, so it is not part of what Li criticized."""
    sources = [s for s in candidates if s.rule == "according" and s.cue is not None]
    if not sources:
        return
    grid = _Grid()
    for cand in candidates:
        grid.add(cand)
    for source in sources:
        cue = _cue_chars(ctx, source)
        if cue is None:
            continue
        for cand in grid.containing(cue[0]):
            if cand is source or cand.quotes or not (cand.content[0] < cue[0] < cand.content[1]):
                continue
            if cue[0] - cand.content[0] > 0.5 * (cand.content[1] - cand.content[0]):
                end = cue[0]
                while end > cand.content[0] and not ctx.text[end - 1].isalnum() and \
                        ctx.text[end - 1] not in "”\"’)":
                    end -= 1
                cand.content = (cand.content[0], end)


def _merge_duplicates(ctx: SegmentContext, candidates: list[Candidate]) -> list[Candidate]:
    """Two cues over (nearly) the same content are one attribution: keep the stronger rule.

    A cue inside another candidate's content is not a duplicate but a nested report
    ("According to X, Li assured them that ..."): it is linked as a child instead.
    """
    kept: list[Candidate] = []
    cues = {id(c): _cue_chars(ctx, c) for c in candidates}
    grid = _Grid()
    for cand in sorted(candidates, key=lambda c: -RULE_PRIORITY.get(c.rule, 0)):
        cue = cues[id(cand)]
        duplicate = False
        for other in grid.overlapping(cand.content):
            other_cue = cues[id(other)]
            nested = (cue and other.content[0] <= cue[0] < other.content[1]) or (
                other_cue and cand.content[0] <= other_cue[0] < cand.content[1]
            )
            if nested:
                continue
            shared = _overlap(cand.content, other.content)
            if shared >= 0.5 * (cand.content[1] - cand.content[0]) or shared >= 0.5 * (
                other.content[1] - other.content[0]
            ):
                duplicate = True
                if other.speaker is None and cand.speaker is not None:
                    other.speaker = cand.speaker
                break
        if not duplicate:
            kept.append(cand)
            grid.add(cand)
    kept.sort(key=lambda c: c.content[0])
    link_parents(ctx, kept)
    return kept


class _Grid:
    """Candidates by the stretches of text their content covers, so that finding the ones
    that overlap a span costs the neighbourhood, not the whole document."""

    block = 1000

    def __init__(self) -> None:
        self.cells: dict[int, list[Candidate]] = {}

    def add(self, cand: Candidate) -> None:
        start, end = cand.content
        for cell in range(start // self.block, max(start, end - 1) // self.block + 1):
            self.cells.setdefault(cell, []).append(cand)

    def overlapping(self, span: tuple[int, int]) -> list[Candidate]:
        found: dict[int, Candidate] = {}
        start, end = span
        for cell in range(start // self.block, max(start, end - 1) // self.block + 1):
            for cand in self.cells.get(cell, ()):
                if cand.content[0] < max(end, start + 1) and start < cand.content[1]:
                    found[id(cand)] = cand
        return list(found.values())

    def containing(self, position: int) -> list[Candidate]:
        return [c for c in self.cells.get(position // self.block, ())
                if c.content[0] <= position < c.content[1]]


def link_parents(ctx: SegmentContext, candidates: list[Candidate]) -> None:
    """A candidate whose cue lies in another's content is reported by it (the innermost)."""
    grid = _Grid()
    index_of: dict[int, int] = {}
    for index, cand in enumerate(candidates):
        grid.add(cand)
        index_of[id(cand)] = index
    for index, cand in enumerate(candidates):
        cand.parent = None
        cue = None if cand.cue is None else (ctx.doc[cand.cue[0]].idx, 0)
        if cue is None:
            continue
        best: int | None = None
        for other in grid.containing(cue[0]):
            other_index = index_of[id(other)]
            if other_index == index:
                continue
            if best is None or (other.content[1] - other.content[0]) < (
                candidates[best].content[1] - candidates[best].content[0]
            ):
                best = other_index
        cand.parent = best
    # Two reports inside each other's content ("X said Y, according to Z"): the one with the
    # wider content is the outer one.
    for index, cand in enumerate(candidates):
        parent = cand.parent
        if parent is not None and candidates[parent].parent == index:
            outer, inner = (index, parent) if (
                cand.content[1] - cand.content[0]
                >= candidates[parent].content[1] - candidates[parent].content[0]
            ) else (parent, index)
            candidates[outer].parent = None
            candidates[inner].parent = outer
