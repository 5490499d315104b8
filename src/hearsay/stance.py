"""Stance: does a text (or a document's mention) assert, relay, dispute or question a claim?

Two entry points:

- ``stance(claim, text)`` on bare strings, backed by the trained model (``stance_model``): the
  FNC labels map agree→asserts, disagree→disputes, discuss→relays (or questions when doubt
  cues dominate where the text talks about the claim), unrelated→unrelated.
- ``mention_stance(claim, mention_text, attribution)`` for the claims stage. Stance is about
  the document's voice: what it says itself asserts the claim (or disputes it when it negates
  it); what it puts in someone else's mouth is relayed, disputed when the speaker denies it,
  questioned when the document hedges it ("allegedly", "if this report is not a canard"), and
  asserted when the document endorses it ("confirmed"). This needs the attribution record
  (cue lean, hedges, reporting chain), so it is rules over the lexicon, no model. Whether a
  text says the opposite of the claim is judged on meaning (``stance_polarity``): "cannot
  afford Russia's defeat" and "did not want to see Russia lose" agree; "it is unlikely that"
  questions, "it is not true that" disputes.
"""

from __future__ import annotations

import math
import re
import sys
import threading
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hearsay.stance_features import Lexicon, content_tokens, load_lexicon, split_sentences
from hearsay.stance_polarity import (
    NEGATION_OVERLAP,
    negates_claim,
    orientation,
    orientation_differs,
    same_orientation,
    voice_frame,
)

__all__ = [
    "NEGATION_OVERLAP",
    "ORIENTATION_MARGIN",
    "rules_weight",
    "cue_lean",
    "doubt_share",
    "mention_stance",
    "negates_claim",
    "orientation",
    "orientation_differs",
    "oriented",
    "same_orientation",
    "stance",
    "stances",
    "voice_frame",
]

SHORT_TEXT_SENTENCES = 2  # as hearsay.stance_model: a headline or a sentence, not a body

if TYPE_CHECKING:
    from hearsay.models import Attribution, StanceLabel
    from hearsay.stance_model import StanceModel

Stance = Literal["asserts", "relays", "disputes", "questions", "unrelated"]
STANCES: tuple[Stance, ...] = ("asserts", "relays", "disputes", "questions", "unrelated")
# models.STANCE_LABELS, written out: importing hearsay.stance loads no pydantic models.
MENTION_STANCES: tuple[StanceLabel, ...] = ("asserts", "relays", "disputes", "questions")
FNC_TO_STANCE = {"agree": "asserts", "disagree": "disputes", "unrelated": "unrelated"}
# A headline or a sentence: the model's reading is averaged with the mention rules (attribution
# None) at this weight, and at DECISIVE_RULES_WEIGHT where the rules read the two statements'
# polarity (``rules_weight``). The rules know paraphrases that differ in negation better than
# a model trained on 2k headlines, which has seen few negated claims. Chosen with
# bench/emergent_cv.py --inner: 0.4 everywhere until session 7; since the framing features read
# the claim's own report and debunking idioms, 0.2, and 0.5 where the polarity is the rules'.
SHORT_TEXT_RULES_WEIGHT = 0.2
DECISIVE_RULES_WEIGHT = 0.5

# How close asserts and disputes must be for the polarity rules to decide between them. On
# Emergent (5-fold CV) every re-orientation costs a little: none 77.50%, this band 77.31%
# (4 of 2,071 pairs), always 76.82%; the band covers a model torn between the two sides.
ORIENTATION_MARGIN = 0.15

_model: StanceModel | None = None
_model_lock = threading.Lock()


def default_model() -> StanceModel:
    """The packaged model, loaded once per process on first use."""
    global _model
    with _model_lock:
        if _model is None:
            from hearsay.stance_model import StanceModel

            _model = StanceModel()
            _model.warm_up()
    return _model


def stance(
    claim: str, text: str, model: StanceModel | None = None
) -> tuple[Stance, dict[str, float]]:
    """The stance of ``text`` toward ``claim`` and a probability per label (they sum to 1)."""
    return stances([(claim, text)], model)[0]


