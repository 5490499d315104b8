"""Is a statement positive or negative, and does a text say the opposite of a claim?

Rules over the stance lexicon (``data/stance_lexicon.json``), compared on meaning rather than
on the presence of "not": each negator ("not", "cannot", "rules out"), bad outcome ("lose",
"defeat") and predicate of harm ("against China's interests") flips a statement's orientation,
so paraphrases that differ in negation but not in meaning agree. Also the frames a document
doubts or denies a statement with ("it is unlikely that", "it is not true that"), and the
features the stance model reads from all this. No model is loaded here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hearsay.stance_features import Lexicon, TextView, content_tokens, load_lexicon

if TYPE_CHECKING:
    from hearsay.models import StanceLabel

_NEGATION_SKIP = re.compile(r"\b(?:not only|no doubt|no longer|nothing but)\b")
# "No, it was not sabotaged": the interjection repeats the negation, it does not double it.
_LEADING_NO = re.compile(r"^\W*(?:no|nope|not so)\s*[,.!;:—–-]+\s*")
# Where a sentence turns to another statement: the orientation of the claim is read in the
# clause that talks about it ("The dam was not sabotaged; it failed from neglect").
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[;:]|[.!?]\s|\s[—–]\s|,?\s+but\s|,\s+(?:because|since|as|while|whereas|although|"
    r"though|especially|which|not because)\s)\s*"
)
# A leading subordinate clause is a circumstance, not the statement: "If Russia were to
# falter, Washington could shift ..." does not negate "Washington could shift ...".
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:if|when|as|while|since|because|although|though|unless|after|before|once|"
    r"with|despite)\b[^,;:]{1,200},\s*"
)

# How much of the claim's wording a text must repeat before a difference in orientation is read
# as saying the opposite: below it, the two may be talking about different sides of a story.
NEGATION_OVERLAP = 0.6
# How many content words after a negator it can be about ("did not [want to see Russia lose]").
NEGATION_SCOPE = 5


def negates_claim(
    claim: str, text: str, lexicon: Lexicon | None = None, scoped: bool = False
) -> bool:
    """Does ``text`` say the opposite of ``claim`` while talking about the same thing?

    A denial or falsity word the claim lacks ("denied", "hoax", "false") is enough when the
    text shares any content word with the claim. Otherwise the two are compared on meaning:
    the ``orientation`` of the clause of each that talks about the other must differ, and the
    text must repeat most of the claim's wording (``NEGATION_OVERLAP``). So paraphrases that
    differ in negation but not in meaning ("did not want to see Russia lose" / "cannot afford
    Russia's defeat" / "Russia's defeat is against China's interests") agree.
    """
    lexicon = lexicon or load_lexicon()
    claim, text = _same_cut(claim, text)
    # Doubt phrases carry negations of their own ("if this report is not a canard", "could
    # not be verified"): they question the claim, they do not deny it. So does a condition:
    # "If this report is not a canard, X" does not call X false.
    claim_lower = _plain(claim, lexicon)
    text_lower = _plain(text, lexicon)
    claim_stated = _plain(_without_condition(claim.lower()), lexicon)
    text_stated = _plain(_without_condition(text.lower()), lexicon)
    claim_words = _stems(claim_lower)
    text_words = _stems(text_lower)
    shared = claim_words & text_words
    if claim_words and not shared:
        return False  # not about the claim at all
    strong = ("denying_cues", "falsity")
    if _polarity(claim_stated, lexicon, strong) != _polarity(text_stated, lexicon, strong):
        return True
    overlap = len(shared) / len(claim_words) if claim_words else 0.0
    if overlap < NEGATION_OVERLAP:
        return False
    claim_clause = _clause_about(claim_lower, text_words)
    text_clause = _clause_about(text_lower, claim_words)
    # ``scoped``: the mention rules also ask whether each negator is about the other
    # statement's words. The learned models keep the plain reading: as one of their features
    # the scoped one cost FNC-1 held-out 0.3 points (91.22 -> 90.91).
    if scoped and (_negates_elsewhere(claim_clause, text_words, lexicon) or _negates_elsewhere(
        text_clause, claim_words, lexicon
    )):
        return False
    return orientation(claim_clause, lexicon) != orientation(text_clause, lexicon)


def _negates_elsewhere(text_lower: str, other_words: set[str], lexicon: Lexicon) -> bool:
    """Does a negator of the clause negate something the other statement does not talk about:
    none of the next ``NEGATION_SCOPE`` content words after it are the other's words? Then the
    two orientations are about different predicates and their difference says nothing: "The
    relationship is not one based on shared values" (one negator) does not dispute "This does
    not mean the relationship is weak" (two), whose words it shares but for "weak". A negator
    with nothing after it ("it will not") is about what came before."""
    negators = lexicon.patterns["polarity_negators"]
    for match in negators.finditer(text_lower):
        after = content_tokens(text_lower[match.end() :])
        scope = [w for w in after if not negators.search(w)][:NEGATION_SCOPE]
        if scope and not _stems(" ".join(scope)) & other_words:
            return True
    return False


def orientation_differs(claim: str, text: str, lexicon: Lexicon | None = None) -> bool:
    """Do the clauses of ``claim`` and ``text`` that talk about each other differ in
    ``orientation`` (whatever their overlap)?"""
    lexicon = lexicon or load_lexicon()
    claim_lower, text_lower = _plain(claim, lexicon), _plain(text, lexicon)
    claim_clause = _clause_about(claim_lower, _stems(text_lower))
    text_clause = _clause_about(text_lower, _stems(claim_lower))
    return orientation(claim_clause, lexicon) != orientation(text_clause, lexicon)


def same_orientation(claim: str, text: str, lexicon: Lexicon | None = None) -> bool | None:
    """Does ``text`` say what ``claim`` says (True) or its opposite (False), as far as polarity
    words tell? None when they cannot: no shared content word, no polarity word in either, or
    orientations that differ in texts too unlike to be saying opposite things.

    The same reading the mention rules act on: False is ``negates_claim``; True is two
    statements about the same actors whose negators and bad outcomes compose to the same
    orientation ("did not want to see Russia lose" / "cannot afford Russia's defeat").
    """
    lexicon = lexicon or load_lexicon()
    if negates_claim(claim, text, lexicon):
        return False
    claim_lower, text_lower = _plain(claim, lexicon), _plain(text, lexicon)
    if not _stems(claim_lower) & _stems(text_lower):
        return None
    if not (_has_flips(claim_lower, lexicon) or _has_flips(text_lower, lexicon)):
        return None
    return None if orientation_differs(claim, text, lexicon) else True


def _has_flips(text_lower: str, lexicon: Lexicon) -> bool:
    return any(
        lexicon.patterns[category].search(text_lower)
        for category in ("polarity_negators", "negative_outcome", "negative_valence")
    )


def orientation(text: str, lexicon: Lexicon | None = None) -> int:
    """+1 for a positive statement, -1 for a negative one, composed from its polarity words.

    Each negator ("not", "cannot", "rules out", "uninterested"), bad outcome ("lose",
    "defeat", "collapse") and predicate of harm ("against China's interests", "hurts") flips
    the orientation: "Beijing did not want to see Russia lose" (not + lose) and "Russia's
    defeat is against China's interests" (defeat + against interests) are both positive, as
    "Beijing wants Russia to win" is; "Beijing wants to see Russia lose" is negative.
    """
    lexicon = lexicon or load_lexicon()
    lowered = _LEADING_NO.sub("", _NEGATION_SKIP.sub(" ", text.lower()))
    flips = sum(
        len(lexicon.patterns[category].findall(lowered))
        for category in ("polarity_negators", "negative_outcome", "negative_valence")
    )
    return -1 if flips % 2 else 1


_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_CONDITION = re.compile(r"^\W*(?:if|unless)\b[^,;:]{1,200},\s*(?:then\s+)?")


def _same_cut(claim: str, text: str) -> tuple[str, str]:
    """A claim shown cut short ("... and have been successful …") is compared with the same
    stretch of a text that begins with it, not with words the cut left out."""
    if not _ELLIPSIS.search(claim):
        return claim, text
    kept = _ELLIPSIS.sub("", claim).strip()
    start = text.casefold().find(kept.casefold())
    if kept and start != -1:
        return kept, text[start : start + len(kept)]
    return claim, text


def _without_condition(text_lower: str) -> str:
    """The statement without a leading condition ("if this report is not a canard, ...")."""
    return _CONDITION.sub("", text_lower, count=1)


def _plain(text: str, lexicon: Lexicon) -> str:
    """Lower case, without doubt phrases and negations that are not ("not only")."""
    return _NEGATION_SKIP.sub(" ", lexicon.patterns["doubt"].sub(" ", text.lower()))


def _stems(text_lower: str) -> set[str]:
    """Content words cut to a light stem, so "defeated" meets "defeat" and "Russia's" "Russia"."""
    stems = set()
    for word in content_tokens(text_lower):
        word = re.sub(r"['’]s?$", "", word)
        stems.add(word[:6] if len(word) > 6 else word)
    return stems


def _clause_about(text_lower: str, other_words: set[str]) -> str:
    """The clause of a sentence that shares most words with the other statement."""
    opener = _LEADING_CLAUSE.match(text_lower)
    pieces = [text_lower[: opener.end()], text_lower[opener.end() :]] if opener else [text_lower]
    clauses = [c for piece in pieces for c in _CLAUSE_BREAK.split(piece) if c.strip()]
    if len(clauses) <= 1:
        return text_lower
    return max(clauses, key=lambda c: len(_stems(c) & other_words))


def _polarity(
    text_lower: str,
    lexicon: Lexicon,
    categories: tuple[str, ...] = ("negation", "denying_cues", "falsity"),
) -> bool:
    """True for a statement with a denial or refutation word (presence, not parity: "denied
    the reports were false" is emphasis more often than a double negation)."""
    return any(lexicon.patterns[category].search(text_lower) for category in categories)


def voice_frame(text: str, lexicon: Lexicon | None = None) -> StanceLabel | None:
    """How a sentence frames the statement it carries: "disputes" for "it is not true that",
    "questions" for "it is unlikely that" / "there is little evidence that", else None."""
    lexicon = lexicon or load_lexicon()
    lowered = text.lower()
    if lexicon.has("denial_frames", lowered):
        return "disputes"
    if lexicon.has("doubt_frames", lowered):
        return "questions"
    return None


POLARITY_FEATURES = (
    "claim_orientation",
    "top_negates",
    "top_orientation_flips",
    "lead_negates",
    "top_denial_frames",
    "top_doubt_frames",
    "lead_denial_frames",
)


def polarity_features(
    claim: TextView, body: TextView, top: Sequence[int], lexicon: Lexicon
) -> list[float]:
    """``POLARITY_FEATURES`` of a claim against a body: the claim's orientation, and how many
    of the sentences most like it (``top``) and of the lead negate it on meaning, flip its
    orientation, or frame a statement as false or doubtful. These words are the same in every
    story, unlike the embeddings."""
    lead = range(min(3, len(body.sentences)))
    top_sentences = [body.sentences[i] for i in top]
    lead_sentences = [body.sentences[i] for i in lead]
    frames = [voice_frame(s, lexicon) for s in top_sentences]
    return [
        float(orientation(claim.text, lexicon)),
        float(sum(negates_claim(claim.text, s, lexicon) for s in top_sentences)),
        float(sum(orientation_differs(claim.text, s, lexicon) for s in top_sentences)),
        float(sum(negates_claim(claim.text, s, lexicon) for s in lead_sentences)),
        float(frames.count("disputes")),
        float(frames.count("questions")),
        float(sum(voice_frame(s, lexicon) == "disputes" for s in lead_sentences)),
    ]
