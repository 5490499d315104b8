"""The language stage: the language of every segment, and of the document.

py3langid runs offline. It is restricted to a set of widely written languages (the setting
``extra.languages`` replaces the set): on short English lines the full 140-language model
often answers Serbian, Bikol or Luxembourgish, while the restricted one stays right.

A segment shorter than ``min_language_chars`` letters gets no language (None, so the English
pipeline still reads it) unless it is clearly not English: letters English does not use (ą, ė,
š, Cyrillic, ...) and the model agreeing. A longer segment takes the model's answer when it is
English, or when the model is confident or the text has such letters; otherwise None. Non-
English segments are kept and flagged; the pipeline feeds only None and English to spaCy.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from hearsay.layout import foreign_letter_count
from hearsay.models import Document
from hearsay.settings import Settings

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "nl", "da", "sv", "no", "fi", "et", "lv", "lt", "pl",
    "cs", "sk", "sl", "hr", "sr", "bs", "bg", "mk", "ro", "hu", "el", "sq", "ru", "uk", "be",
    "ka", "hy", "az", "kk", "tr", "ar", "fa", "he", "ur", "hi", "zh", "ja", "ko", "vi", "id",
    "th", "ms", "ca", "ga", "is",
)  # fmt: skip
# On text without foreign letters, a non-English answer is trusted only from this probability
# and this many letters up: short English headlines ("Velin Strait collision") often come
# out French or Dutch.
MIN_CONFIDENCE = 0.9
MIN_LETTERS_WITHOUT_MARKS = 40
# The model reads at most this many characters of a segment: plenty to tell a language, and
# it keeps the stage fast on long paragraphs (py3langid walks the text byte by byte in Python).
MAX_LANGUAGE_CHARS = 600
_LETTER = re.compile(r"[^\W\d_]")
# Foreign letters that make a short line "clearly not English" ("Atsisiųsti PDF").
MIN_FOREIGN_LETTERS = 1


@lru_cache(maxsize=4)
def identifier(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> LanguageIdentifier:
    """The py3langid model restricted to ``languages`` (loaded once per process, ~1.5 s)."""
    import numpy
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(model.labels() if callable(model.labels) else model.labels)
    wanted = [code for code in languages if code in known]
    unknown = sorted(set(languages) - known)
    if unknown:
        logger.warning("language codes the detector does not know, ignored: %s", unknown)
    if wanted:
        model.set_languages(wanted)
    # Restricting the languages leaves the feature table column-major, so each document's
    # feature rows are gathered from 100,000-apart addresses; a row-major copy holds the same
    # numbers (identical scores) and makes scoring ~25% cheaper.
    model.nb_ptc = numpy.ascontiguousarray(model.nb_ptc)
    return model


def warm_up(settings: Settings | None = None) -> None:
    identifier(_languages(settings or Settings()))


def _languages(settings: Settings) -> tuple[str, ...]:
    return settings.languages or DEFAULT_LANGUAGES


def guess_language(text: str, settings: Settings | None = None) -> tuple[str | None, float | None]:
    """(ISO 639-1 code or None, the model's probability) for one stretch of text."""
    settings = settings or Settings()
    sample = text[:MAX_LANGUAGE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return None, None
    foreign = foreign_letter_count(sample)
    short = letters < settings.min_language_chars
    if short and foreign < MIN_FOREIGN_LETTERS:
        return None, None
    code, probability = identifier(_languages(settings)).classify(sample)
    code, probability = str(code), float(probability)
    english = set(settings.english_codes)
    if code in english:
        return (None, None) if short else (code, probability)
    if foreign >= MIN_FOREIGN_LETTERS:
        return code, probability
    if probability >= MIN_CONFIDENCE and letters >= MIN_LETTERS_WITHOUT_MARKS:
        return code, probability
    return None, None


def detect_languages(document: Document, settings: Settings) -> Document:
    """A copy of ``document`` with each segment's language and the document's majority one."""
    result = document.model_copy(deep=True)
    text = result.text
    characters: Counter[str] = Counter()
    for segment in result.segments:
        piece = text[segment.start : segment.end]
        segment.language, segment.language_score = guess_language(piece, settings)
        if segment.language:
            characters[segment.language] += len(piece)
    if characters:
        result.language = characters.most_common(1)[0][0]
    elif text.strip():
        result.language = guess_language(text, settings)[0]
    else:
        result.language = None
    return result