def stances(
    pairs: Sequence[tuple[str, str]], model: StanceModel | None = None
) -> list[tuple[Stance, dict[str, float]]]:
    """``stance`` for many (claim, text) pairs at once: one embedding batch, much faster."""
    from hearsay.stance_model import FNC_LABELS

    if not pairs:
        return []
    # A claim or text with no words says nothing about anything: unrelated, without a model.
    empty = [not content_tokens(c) or not content_tokens(t) for c, t in pairs]
    wordy = [pair for pair, blank in zip(pairs, empty, strict=True) if not blank]
    if wordy:
        model = model or default_model()
    rows = iter(model.predict(wordy) if model is not None and wordy else [])
    results: list[tuple[Stance, dict[str, float]]] = []
    for (claim, text), blank in zip(pairs, empty, strict=True):
        if blank:
            results.append(("unrelated", {label: float(label == "unrelated") for label in STANCES}))
            continue
        row = next(rows)
        fnc = dict(zip(FNC_LABELS, (float(p) for p in row), strict=True))
        doubt = doubt_share(claim, text, model.lexicon if model is not None else None)
        scores: dict[str, float] = {
            "asserts": fnc["agree"],
            "relays": fnc["discuss"] * (1.0 - doubt),
            "disputes": fnc["disagree"],
            "questions": fnc["discuss"] * doubt,
            "unrelated": fnc["unrelated"],
        }
        if len(split_sentences(text)) <= SHORT_TEXT_SENTENCES:
            scores = blend_rules(claim, text, scores)
            scores = oriented(claim, text, scores, model.lexicon if model is not None else None)
        scores = _normalised(scores)
        results.append((_best(scores), scores))
    return results


def rules_weight(claim: str, text: str, lexicon: Lexicon | None = None) -> float:
    """How much the mention rules count against the model for a short ``text``:
    DECISIVE_RULES_WEIGHT where they read polarity that surface words get wrong, i.e. the text
    negates the claim on meaning ("Marvia did not attack the convoy" / "Marvia attacked the
    convoy"), or one of the two has a negation the other lacks while both say the same
    ("cannot afford to let Marvia collapse" / "a Marvian collapse would hurt"); else
    SHORT_TEXT_RULES_WEIGHT."""
    lexicon = lexicon or load_lexicon()
    if negates_claim(claim, text, lexicon, scoped=True):
        return DECISIVE_RULES_WEIGHT
    negation = lexicon.patterns["negation"]
    one_sided = bool(negation.search(claim.lower())) != bool(negation.search(text.lower()))
    if one_sided and not orientation_differs(claim, text, lexicon):
        return DECISIVE_RULES_WEIGHT
    return SHORT_TEXT_RULES_WEIGHT


def blend_rules(
    claim: str, text: str, scores: Mapping[str, float], weight: float | None = None
) -> dict[str, float]:
    """Model scores of a short text averaged with the own-voice mention rules (at
    ``rules_weight`` unless a ``weight`` is given)."""
    if weight is None:
        weight = rules_weight(claim, text)
    _, rules = mention_stance(claim, text, None)
    related = 1.0 - scores["unrelated"]
    blended: dict[str, float] = {
        label: (1.0 - weight) * scores[label] + weight * rules[label] * related
        for label in MENTION_STANCES
    }
    blended["unrelated"] = scores["unrelated"]
    return blended


def oriented(
    claim: str,
    text: str,
    scores: Mapping[str, float],
    lexicon: Lexicon | None = None,
    margin: float = ORIENTATION_MARGIN,
) -> dict[str, float]:
    """Short-text scores whose asserts/disputes order follows the polarity rules where the
    model is torn between the two.

    A model reads "not", "cannot", "lose" and "defeat" as signs of disagreement; the mention
    rules compose them (``stance_polarity.same_orientation``): "Beijing cannot afford
    Russia's defeat" and "Beijing did not want to see Russia lose" say the same. Where the rules
    can tell and asserts and disputes are within ``margin`` of each other, the larger goes to
    the side the rules read and the smaller to the other (the model's confidence that the text
    takes a side is kept; which side is the rules' call). A model sure of its side keeps it:
    on Emergent it is right more often than the rules are (see ``ORIENTATION_MARGIN``).
    """
    scores = dict(scores)
    agree, dispute = scores["asserts"], scores["disputes"]
    if abs(agree - dispute) >= margin:
        return scores
    same = same_orientation(claim, text, lexicon)
    if same is not None and (agree < dispute) == same:
        scores["asserts"], scores["disputes"] = dispute, agree
    return scores


