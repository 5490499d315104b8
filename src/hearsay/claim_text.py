"""What a claim's wording carries, read without a parser: its core, concepts, polarity, numbers,
dates, antonyms and stated omissions.

The cross-document stage runs over the whole corpus, so these features are plain regular
expressions and set arithmetic; they are computed once per claim mention and stored with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from hearsay.claim_lexicon import ClaimLexicon

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|\d[\d,]*(?:\.\d+)?")

STOPWORDS = frozenset(
    """a an the and or but if then than that this these those there here of in on at to for from
    by with as into onto about over under after before between through during without within
    upon is are was were be been being am do does did done have has had having will would
    shall should can could may might must it its it's they them their theirs he him his she
    her hers we us our you your i me my mine who whom whose which what when where why how all
    any some each every both either more most much many such so very too also just only even
    still yet again further one ones own same other another up down out off s t ll re ve d m o
    y also said says say told according""".split()  # noqa: SIM905
)

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
DATE_PATTERNS = (
    re.compile(_MONTH + r"\s+" + _DAY + _YEAR, re.I),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR, re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I),
    re.compile(r"\b(?:in|since|by|until|of)\s+(?P<year>(?:19|20)\d\d)\b", re.I),
)
NUMBER = re.compile(
    r"(?<![\w.])(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<scale>\s*(?:%|percent|per cent|"
    r"thousand|million|billion|trillion|[mbk]n?\b))?(?:\s+(?P<unit>[A-Za-z][A-Za-z-]+))?",
    re.I,
)
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "mn": 1e6,
          "b": 1e9, "bn": 1e9, "k": 1e3}  # fmt: skip


def stem(word: str) -> str:
    """A light, consistent stem: enough to match 'supports', 'supported' and 'support'."""
    w = word.casefold().replace("’", "'")
    if w.endswith("n't"):
        return "not"
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if len(w) <= 3:
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("ed") and len(w) >= 5:
        w = w[:-2]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("es") and len(w) > 4 and (w[-3] in "sxz" or w[-4:-2] in ("ch", "sh")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    return [m.group(0) for m in WORD.finditer(text)]


# Words a whole clause does not end on: it stopped before the words they need. Determiners,
# prepositions, conjunctions, modals and copulas, negators, and the pro-form "one" ("The
# relationship is not one [based on shared values]"). "do"/"have" are left out: "than I do".
DANGLING = frozenset(
    """a an the this that these those its their his our my your whose of in on at to for from
    by with as into onto about over under than between through without within upon among
    against toward towards via per and or but nor yet so if whether because since while
    although though whereas unless until once is are was were am will would shall should can
    could may might must not no never nor very such mostly largely mainly also even just
    only both either neither each every any some""".split()  # noqa: SIM905
)
# "one" ends a clause after an adjective ("a pragmatic one"), not after "is not" or "a".
_BARE_ONE = frozenset("a an the not no is are was were only this that".split())  # noqa: SIM905
# A last sentence that opens with one of these and has no comma is a condition or reason
# whose main clause was cut off ("If they didn't clear this with Beijing").
_SUBORDINATE = "if when whenever as since because although though while whereas unless until once"
SUBORDINATORS = frozenset([*_SUBORDINATE.split(), "whether"])
# Where a sentence ends inside a core ("... respect/affection…It is mostly ..."): a full stop,
# ellipsis, ! or ? (closing quotes allowed) before a capitalised word, not an initial ("U.S.").
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|No|vs))(?:[.…]|(?<=[!?]))[\"”’)]*\s*"
    r"(?=[\"“‘(]?[A-Z])"
)
_PARENTHETICAL_DASHES = re.compile(r"\s+(?:[—–]|--)\s+[^—–]{1,160}?\s+(?:[—–]|--)\s+")
_LEADING_ELLIPSIS = re.compile(r"^(?:…|\.\.\.)\s*")
_CLAUSE_BOUNDARY = re.compile(r"\s*(?:[,;:]|\s[—–]|\s--)\s+")


def is_whole(text: str) -> bool:
    """Does ``text`` read as a self-contained clause? Its quotation marks and brackets close,
    it does not end on a word that needs more (``DANGLING``), and its last sentence is not a
    bare condition or reason. Read without a parser, so it only catches what a cut leaves."""
    stripped = text.strip().rstrip(" .!?…,;:—–-\"”’')")
    tokens = words(stripped)
    if not tokens:
        return False
    if _dangles(tokens):
        return False
    if text.count("“") != text.count("”") or text.count("(") != text.count(")"):
        return False
    if text.count('"') % 2:
        return False
    last = _SENTENCE_END.split(stripped)[-1]
    first = words(last)[:1]
    return not (first and first[0].casefold() in SUBORDINATORS and "," not in last)


def claim_core(
    text: str, lexicon: ClaimLexicon, min_words: int = 4, pair: tuple[str, str] | None = None
) -> str:
    """The proposition of a claim sentence, without frames, filler and trailing reasons.

    "It is highly likely that Russia's defeat is against China's interests, especially if ..."
    becomes "Russia's defeat is against China's interests". With ``pair`` (the two countries
    the sentence names), "the two countries" in the core becomes "China and Russia", so the
    core still says who. Used for embedding and for the cluster's representative wording; the
    mention itself keeps the full sentence.

    Every cut keeps a whole clause (``is_whole``): "The China-Russia relationship is not one
    based on shared values" is not cut at "based on", because "is not one" says the opposite
    of what the speaker meant; the first sentence of several is the claim.
    """
    core = _LEADING_ELLIPSIS.sub("", text.strip().strip("\"“”'‘’ "))
    core = _balance_quotes(core)
    for pattern in [_PARENTHETICAL_DASHES, *lexicon.core_drop]:
        match = pattern.search(core)
        if match and _joins(core[: match.start()]):
            rest = core[match.end() :].lstrip()
            space = " " if rest[:1].isalnum() or rest[:1] in "“‘\"'(" else ""
            candidate = (core[: match.start()] + space + rest).strip()
            if _word_count(candidate) >= min_words:
                core = candidate
    for _ in range(3):  # frames can stack: "Frankly, it is likely that ..."
        before = core
        core = lexicon.filler_prefix.sub("", core)
        for frame in lexicon.core_frames:
            match = frame.match(core)
            if match and _word_count(core[match.end() :]) >= min_words:
                core = core[match.end() :]
        if core == before:
            break
    cuts = sorted(
        {m.start() for pattern in lexicon.core_cuts for m in pattern.finditer(core)}
        | {m.start() for m in _SENTENCE_END.finditer(core)}
    )
    for cut in cuts:
        kept = core[:cut]
        if _word_count(kept) >= min_words and is_whole(kept):
            core = kept
            break
    core = core.strip(" ,;:—–-\"“”'‘’")
    core = _balance_quotes(core)
    if pair is not None:
        for pattern in lexicon.pair_anaphora:
            core = pattern.sub(f"{pair[0]} and {pair[1]}", core, count=1)
    if core and core[0].islower():
        core = core[0].upper() + core[1:]
    return core or text.strip()


def _dangles(tokens: list[str]) -> bool:
    last = tokens[-1].casefold().replace("’", "'")
    if last in ("one", "ones"):
        return len(tokens) < 2 or tokens[-2].casefold() in _BARE_ONE
    return last in DANGLING


def _joins(before: str) -> bool:
    """Can what follows a removed phrase be joined to ``before``? Not after "or" or "will":
    "gains nothing now or [in the short term]" and "It will [in the short term]" need it."""
    tokens = words(before)
    return not tokens or not _dangles(tokens)


def _balance_quotes(text: str) -> str:
    """Close a quotation the text opens and does not close ("was “providing assistance")."""
    if text.count("“") > text.count("”"):
        return text + "”"
    return text


def _word_count(text: str) -> int:
    return len(text.split())


def shorten(text: str, max_words: int = 24) -> str:
    tokens = text.split()
    if len(tokens) <= max_words:
        return text.rstrip(" .")
    return " ".join(tokens[:max_words]).rstrip(",;:") + " …"


def whole_wording(text: str, max_words: int = 30, min_words: int = 8) -> str:
    """A claim's wording for display and for reading stance against: the text if short,
    else its longest whole clause prefix (ending at a comma, semicolon, colon or dash) within
    ``max_words``, else the text cut at ``max_words`` (never on a dangling word). A cut text
    ends with "…", so stance compares it with the same stretch of a mention
    (``stance_polarity``), not with a "has not" in the part left out."""
    text = re.sub(r"\.([\"”’]?)$", r"\1", text.strip().rstrip(" "))
    if _word_count(text) <= max_words:
        return text
    best = None
    for match in _CLAUSE_BOUNDARY.finditer(text):
        kept = text[: match.start()]
        if _word_count(kept) > max_words:
            break
        if _word_count(kept) >= min_words and is_whole(kept):
            best = kept
    if best is not None:
        return best + " …"
    tokens = text.split()[:max_words]
    while len(tokens) > min_words and _dangles(words(" ".join(tokens))):
        tokens.pop()
    return " ".join(tokens).rstrip(",;:—–-") + " …"


LEAD_WORDS = 24  # a core this long or shorter (a headline's length) is its own lead clause
# Where a lead clause ends: not at a colon, which opens what the words before it announce ("A
# challenge for Ostland: it has to ...", a headline's "Kicker: what happened").
_LEAD_BOUNDARY = re.compile(r"\s*(?:[,;]|\s[—–]|\s--)\s+")


def lead_clause(core: str, min_words: int = 4) -> str:
    """What a claim says first: a long core up to its first clause boundary (comma, semicolon,
    dash) that leaves at least ``min_words`` words; a core of up to ``LEAD_WORDS`` words, or
    one without such a boundary, whole.

    "Ostland backs Marvia in the press, repeats its line that the war was provoked by the
    alliance's expansion and disregard for Marvia's security interests in the region" leads
    with "Ostland backs Marvia in the press". Placing asks two mentions to share a specific
    word in what each says first (``clustering``): a long sentence shares some specific word
    with many claims of its story, usually in a clause that is not its point. The length and
    the boundaries were chosen on the tuning half of Emergent (bench/claim_clusters.py).
    """
    if _word_count(core) <= LEAD_WORDS:
        return core
    for match in _LEAD_BOUNDARY.finditer(core):
        if _word_count(core[: match.start()]) >= min_words:
            return core[: match.start()]
    return core


def concept_set(text: str, lexicon: ClaimLexicon, exclude: set[str] | frozenset[str]) -> set[str]:
    """Content words as concepts: stems, mapped through the concept lexicon, minus the stems
    in ``exclude`` (the words of the names in the claim: "Russia's" is not a concept)."""
    found = set()
    for word in words(text):
        lowered = word.casefold()
        if lowered in STOPWORDS or lowered in lexicon.negators or word[0].isdigit():
            continue
        stemmed = stem(word)
        if stemmed in exclude or stemmed in lexicon.light_words or stemmed in STOPWORDS:
            continue
        if stemmed == "not" or len(stemmed) < 2:
            continue
        found.add(lexicon.concepts.get(stemmed, stemmed))
    return found


def is_negated(text: str, lexicon: ClaimLexicon) -> bool:
    """Odd number of negators: "does not consider" is negated, "not ... never" is not."""
    count = 0
    for word in words(text):
        lowered = word.casefold().replace("’", "'")
        if lowered in lexicon.negators or lowered.endswith("n't"):
            count += 1
    return count % 2 == 1


def antonym_sides(stems: set[str], lexicon: ClaimLexicon) -> list[tuple[int, int]]:
    """For each antonym pair, which one side (0 or 1) the text uses, if only one."""
    sides = []
    for index, (left, right) in enumerate(lexicon.antonyms):
        has_left, has_right = left in stems, right in stems
        if has_left != has_right:
            sides.append((index, 0 if has_left else 1))
    return sides


def dates_in(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Normalised dates ("7-2", "2025", "tuesday") and their character spans."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    # Every pattern but the weekday one needs a digit; most claims have none.
    patterns = DATE_PATTERNS if any(c.isdigit() for c in text) else DATE_PATTERNS[3:4]
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            groups = match.groupdict()
            if groups.get("weekday"):
                found.append(groups["weekday"].casefold())
            elif groups.get("month") or groups.get("mon"):
                month = MONTHS.get((groups.get("month") or "").casefold().rstrip(".")) or int(
                    groups.get("mon") or 0
                )
                found.append(f"{month}-{int(groups['day'])}")
                if groups.get("year"):
                    found.append(groups["year"])
            elif groups.get("year"):
                found.append(groups["year"])
            spans.append(match.span())
    return found, spans


def numbers_in(
    text: str, skip: list[tuple[int, int]], lexicon: ClaimLexicon
) -> list[tuple[float, str]]:
    """Quantities with the word that says what they count: (3000.0, "squar")."""
    found = []
    for match in NUMBER.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        raw = match.group("value").replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        scale = (match.group("scale") or "").strip().casefold()
        if scale in SCALES:
            value *= SCALES[scale]
        unit = "%" if scale in ("%", "percent", "per cent") else stem(match.group("unit") or "")
        if unit in STOPWORDS:
            unit = ""
        found.append((value, unit))
    counted = r"\b(" + "|".join(NUMBER_WORDS) + r")\s+([A-Za-z-]+)"
    for word_match in re.finditer(counted, text, re.I):
        unit = stem(word_match.group(2))
        if unit not in STOPWORDS and unit not in lexicon.negators:
            found.append((float(NUMBER_WORDS[word_match.group(1).casefold()]), unit))
    return found


def omission_in(text: str, lexicon: ClaimLexicon) -> tuple[bool, str | None]:
    """Whether the text says something is absent from an account, and what ("Ukraine")."""
    for pattern in lexicon.omission_patterns:
        match = pattern.search(text)
        if match:
            topic = match.groupdict().get("topic")
            if topic:
                topic = re.sub(r"\b(?:at all|whatsoever)\b.*$", "", topic, flags=re.I)
                topic = re.sub(r"^(?:the|any|a|an)\s+", "", topic.strip(), flags=re.I).strip()
            return True, topic or None
    return False, None


@dataclass
class MentionFeatures:
    """Everything the corpus stage compares between claim mentions, stored as JSON."""

    core: str
    entities: list[str] = field(default_factory=list)  # canonical names, casefolded
    actor: str | None = None  # the first named actor in the claim, usually its subject
    actor_type: str | None = None
    concepts: list[str] = field(default_factory=list)
    lead: list[str] | None = None  # the concepts of its lead clause; None: not computed
    stems: list[str] = field(default_factory=list)
    negated: bool = False
    numbers: list[tuple[float, str]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    antonyms: list[tuple[int, int]] = field(default_factory=list)
    omission: bool = False
    omission_topic: str | None = None
    speaker_key: str | None = None  # who made the statement (entity id or name)
    speaker_name: str | None = None
    channel: str | None = None  # first link of the reporting chain, or the outlet
    source_label: str = ""  # outlet as shown to the analyst
    source_label_from: str | None = None  # "site", "title", "text": no outlet printed
    speaker_stance: str | None = None  # the speaker's own stance, from the cue's lean

    def to_json(self) -> dict[str, Any]:
        # Shallow: every field is a scalar or a list of scalars/tuples (asdict deep-copies).
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MentionFeatures:
        data = dict(data)
        data["numbers"] = [tuple(n) for n in data.get("numbers", [])]
        data["antonyms"] = [tuple(a) for a in data.get("antonyms", [])]
        return cls(**data)


@dataclass(frozen=True)
class NamedSpan:
    """An entity mention inside a claim, in document offsets."""

    start: int
    end: int
    text: str
    key: str
    type: str


def text_features(
    text: str, start: int, names: list[NamedSpan], lexicon: ClaimLexicon
) -> MentionFeatures:
    """Features of one claim mention whose text begins at document offset ``start``."""
    inside = sorted(
        (n for n in names if n.start >= start and n.end <= start + len(text)),
        key=lambda n: n.start,
    )
    # The countries (or organisations) the claim names, under their canonical names
    # ("Beijing" is China), to spell out "the two countries" in the core.
    places: dict[str, str] = {}
    for name in inside:
        if name.type in ("GPE", "NORP", "ORG"):
            same = name.key == name.text.casefold()
            places.setdefault(name.key, name.text if same else name.key.title())
    pair = (*places.values(),) if len(places) == 2 else None
    core = claim_core(text, lexicon, pair=pair)  # type: ignore[arg-type]  # two names
    entities = sorted({n.key for n in inside})
    name_words = {stem(w) for n in inside for w in words(n.text)}
    actor = next((n for n in inside if n.type in ("PERSON", "ORG", "GPE", "NORP")), None)
    # Polarity and antonyms are read on the core: a trailing "not because it supports ..."
    # must not flip the claim itself.
    stems = {stem(w) for w in words(core) if w.casefold() not in STOPWORDS}
    dates, date_spans = dates_in(text)
    omission, topic = omission_in(text, lexicon)
    return MentionFeatures(
        core=core,
        entities=entities,
        actor=actor.key if actor else None,
        actor_type=actor.type if actor else None,
        concepts=sorted(concept_set(core, lexicon, name_words)),
        lead=sorted(concept_set(lead_clause(core), lexicon, name_words)),
        stems=sorted(stems),
        negated=is_negated(core, lexicon),
        numbers=numbers_in(text, date_spans, lexicon),
        dates=sorted(set(dates)),
        antonyms=antonym_sides(stems, lexicon),
        omission=omission,
        omission_topic=topic,
    )


def _plain(value: Any) -> Any:
    return (
        [list(v) if isinstance(v, tuple) else v for v in value]
        if isinstance(value, list)
        else value
    )


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
