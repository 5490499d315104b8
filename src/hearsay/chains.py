"""Reporting chains and hedges across a document's attributions.

- A report inside another report's content is reported *by* it: "According to a statement from
  the State Duma, Li assured its members that ..." gives Li's statement the parent "according
  to" attribution and the chain ``via`` [State Duma]. A chain is the parent's own chain plus the
  parent's speaker, outermost first.
- "X reported, citing Y, that ..." puts Y after X: the content came from Y through X.
- "X made this statement during a meeting with Z on DATE", inside a report, points back at the
  earlier statement: that statement gets the report as its parent, its speaker, occasion,
  addressee and date from the clause.
- Hedges on an attribution: "reportedly", "allegedly made by", and a conditional on the report
  in the next sentences ("if this report is not a canard").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hearsay.cues import AttributionWords, attribution_words
from hearsay.models import Attribution, ChainLink, Hedge, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# "if this report is not a canard", "if the reports are true", "if confirmed"
CONDITIONAL_HEDGE = re.compile(
    r"\b[Ii]f (?:(?:this|the|these|that|such) (?:report|reports|information|account|accounts|"
    r"claim|claims|story|stories|statement|news)\b[^.;:!?]*?(?=[,.;:!?]|\bthen\b)|"
    r"(?:true|confirmed|accurate|correct)\b)"
)
STATEMENT_NOUNS = frozenset({
    "statement", "statements", "remark", "remarks", "comment", "comments", "claim", "claims",
    "assurance", "assurances", "declaration", "pledge", "admission", "threat", "warning",
})
STATEMENT_VERBS = frozenset({"make", "deliver", "issue", "give", "utter", "voice", "offer"})
# A nested speaker that may be the reporting speaker again, once resolved to the same entity.
SELF_PRONOUNS = frozenset({"he", "she", "it", "they"})
ANAPHORIC_DETERMINERS = frozenset({"this", "that", "these", "those", "the", "such"})


CARRY_CHARS = 600  # how far after a relayed statement its report may still be going on
# Cues that carry on a statement already reported: "Li was quoted as saying", "he added".
CARRYING_CUES = re.compile(r"\b(?:quoted|cited|added|adds|continued|continues|went on)\b",
                           re.IGNORECASE)


def chain_link(attribution: Attribution) -> ChainLink | None:
    speaker = attribution.speaker
    if speaker is None:
        return None
    return ChainLink(
        text=speaker.text,
        entity_id=speaker.entity_id,
        start=speaker.start,
        end=speaker.end,
        anonymous=speaker.anonymous,
    )


def chain_of(attribution: Attribution) -> list[ChainLink]:
    """Everyone the content passed through on its way to the page, ending with the speaker."""
    link = chain_link(attribution)
    return [*attribution.via, *([link] if link else [])]


def fill_chains(attributions: Sequence[Attribution]) -> None:
    """Give each attribution its parent's chain (parents first: the list is in nesting order)."""
    by_id = {a.id: a for a in attributions}
    done: set[str] = set()

    def visit(attribution: Attribution, path: frozenset[str] = frozenset()) -> None:
        if attribution.id in done or attribution.id in path:
            return
        parent = by_id.get(attribution.parent_id or "")
        if parent is not None and parent.id not in path:
            visit(parent, path | {attribution.id})
            chain = chain_of(parent)
            speaker = attribution.speaker
            if chain and speaker is not None and (
                chain[-1].text.split()[-1:] == speaker.text.split()[-1:]
                or (speaker.text.lower() in SELF_PRONOUNS and speaker.entity_id is not None
                    and chain[-1].entity_id == speaker.entity_id)
            ):
                # "Lind told Berg that Lind ...", "Lind has made clear she would like ...": not
                # Lind via Lind.
                chain = chain[:-1]
            attribution.via = [*chain, *attribution.via]
        done.add(attribution.id)

    for attribution in attributions:
        visit(attribution)


def carry_chains(attributions: Sequence[Attribution]) -> None:
    """ "According to a statement from the State Duma, Li assured its members that ... . Li
    was quoted as saying ..." — the next sentence goes on with the same report, so it gets
    the same parent and chain. Kept conservative: only a cue that carries on ("was quoted as
    saying", "added") by the same speaker (entity), close after, with no other speaker's
    statement in between. ``attributions`` are in text order."""
    last: Attribution | None = None  # the latest attribution, while its chain may carry on
    for attribution in attributions:
        speaker = attribution.speaker
        if last is not None and speaker is not None and last.speaker is not None:
            carried = (
                attribution.parent_id is None and not attribution.via
                and _same_speaker(speaker, last.speaker)
                and 0 <= attribution.content.start - last.content.end <= CARRY_CHARS
                and attribution.cue is not None
                and CARRYING_CUES.search(attribution.cue.text) is not None
            )
            if carried:
                attribution.parent_id = last.parent_id
                attribution.via = [link.model_copy() for link in last.via]
        if attribution.via and attribution.parent_id is not None:
            last = attribution
        elif last is not None and attribution.parent_id != last.parent_id and (
            attribution.content.start >= last.content.end
        ):
            last = None  # another report starts: the earlier chain stops here
    return