def doubt_share(claim: str, text: str, lexicon: Lexicon | None = None) -> float:
    """How much of a text's reporting of a claim is doubt (0..1), from the cue words.

    Looks at the sentences sharing most words with the claim (the stance is voiced there) and
    weighs doubt cues ("allegedly", "unconfirmed", a question mark) against plain reporting
    cues ("said", "according to"); doubt already in the claim itself does not count.
    """
    lexicon = lexicon or load_lexicon()
    claim_lower = claim.lower()
    claim_words = set(content_tokens(claim))
    sentences = split_sentences(text) or [text]
    ranked = sorted(
        sentences, key=lambda s: len(claim_words & set(content_tokens(s))), reverse=True
    )
    focus = " ".join(ranked[:3]).lower()
    doubt = _new_cues(lexicon, "doubt", focus, claim_lower)
    doubt += sum(1 for s in ranked[:3] if s.rstrip("\"'”’ )").endswith("?"))
    reporting = _new_cues(lexicon, "reporting", focus, claim_lower)
    if doubt == 0:
        return 0.0
    return doubt / (doubt + 0.5 * reporting + 0.5)


def _new_cues(lexicon: Lexicon, category: str, text_lower: str, claim_lower: str) -> int:
    """Cue words of ``category`` in the text that the claim does not already contain."""
    pattern = lexicon.patterns[category]
    in_claim = {m.group(0) for m in pattern.finditer(claim_lower)}
    return sum(1 for m in pattern.finditer(text_lower) if m.group(0) not in in_claim)


def _normalised(scores: Mapping[str, float]) -> dict[str, float]:
    total = sum(scores.values()) or 1.0
    return {label: value / total for label, value in scores.items()}


def _best(scores: Mapping[str, float]) -> Stance:
    return max(STANCES, key=lambda label: scores.get(label, 0.0))


# --- mention-level stance: rules over the attribution record --------------------------------

# Evidence weights (log-odds points) for mention_stance; a label's score is the softmax of its
# points, so one strong signal (a denying cue) outweighs a default (relays for reported speech).
_DEFAULT = 1.0
_STRONG = 2.5
_MODERATE = 1.5


def mention_stance(
    claim: str,
    mention_text: str,
    attribution: Attribution | None = None,
    lexicon_files: Sequence[str | Path] = (),
    model: StanceModel | None = None,
) -> tuple[StanceLabel, dict[str, float]]:
    """The stance the DOCUMENT takes toward ``claim`` in one mention of it.

    ``mention_text`` is the sentence (own voice) or the attribution's content. With no
    attribution the document speaks for itself: asserts, or disputes when the text negates
    the claim or debunks it ("made it all up"), or questions when it hedges it. Inside an
    attribution the document relays by default; disputes when the speaker denies (cue lean
    "denying") or the content negates or debunks the claim; questions when the document
    hedges (``attribution.hedges``) or the cue doubts ("claimed"); asserts when it endorses
    with no hedge ("confirmed").

    With a ``model`` (``StanceModel``), its reading of the words is averaged into the content
    signals (disputes, questions); asserts versus relays stays the attribution's call, since
    only the attribution knows whose voice it is.
    """
    label, scores = _mention_rules(claim, mention_text, attribution, lexicon_files)
    if model is None:
        return label, scores
    _, read = stance(claim, mention_text, model)
    related = 1.0 - read["unrelated"] or 1.0
    for content in ("disputes", "questions"):
        scores[content] = 0.5 * (scores[content] + read[content] / related)
    rest = 1.0 - scores["disputes"] - scores["questions"]
    voice = (scores["asserts"] + scores["relays"]) or 1.0
    scores["asserts"], scores["relays"] = (
        rest * scores["asserts"] / voice,
        rest * scores["relays"] / voice,
    )
    return max(MENTION_STANCES, key=lambda s: scores[s]), scores


