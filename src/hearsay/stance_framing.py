"""How a headline frames the claim it carries: a named source, a hedge, a prospect.

On Emergent most errors are headlines that state a claim while their article only reports it
("observing" read as "for"). What a headline can show of that is its frame: a source named
before a colon ("Pentagon: ...") or after the statement ("..., report says"), a hedge
("reportedly", "may"), a reporting verb and where the claim's words stand relative to it, a
prospect rather than a fact ("Apple to buy Path"), a question, scare quotes, a pointer to
media ("video", "update"), an idiom that debunks ("made it all up"). Whether the claim is itself
someone's statement matters too: a headline reporting "the priest claims ..." is "for" a claim
that the priest says so. Each cue counts only where the claim itself does not already use
the word. The word lists are the ``headline_*`` categories and ``debunking`` of
``data/stance_lexicon.json``.
"""

from __future__ import annotations

import re

from hearsay.stance_features import Lexicon, content_tokens, tokens

FRAMING_FEATURES = (
    "source_before_colon",  # "Congressman: ..." where the part before the colon is not the claim's
    "source_noun_before_colon",  # "Official: ...", "Opposition group: ..."
    "source_after_statement",  # "..., report says", "... -- South Korea paper"
    "hedge",  # "reportedly", "may", "seemingly"
    "reporting_verb",  # "says", "claims", "forecasts"
    "reporting_verb_before_claim",  # the claim's words in the verb's complement
    "reporting_verb_after_claim",  # "X did Y, officials say"
    "question",  # a question mark anywhere
    "scare_quotes",  # a short quoted span
    "prospect",  # "to", "will", "set to": a plan or forecast, where the claim has none
    "media_pointer",  # "video", "photos", "update"
    "new_word_share",  # share of the headline's content words the claim lacks
    "claim_reports",  # the claim is itself someone's statement ("priest says he met God")
    "both_report",  # ... and the headline reports it too ("priest claims God is female")
    "debunking",  # an idiom that debunks: "made it all up", "falls for", "alive and well"
)

# The part before a headline's first colon, and a source tag after its last comma or dash.
_BEFORE_COLON = re.compile(r"^([^:]{2,40}):\s")
_AFTER_STATEMENT = re.compile(r"(?:[:,]\s*|\s[-—–]+\s*)([^:,—–-]{2,40})$")
_QUOTED = re.compile(r"['\"‘“][^'\"’”]{2,40}['\"’”]")


def framing_features(claim: str, text: str, lexicon: Lexicon) -> list[float]:
    """``FRAMING_FEATURES`` of a short ``text`` (a headline, a sentence) carrying ``claim``."""
    claim_words = set(tokens(claim))
    text = text.strip()
    text_tokens = tokens(text)
    sources = _words(lexicon, "headline_sources")
    reporting = _words(lexicon, "headline_reporting") - claim_words
    before = _BEFORE_COLON.match(text)
    prefix = set(tokens(before.group(1))) if before else set()
    after = _AFTER_STATEMENT.search(text)
    suffix = set(tokens(after.group(1))) if after else set()
    verb_at = _first(text_tokens, reporting)
    claim_at = _first(text_tokens, set(content_tokens(claim)))
    content = content_tokens(text)
    prospect = lexicon.patterns["headline_prospect"]
    all_reporting = _words(lexicon, "headline_reporting")
    claim_reports = bool(claim_words & all_reporting)
    debunking = lexicon.patterns["debunking"]
    claim_lower = claim.lower()
    return [
        float(before is not None and not prefix & claim_words),
        float(bool(prefix & sources)),
        float(bool(suffix & (sources | reporting)) and not suffix & claim_words),
        float(bool(set(text_tokens) & (_words(lexicon, "headline_hedges") - claim_words))),
        float(verb_at < len(text_tokens)),
        float(verb_at < claim_at < len(text_tokens)),
        float(claim_at < verb_at < len(text_tokens)),
        float("?" in text),
        float(_QUOTED.search(text) is not None),
        float(bool(prospect.search(text.lower())) and not prospect.search(claim.lower())),
        float(bool(set(text_tokens) & (_words(lexicon, "headline_media") - claim_words))),
        sum(1 for w in content if w not in claim_words) / max(len(content), 1),
        float(claim_reports),
        float(claim_reports and bool(set(text_tokens) & all_reporting)),
        float(any(m.group(0) not in claim_lower for m in debunking.finditer(text.lower()))),
    ]


def _first(text_tokens: list[str], wanted: set[str]) -> int:
    """Index of the first token in ``wanted``; ``len(text_tokens)`` when there is none."""
    return next((k for k, w in enumerate(text_tokens) if w in wanted), len(text_tokens))


def _words(lexicon: Lexicon, category: str) -> set[str]:
    return set(lexicon.words.get(category, ()))