def _same_speaker(speaker: Speaker, earlier: Speaker) -> bool:
    """The same entity, or the same surname when the later mention was not recognised as an
    entity ("Lina Okafor ... Okafor was quoted")."""
    if speaker.entity_id is not None and earlier.entity_id is not None:
        return speaker.entity_id == earlier.entity_id
    words, earlier_words = speaker.text.split(), earlier.text.split()
    return len(words) == 1 and words[0][:1].isupper() and bool(earlier_words) and (
        words[0] == earlier_words[-1]
    )


def statement_reports(
    attributions: list[Attribution],
    doc: Doc,
    offset: int,
    describe: Callable[[Token], tuple[str | None, str | None, object, object]],
) -> None:
    """Link "X made this statement ..." inside a report back to the statement it means.

    ``describe(verb)`` gives (occasion, date, addressee text, speaker) for the clause.
    """
    for token in doc:
        if token.lemma_.lower() not in STATEMENT_VERBS:
            continue
        obj = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if obj is None or obj.lower_ not in STATEMENT_NOUNS:
            continue
        if not any(c.lower_ in ANAPHORIC_DETERMINERS and c.dep_ == "det" for c in obj.children):
            continue
        position = token.idx + offset
        report = next(
            (a for a in attributions if a.content.start <= position < a.content.end), None
        )
        if report is None:
            continue
        earlier = [
            a
            for a in attributions
            if a.content.end <= report.content.start and a.id != report.id and a.parent_id is None
        ]
        if not earlier:
            continue
        statement = max(earlier, key=lambda a: a.content.end)
        statement.parent_id = report.id
        occasion, date, addressee, speaker = describe(token)
        statement.occasion = statement.occasion or occasion
        statement.date = statement.date or date
        if addressee is not None and statement.addressee is None:
            statement.addressee = addressee  # type: ignore[assignment]
        if speaker is not None and (statement.speaker is None or statement.speaker.anonymous):
            statement.speaker = speaker  # type: ignore[assignment]


def attribution_hedges(
    text: str,
    attribution: Attribution,
    sentence: tuple[int, int],
    words: AttributionWords | None = None,
) -> list[Hedge]:
    """Hedge words in the attribution's own sentence, outside its content."""
    hedge_words = (words or attribution_words()).hedges
    hedges: list[Hedge] = []
    for match in re.finditer(r"[A-Za-z]+", text[sentence[0] : sentence[1]]):
        start = sentence[0] + match.start()
        if attribution.content.start <= start < attribution.content.end:
            continue
        if match.group(0).lower() in hedge_words:
            end = sentence[0] + match.end()
            # "allegedly made by X" — keep the phrase the hedge sits in.
            tail = re.match(r"\s+(?:made|said|uttered|issued|voiced)(?:\s+by)?", text[end:])
            if tail:
                end += tail.end()
            hedges.append(Hedge(text=text[start:end], start=start, end=end))
    return hedges


def conditional_hedges(text: str, attributions: Sequence[Attribution]) -> None:
    """ "If this report is not the information canard ..." hedges the reports just before it
    (those in the same or the previous paragraph) and the statements they carry."""
    by_parent: dict[str, list[Attribution]] = {}
    for a in attributions:
        if a.parent_id:
            by_parent.setdefault(a.parent_id, []).append(a)
    for match in CONDITIONAL_HEDGE.finditer(text):
        hedge = Hedge(text=match.group(0).strip(), start=match.start(), end=match.end())
        paragraph_start = text.rfind("\n", 0, match.start())
        previous_start = text.rfind("\n", 0, max(0, paragraph_start - 1)) if paragraph_start > 0 \
            else 0
        window = (max(0, previous_start), match.start())
        targets = [
            a for a in attributions
            if window[0] <= (a.cue.start if a.cue else a.content.start) < window[1]
        ]
        stack = list(targets)
        seen: set[str] = set()
        while stack:
            a = stack.pop()
            if a.id in seen:
                continue
            seen.add(a.id)
            if all(h.start != hedge.start for h in a.hedges):
                a.hedges.append(hedge)
            stack.extend(by_parent.get(a.id, []))
