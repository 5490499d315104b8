"""Where an indirect report's content ends: alternative extents for the scorer to choose from.

The rules in ``attribution_rules`` give each reported-speech candidate one content span read
off the parse. For indirect speech the parse often gets the extent wrong in a few regular
ways: "polls show Sanders within two points of Clinton" (the object alone is too short: the
content is the whole rest of the verb phrase); "criticism of the deal that ..." (the object's
relative clause is the reporter's, not the content); "the GOP must be a party of ideas, and
has championed ..." (a second clause joined to the report is the reporter's narration); "X
broke it, according to Y, who ..." (the content is the side of the sentence without the
source). Each function here proposes one such alternative; the trained scorer
(``attribution_model``) scores every alternative with the candidate's other features and
keeps the likeliest, so no alternative is trusted by itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hearsay.attribution_rules import (
    Candidate,
    SegmentContext,
    char_span,
    clip_to_line,
    sentence_bounds,
    tokens_between,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Rules whose content is read off the parse (quotations have marks that fix their extent).
VARIABLE_RULES = frozenset({
    "object", "ccomp", "noun_object", "parenthetical", "passive", "noun", "according",
})
TAIL_DEPS = frozenset({"prep", "relcl", "acl", "appos", "advcl"})  # a noun's postmodifiers


def extent_variants(cand: Candidate, ctx: SegmentContext) -> list[tuple[str, tuple[int, int]]]:
    """Alternative content spans (characters) of an indirect candidate, each with a name;
    the candidate's own span is not among them."""
    if cand.quotes or cand.rule not in VARIABLE_RULES or cand.cue_head is None:
        return []
    doc = ctx.doc
    first, last = tokens_between(doc, cand.content[0], cand.content[1])
    if last <= first:
        return []
    cue_head = doc[cand.cue_head]
    found: list[tuple[str, tuple[int, int]]] = []
    if cand.rule == "according":
        found += _according_sides(doc, cand, first, last)
    else:
        if cand.rule != "noun" and cue_head.pos_ in {"VERB", "AUX"}:
            cand.verb_phrase = _rest_of_phrase(doc, cand, cue_head)
            found += _named("rest", cand.verb_phrase)
        found += _named("core", _without_postmodifiers(doc, first, last))
        found += _named("clause", _first_clause(doc, first, last))
    seen = {cand.content}
    unique = []
    for name, span in found:
        if span[1] > span[0] and span not in seen:
            seen.add(span)
            unique.append((name, span))
    return unique


def _named(name: str, span: tuple[int, int] | None) -> list[tuple[str, tuple[int, int]]]:
    return [(name, span)] if span is not None else []


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    start, end = _trim_edges(doc, start, end)
    if end <= start:
        return None
    return char_span(doc[start:end])


def _trim_edges(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct or doc[start].is_space or
                           doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _rest_of_phrase(doc: Doc, cand: Candidate, verb: Token) -> tuple[int, int] | None:
    """Everything the cue verb governs after the cue, up to the end of its phrase: "show
    Sanders within two points of Clinton", "would let businesses write off investment"."""
    if cand.cue is None:
        return None
    start = cand.cue[1]
    if cand.rule == "ccomp" and cand.rule_content is not None:
        # The reported clause only grows to the right: what stands between the cue and the
        # clause ("citing its sources", the addressee) is the reporter's.
        start = max(start, tokens_between(doc, *cand.rule_content)[0])
    if cand.addressee is not None and cand.addressee[0] >= start:
        start = cand.addressee[1]  # "told EU diplomat Kaja Kallas that ...": not the addressee
    end = verb.right_edge.i + 1
    sent_start, sent_end = sentence_bounds(verb)
    end = min(end, sent_end)
    # Stop before a comma-set clause that closes the sentence ("..., said the spokesman").
    for i in range(start, end):
        token = doc[i]
        if token.text in {";", ":"} or (
            token.text == "," and i + 1 < end and doc[i + 1].head.i == verb.i
            and doc[i + 1].dep_ in {"cc", "advcl", "conj", "npadvmod"}
        ) or (token.dep_ == "cc" and token.head.i == verb.i):
            # "thanked Miami and said ...": the cue verb's own second predicate is not
            # part of what it reports.
            end = i
            break
        if token.head.i == verb.i and token.left_edge.i > start and (
            token.dep_ == "advcl" or _when(token)
        ):
            # "backed Clinton while about 6 in 10 white men supported Sanders", "announced
            # his candidacy after he won ..." / "in June 2015": when or why is the narration's.
            end = token.left_edge.i
            break
    if end <= start:
        return None
    start, end = clip_to_line(doc, start, end, start)
    return _chars(doc, start, end)


def _when(token: Token) -> bool:
    """A time adjunct of the verb: "in June 2015", "last week", "on Monday"."""
    if token.dep_ == "npadvmod":
        return token.ent_type_ in {"DATE", "TIME"}
    return token.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in token.children
    )


