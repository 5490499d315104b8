"""The attributions stage: who said what, to whom, when, through which channel, via whom.

``attribute(parsed, mentions, cues)`` is a pure per-document function. Per segment, the rules
in ``attribution_rules``/``quote_attachment`` propose candidates from the dependency parse and
the quotation marks, the trained scorer (``attribution_model``) keeps the likely ones, and this
module turns them into :class:`~hearsay.models.Attribution` records in document offsets:
speakers resolved to entities (pronouns through the nearest earlier person), addressee,
channel, occasion and date, reporting chains and hedges (``chains``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hearsay import chains, circumstances
from hearsay.attribution_model import AttributionModel, load_model, score_candidates
from hearsay.attribution_rules import Candidate, SegmentContext, sentence_bounds, token_at
from hearsay.coref import pronoun_antecedent
from hearsay.cues import CueLexicon, load_cues
from hearsay.models import (
    Addressee,
    Attribution,
    Cue,
    Document,
    EntityMention,
    Speaker,
    TextSpan,
)
from hearsay.nesting import primary_readings
from hearsay.nlp import ParsedDocument, SegmentParse
from hearsay.quote_attachment import link_parents, segment_candidates
from hearsay.speaker_choice import choose_speakers
from hearsay.speakers import (
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    entity_id_of,
    is_anonymous,
    mention_for_span,
    resolve_pronoun,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["attribute", "attributions_in_text", "load_cues", "segment_attributions"]

logger = logging.getLogger(__name__)
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
NON_PERSON_PRONOUNS = frozenset({"it", "they"})  # resolved through the parse (coref)
STATEMENT_REACH = 8  # earlier attributions "this statement" may mean, from segments before


def attribute(
    parsed: ParsedDocument,
    mentions: list[EntityMention],
    cues: CueLexicon,
    model: AttributionModel | None = None,
) -> list[Attribution]:
    """Every attribution in one parsed document, in text order (``model``: the packaged
    scorer unless given, e.g. a cross-validation fold's)."""
    model = model or load_model()
    document = parsed.document
    found: list[Attribution] = []
    for parse in parsed.parses:
        try:
            found.extend(segment_attributions(
                parse, document.id, mentions, cues, model, document.published, earlier=found,
                before=circumstances.text_before(document, parse.segment)))
        except Exception:  # one bad segment must not cost the document its other quotes
            logger.exception("attributions: skipped segment %s of %s", parse.segment.id,
                             document.id)
    found.sort(key=lambda a: (a.content.start, a.content.end))
    _first_person_authors(found, document)
    _resolve_pronouns(found, mentions, parsed.parses)
    circumstances.carry_circumstances(found)
    chains.fill_chains(found)
    chains.carry_chains(found)
    chains.conditional_hedges(document.text, found)
    return found


def segment_attributions(
    parse: SegmentParse,
    document_id: str,
    mentions: Sequence[EntityMention],
    cues: CueLexicon,
    model: AttributionModel | None = None,
    published: str | None = None,
    earlier: Sequence[Attribution] = (),
    before: str = "",
) -> list[Attribution]:
    """The attributions of one segment, in document offsets, parents linked (``earlier``:
    those of the segments before it, which "X made this statement" may point back to;
    ``before``: the running text ahead of the segment, where a date without a year finds
    its year when the document has no date)."""
    model = model or load_model()
    doc = parse.doc
    ctx = SegmentContext.build(doc, cues, model.cue_lemmas, model.cue_nouns, parse.offset)
    candidates = segment_candidates(ctx)
    score_candidates(candidates, ctx, model)
    for cand in candidates:
        if cand.authored or cand.announced:
            # "the claim that ..., made by X", "it was stated the following:": explicit
            # authorship and an announced report need no statistics.
            cand.score = max(cand.score, model.threshold)
    kept = [c for c in candidates if c.score >= model.threshold]
    link_parents(ctx, kept)
    choose_speakers(kept, ctx, model.speaker_weights)
    offset = parse.offset
    built: list[Attribution] = []
    for cand in kept:
        built.append(_to_attribution(cand, ctx, parse, document_id, mentions, published,
                                     before))
    primary = primary_readings(kept, ctx, model.nesting_weights)
    for index, (cand, attribution) in enumerate(zip(kept, built, strict=True)):
        attribution.primary = index in primary
        if cand.parent is not None:
            attribution.parent_id = built[cand.parent].id
        if cand.cited is not None:
            # "X reported, citing Y, ...": the content came from Y through X.
            link = chains.chain_link(attribution)
            cited = _speaker(doc, cand.cited, offset, mentions)
            if link is not None:
                attribution.via.append(link)
            attribution.speaker = cited

    def describe(verb: Token) -> tuple[str | None, str | None, object, object]:
        occasion, preposition = circumstances.occasion_of(verb, (0, 0), cues.words)
        addressee = None
        partner = circumstances.occasion_partner(preposition) if preposition else None
        if partner is not None:
            a_start, a_end = partner.start_char + offset, partner.end_char + offset
            mention = mention_for_span(mentions, a_start, a_end)
            addressee = Addressee(text=partner.text, start=a_start, end=a_end,
                                  entity_id=entity_id_of(mention) if mention else None)
        date = circumstances.date_of(verb, (0, 0), published, before, ctx.text)
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        speaker = None
        if subject is not None:
            from hearsay.speakers import speaker_tokens

            speaker = _speaker(doc, speaker_tokens(subject, {verb.i}), offset, mentions)
        return occasion, date, addressee, speaker

    # "The Post reported that Wang made this statement ..." may open the next paragraph.
    chains.statement_reports([*earlier[-STATEMENT_REACH:], *built], doc, offset, describe)
    return built


def _to_attribution(
    cand: Candidate,
    ctx: SegmentContext,
    parse: SegmentParse,
    document_id: str,
    mentions: Sequence[EntityMention],
    published: str | None,
    before: str = "",
) -> Attribution:
    doc = ctx.doc
    offset = parse.offset
    start, end = cand.content
    content = TextSpan(text=ctx.text[start:end], start=start + offset, end=end + offset)
    cue: Cue | None = None
    channel = occasion = date = None
    addressee: Addressee | None = None
    if cand.cue is not None and cand.cue_head is not None:
        span = doc[cand.cue[0] : cand.cue[1]]
        head = doc[cand.cue_head]
        cue = Cue(text=span.text, start=span.start_char + offset, end=span.end_char + offset,
                  lean=cand.lean, negated=_negated(head))
        addressee_span = doc[cand.addressee[0] : cand.addressee[1]] if cand.addressee else None
        if addressee_span is not None and len(addressee_span):
            a_start, a_end = addressee_span.start_char + offset, addressee_span.end_char + offset
            mention = mention_for_span(mentions, a_start, a_end)
            addressee = Addressee(text=addressee_span.text, start=a_start, end=a_end,
                                  entity_id=entity_id_of(mention) if mention else None)
        channel = circumstances.channel_of(head, cand.content, addressee_span, ctx.lexicon.words)
        occasion, _ = circumstances.occasion_of(head, cand.content, ctx.lexicon.words)
        date = circumstances.date_of(head, cand.content, published, before, ctx.text)
    speaker = _speaker(doc, cand.speaker, offset, mentions) if cand.speaker else None
    fragments = []
    if len(cand.fragments) > 1 and (cand.kind == "direct" or (
        cand.rule == "parenthetical" and not cand.quotes
    )):
        fragments = [TextSpan(text=ctx.text[a:b], start=a + offset, end=b + offset)
                     for a, b in cand.fragments]
    attribution = Attribution(
        id=Attribution.make_id(document_id, content.start, content.end),
        document_id=document_id,
        kind=cand.kind,  # type: ignore[arg-type]
        speaker=speaker,
        cue=cue,
        addressee=addressee,
        content=content,
        fragments=fragments,
        date=date,
        occasion=occasion,
        channel=channel,
        segment_id=parse.segment.id,
        confidence=round(cand.score, 3),
    )
    sentence = _sentence_chars(doc, cand)
    attribution.hedges = chains.attribution_hedges(
        ctx.text, _local(attribution, offset), sentence, ctx.lexicon.words
    )
    for hedge in attribution.hedges:
        hedge.start += offset
        hedge.end += offset
    return attribution


REFUSALS = frozenset({"refuse", "decline", "fail"})
CONTRASTING = frozenset({"but", "yet"})  # "not X but Y" says Y


def _negated(cue_head: Token) -> bool:
    """ "have not admitted that ...", and "have not endorsed X, or admitted that ..." (the
    negation of the first of two joined verbs covers the second) — but not across "but": "did
    not deny the report but said that ...", "not because it backs X, but because it fears Y"."""
    if any(c.dep_ == "neg" for c in cue_head.children):
        return True
    if cue_head.dep_ == "conj" and any(c.dep_ == "neg" for c in cue_head.head.children) and not any(
        c.dep_ == "cc" and c.lower_ in CONTRASTING and cue_head.head.i < c.i < cue_head.i
        for c in cue_head.head.children
    ):
        return True
    # "has refused to condemn the invasion or even refer to it as a war": neither was said.
    verb = cue_head.head if cue_head.dep_ == "conj" else cue_head
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSALS


def _local(attribution: Attribution, offset: int) -> Attribution:
    """A copy of the attribution in segment offsets (for searching the segment's text)."""
    content = TextSpan(text=attribution.content.text, start=attribution.content.start - offset,
                       end=attribution.content.end - offset)
    return attribution.model_copy(update={"content": content})


def _sentence_chars(doc: Doc, cand: Candidate) -> tuple[int, int]:
    if not len(doc):
        return cand.content
    anchor = cand.cue_head if cand.cue_head is not None else token_at(doc, cand.content[0])
    first, last = sentence_bounds(doc[anchor])
    if cand.speaker is not None:
        first = min(first, sentence_bounds(doc[cand.speaker[0]])[0])
    end_token = doc[last - 1]
    return doc[first].idx, end_token.idx + len(end_token.text)


def _speaker(
    doc: Doc, tokens: tuple[int, int], offset: int, mentions: Sequence[EntityMention]
) -> Speaker:
    span = doc[tokens[0] : tokens[1]]
    start, end = span.start_char + offset, span.end_char + offset
    words = [t.text for t in span]
    lowered = span.text.lower()
    root = span.root
    if lowered in RELATIVE_PRONOUNS and root.dep_ != "relcl" and root.head.dep_ == "relcl":
        # "Brands, who wrote ...": the speaker is the relative pronoun's antecedent.
        antecedent = root.head.head
        mention = mention_for_span(mentions, antecedent.left_edge.idx + offset,
                                   antecedent.idx + len(antecedent.text) + offset)
    else:
        mention = mention_for_span(mentions, start, end)
    entity_id = None
    if mention is not None and lowered not in PERSON_PRONOUNS | GROUP_PRONOUNS and (
        not _modifier_only(root, mention, offset)
    ):
        entity_id = entity_id_of(mention)
    anonymous = mention is None and is_anonymous(words) or (
        mention is not None and any(w.lower() in {"unnamed", "anonymous", "informed"}
                                    for w in words)
    )
    return Speaker(text=span.text, start=start, end=end, entity_id=entity_id,
                   anonymous=anonymous)


def _modifier_only(root: Token, mention: EntityMention, offset: int) -> bool:
    """Whether the speaker's entity mention only describes it: "Paris and Berlin" (two
    speakers, not Paris), "a senior French official", "German officials" (a nationality is
    not a speaker), "France's foreign minister" (a person, not France), "New York newspaper
    journalists". "France's leaders", "US officials" and "a statement from the Bundestag" still
    stand for France, the US and the Bundestag."""
    if any(c.dep_ == "conj" for c in root.children):
        return True
    if root.pos_ != "NOUN" or mention.end > root.idx + offset:
        return False
    if mention.type == "NORP":
        return True
    direct = [c for c in root.lefts if mention.start <= c.idx + offset < mention.end]
    if not direct:
        return True  # "New York newspaper journalists": the name describes the paper
    return root.tag_ == "NN" and any(c.dep_ == "poss" for c in direct)


def _first_person_authors(found: list[Attribution], document: Document) -> None:
    """ "I suspect that ..." in a comment whose author the page names: the speaker is them."""
    authors = {s.id: s.author for s in document.segments if s.author}
    if not authors:
        return
    for attribution in found:
        speaker = attribution.speaker
        if speaker is not None and speaker.text.lower() in FIRST_PERSON:
            speaker.author = authors.get(attribution.segment_id or "")


def _resolve_pronouns(
    found: list[Attribution], mentions: Sequence[EntityMention], parses: Sequence[SegmentParse]
) -> None:
    """ "he added" → the nearest earlier person, named speakers first; "it" / "they" → the
    subject of a clause before them (``coref.pronoun_antecedent``)."""
    resolved: list[Speaker] = []
    quoted = [(a.content.start, a.content.end) for a in found if a.kind != "indirect"]
    for attribution in sorted(found, key=lambda a: a.speaker.start if a.speaker else -1):
        speaker = attribution.speaker
        if speaker is None:
            continue
        lowered = speaker.text.lower()
        if speaker.entity_id is None and lowered in NON_PERSON_PRONOUNS:
            mention = _antecedent(speaker, mentions, parses, quoted)
            speaker.entity_id = entity_id_of(mention) if mention is not None else None
        elif speaker.entity_id is None and (
            lowered in PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS
        ):
            speaker.entity_id = resolve_pronoun(
                "he" if lowered in RELATIVE_PRONOUNS else lowered, speaker.start, mentions,
                resolved, quoted,
            )
        resolved.append(speaker)


def _antecedent(
    speaker: Speaker,
    mentions: Sequence[EntityMention],
    parses: Sequence[SegmentParse],
    quoted: Sequence[tuple[int, int]],
) -> EntityMention | None:
    for parse in parses:
        if parse.offset <= speaker.start < parse.offset + len(parse.doc.text):
            token = parse.doc.char_span(speaker.start - parse.offset, speaker.end - parse.offset)
            if token is None or len(token) != 1:
                return None
            return pronoun_antecedent(parse, token[0].i, mentions, quoted)
    return None


def attributions_in_text(text: str) -> list[Attribution]:
    """Who said what in a bare string (the ``hearsay.attributions`` API)."""
    from hearsay.entities import extract_mentions, load_aliases
    from hearsay.nlp import parse_text
    from hearsay.settings import Settings

    settings = Settings()
    parsed = parse_text(text, settings)
    mentions = extract_mentions(parsed, load_aliases(settings))
    return attribute(parsed, mentions, load_cues(settings))