def _mention_rules(
    claim: str,
    mention_text: str,
    attribution: Attribution | None,
    lexicon_files: Sequence[str | Path],
) -> tuple[StanceLabel, dict[str, float]]:
    lexicon = load_lexicon(lexicon_files)
    points = dict.fromkeys(MENTION_STANCES, 0.0)
    negates = negates_claim(claim, mention_text, lexicon, scoped=True)
    text_lower = mention_text.lower()
    claim_lower = claim.lower()
    hedged_in_text = _new_cues(lexicon, "doubt", text_lower, claim_lower) > 0
    question = mention_text.rstrip("\"'”’ )").endswith("?") and not claim.rstrip().endswith("?")
    # "made it all up", "falls for", "alive and well": the text debunks the story.
    debunks = _new_cues(lexicon, "debunking", text_lower, claim_lower) > 0

    if attribution is None:
        points["asserts"] += _DEFAULT
        frame = voice_frame(mention_text, lexicon)
        if negates or frame == "disputes" or debunks:
            points["disputes"] += _STRONG
        if frame == "questions":
            points["questions"] += _STRONG
        if hedged_in_text or question:
            points["questions"] += _MODERATE + (_DEFAULT if question else 0.0)
        # A reporting cue inside the sentence means the document is passing someone's word on.
        undoubted = lexicon.patterns["doubt"].sub(" ", text_lower)  # "if this report is..."
        if _new_cues(lexicon, "reporting", undoubted, claim_lower):
            points["relays"] += _MODERATE
        return _decide(points)

    lean = cue_lean(attribution, lexicon)
    points["relays"] += _DEFAULT
    speaker_denies = lean == "denying"
    if speaker_denies and attribution.cue is not None and attribution.cue.text.strip():
        # A denying cue is the speaker's act, not the content: "denied" must not count twice.
        # Other cues stay: the "not" of "did not want" belongs to what is claimed.
        content = re.sub(re.escape(attribution.cue.text.strip()), " ", mention_text, flags=re.I)
        negates = negates_claim(claim, content, lexicon, scoped=True)
    if speaker_denies or negates or debunks:
        points["disputes"] += _STRONG
    if attribution.hedges or lean == "doubting" or hedged_in_text or question:
        points["questions"] += _STRONG if attribution.hedges else _MODERATE
    # Only a factive cue ("confirmed", "revealed") makes the claim the document's own; a
    # speaker who "assured" or "insisted" asserts it, and the document still only relays.
    endorsed = attribution.cue is not None and not attribution.cue.negated and lexicon.has(
        "endorsing_cues", attribution.cue.text.lower().strip()
    )
    if endorsed and not attribution.hedges and not negates and not speaker_denies:
        points["asserts"] += _MODERATE
    return _decide(points)


def _decide(points: Mapping[StanceLabel, float]) -> tuple[StanceLabel, dict[str, float]]:
    top = max(points.values())
    exp = {label: math.exp(value - top) for label, value in points.items()}
    total = sum(exp.values())
    scores: dict[str, float] = {label: value / total for label, value in exp.items()}
    label = max(MENTION_STANCES, key=lambda s: scores[s])
    return label, scores


_LEAN_SYNONYMS = {
    "denial": "denying",
    "rejecting": "denying",
    "refuting": "denying",
    "doubt": "doubting",
    "distancing": "doubting",
    "hedging": "doubting",
    "endorsing": "asserting",
    "confirming": "asserting",
    "factive": "asserting",
    "assertive": "asserting",
}


def cue_lean(attribution: Attribution, lexicon: Lexicon | None = None) -> str:
    """The lean of the attribution's cue: its own ``lean`` field, else read from the cue word."""
    if attribution.cue is None:
        return "neutral"
    given = _LEAN_SYNONYMS.get(attribution.cue.lean.lower(), attribution.cue.lean.lower())
    if given in ("denying", "doubting", "asserting"):
        return given
    lexicon = lexicon or load_lexicon()
    cue = attribution.cue.text.lower()
    for category, lean in (
        ("denying_cues", "denying"),
        ("doubting_cues", "doubting"),
        ("endorsing_cues", "asserting"),
    ):
        if lexicon.has(category, cue):
            return lean
    return "neutral"


class _CallableModule(types.ModuleType):
    """Importing this module sets ``hearsay.stance`` to it, hiding the package-level function
    ``hearsay.stance(claim, text)``; calling the module keeps that documented API working."""

    def __call__(
        self, claim: str, text: str, model: StanceModel | None = None
    ) -> tuple[Stance, dict[str, float]]:
        return stance(claim, text, model)


sys.modules[__name__].__class__ = _CallableModule