def _without_postmodifiers(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """The content's head phrase without its trailing prepositional phrases and relative
    clauses: "testimony from policy experts" → "testimony"."""
    span = doc[first:last]
    root = span.root
    if root.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    end = root.i + 1
    for child in root.children:
        if child.i > root.i and child.dep_ not in TAIL_DEPS and child.i < last:
            end = max(end, child.right_edge.i + 1)
    end = min(end, last)
    return _chars(doc, first, end)


def _first_clause(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """The content cut before a second clause joined to it ("..., and has championed ..."),
    or before a comma-set adjunct that closes it."""
    span = doc[first:last]
    root = span.root
    for child in root.children:
        if child.i <= root.i or child.i >= last:
            continue
        if child.dep_ == "cc" and child.i > first + 1:
            return _chars(doc, first, child.i)
        if child.dep_ in {"conj", "advcl", "prep", "npadvmod"} and doc[child.i - 1].text == ",":
            return _chars(doc, first, child.i - 1)
    return None


def _according_sides(
    doc: Doc, cand: Candidate, first: int, last: int
) -> list[tuple[str, tuple[int, int]]]:
    """The sentence on either side of the "according to" phrase."""
    if cand.cue is None:
        return []
    cue_start = cand.cue[0]
    sent_start, sent_end = sentence_bounds(doc[cue_start])
    phrase_end = cand.speaker[1] if cand.speaker is not None else cand.cue[1]
    # A colon or semicolon before the phrase starts what it is cited for ("...firms: London
    # was the capital, according to X").
    stops = [i for i in range(sent_start, cue_start) if doc[i].text in {":", ";"}]
    if stops:
        sent_start = stops[-1] + 1
    found: list[tuple[str, tuple[int, int]]] = []
    before = _chars(doc, *clip_to_line(doc, sent_start, cue_start, max(sent_start,
                                                                     cue_start - 1)))
    after = _chars(doc, *clip_to_line(doc, phrase_end, sent_end, phrase_end))
    found += _named("before", before)
    found += _named("after", after)
    return found


def extent_features(cand: Candidate, ctx: SegmentContext) -> list[str]:
    """What the current extent adds to or leaves out of the rule's own content, and of the
    cue verb's whole phrase, as the dependency labels of the phrases concerned ("added
    prep_within", "out xcomp")."""
    own = cand.rule_content
    if own is None or cand.quotes or cand.rule not in VARIABLE_RULES:
        return []
    doc = ctx.doc
    current = set(range(*tokens_between(doc, *cand.content)))
    feats: list[str] = []
    regions = [("added", current - set(range(*tokens_between(doc, *own)))),
               ("removed", set(range(*tokens_between(doc, *own))) - current)]
    if cand.rule not in {"according", "noun"} and cand.cue_head is not None and (
        doc[cand.cue_head].pos_ in {"VERB", "AUX"}
    ):
        phrase = cand.verb_phrase
        if phrase is not None:
            regions.append(("out", set(range(*tokens_between(doc, *phrase))) - current))
    for name, region in regions:
        if not region:
            continue
        feats.append(f"{name}_len={_size(len(region))}")
        if any(i != cand.cue_head and i in ctx.report_verbs for i in region):
            # "..., and when asked ..., he said, ''I hope not.''": another report.
            feats.append(f"{name}_report")
        for i in sorted(region):
            token = doc[i]
            if token.head.i in region and token.head.i != i:
                continue  # only the phrases' heads
            if token.is_punct:
                continue
            label = token.dep_
            if token.dep_ in {"prep", "mark", "cc", "agent"}:
                label += "_" + token.lower_
            feats.append(f"{name}_dep={label}")
            feats.append(f"{name}_dep_rule={label}_{cand.rule}")
            if token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"}:
                # "..., and he railed against ...": a new subject, often the reporter's
                # narration; none: the report's own subject goes on.
                feats.append(f"{name}_conj_subject={_subject_kind(token)}")
    return feats


def _subject_kind(verb: Token) -> str:
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return "none"
    if subject.pos_ == "PRON":
        return "pron"
    return "proper" if subject.pos_ == "PROPN" else "noun"


def _size(n: int) -> str:
    for limit in (1, 2, 4, 8, 16):
        if n <= limit:
            return str(limit)
    return "many"
