"""The reporting-cue lexicon: the verbs and phrases that introduce what someone said.

Each cue carries a *lean*: how the reporter frames the statement ("said" is neutral,
"claimed" doubting, "denied" denying, "assured" asserting, "warned" warning). The lexicon is a
packaged TSV file (``data/cues.tsv``) that users extend with their own files through the
``cues_files`` setting; a later entry overrides an earlier one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hearsay.datafiles import load_lexicon
from hearsay.errors import SettingsError
from hearsay.settings import Settings

logger = logging.getLogger(__name__)

CUE_KINDS = ("verb", "phrase", "noun", "prep", "adjective")
WORDS_FILE = "attribution_words.json"


@dataclass(frozen=True)
class CueEntry:
    cue: str  # a verb lemma, or lowercased words
    lean: str
    kind: str


@dataclass(frozen=True)
class AttributionWords:
    """The stage's word lists (``data/attribution_words.json``, user-extendable): hedges on
    an attribution, platforms and channel nouns, occasion nouns."""

    hedges: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    occasions: frozenset[str] = frozenset()

    @classmethod
    def load(cls, extra_files: Sequence[str] = ()) -> AttributionWords:
        """The packaged lists, with each JSON file of ``extra_files`` appended."""
        data = load_lexicon(WORDS_FILE, tuple(extra_files))
        try:
            return cls(**{name: frozenset(str(w).lower() for w in data.get(name, []))
                          for name in ("hedges", "platforms", "channels", "occasions")})
        except TypeError as exc:
            raise SettingsError(f"attribution word lists must be lists of words: {exc}") from exc


@lru_cache(maxsize=8)
def attribution_words(extra_files: tuple[str, ...] = ()) -> AttributionWords:
    """The word lists, read once per process for each set of extra files."""
    return AttributionWords.load(extra_files)


@dataclass
class CueLexicon:
    """Reporting cues by kind; phrases are kept as tuples of lowercased words."""

    verbs: dict[str, CueEntry] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], CueEntry] = field(default_factory=dict)
    nouns: dict[str, CueEntry] = field(default_factory=dict)
    adjectives: dict[str, CueEntry] = field(default_factory=dict)
    words: AttributionWords = field(default_factory=lambda: attribution_words())

    def add(self, entry: CueEntry) -> None:
        if entry.kind == "verb":
            self.verbs[entry.cue] = entry
        elif entry.kind == "noun":
            self.nouns[entry.cue] = entry
        elif entry.kind == "adjective":
            self.adjectives[entry.cue] = entry
        else:
            self.phrases[tuple(entry.cue.split())] = entry

    def verb_lean(self, lemma: str) -> str | None:
        entry = self.verbs.get(lemma.lower())
        return entry.lean if entry else None

    def phrase_lean(self, words: tuple[str, ...]) -> str | None:
        entry = self.phrases.get(tuple(w.lower() for w in words))
        return entry.lean if entry else None

    def lean_of(self, text: str, lemma: str | None = None) -> str:
        """The lean of a cue as written ("was quoted as saying") or by its head lemma."""
        words = tuple(text.lower().split())
        phrase = self.phrases.get(words)
        if phrase:
            return phrase.lean
        if lemma and lemma.lower() in self.verbs:
            return self.verbs[lemma.lower()].lean
        for word in words:
            if word in self.verbs:
                return self.verbs[word].lean
        return "neutral"

    @property
    def max_phrase_length(self) -> int:
        return max((len(p) for p in self.phrases), default=0)

    def __len__(self) -> int:
        return len(self.verbs) + len(self.phrases) + len(self.nouns) + len(self.adjectives)


def parse_cue_lines(lines: list[str], origin: str) -> list[CueEntry]:
    """Read lexicon lines (``cue<TAB>lean<TAB>kind``); ``#`` starts a comment."""
    entries: list[CueEntry] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].rstrip("\n")
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0]:
            raise SettingsError(f"{origin}:{number}: expected 'cue<TAB>lean[<TAB>kind]'")
        kind = parts[2] if len(parts) > 2 and parts[2] else _default_kind(parts[0])
        if kind not in CUE_KINDS:
            raise SettingsError(f"{origin}:{number}: unknown cue kind {kind!r}")
        entries.append(CueEntry(cue=parts[0].lower(), lean=parts[1], kind=kind))
    return entries


def _default_kind(cue: str) -> str:
    return "phrase" if " " in cue else "verb"


def load_cues(settings: Settings | None = None) -> CueLexicon:
    """The packaged cue lexicon, extended by the files in ``settings.cues_files``: TSV files
    add cues, JSON files extend the word lists (``data/attribution_words.json``)."""
    settings = settings or Settings()
    word_files = tuple(f for f in settings.cues_files if f.lower().endswith(".json"))
    lexicon = CueLexicon(words=attribution_words(word_files))
    packaged = resources.files("hearsay").joinpath("data/cues.tsv")
    text = packaged.read_text(encoding="utf-8")
    for entry in parse_cue_lines(text.splitlines(), "cues.tsv"):
        lexicon.add(entry)
    for extra in settings.cues_files:
        if extra in word_files:
            continue
        path = Path(extra)
        if not path.is_file():
            raise SettingsError(f"cue lexicon not found: {path}")
        lines = path.read_text(encoding="utf-8").splitlines()
        for entry in parse_cue_lines(lines, str(path)):
            lexicon.add(entry)
        logger.info("loaded extra cues from %s", path)
    return lexicon
