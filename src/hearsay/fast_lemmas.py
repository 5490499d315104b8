"""Answer the rule lemmatizer's word-index lookups from a set, with the same lemmas.

spaCy's rule lemmatizer checks every candidate form with ``form in index``, where ``index`` is
the ``lemma_index`` table's word list for the part of speech (57,000 verbs, 21,000 nouns in
en_core_web_sm): a linear scan per candidate. Its cache hides that on words seen before, but
each new word costs milliseconds, which makes the lemmatizer cost as much as the parser on a
corpus with fresh vocabulary. The lists are only ever tested for membership, so a list that
keeps its contents and order and answers ``in`` from a set gives the same lemmas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class WordIndex(list[str]):
    """A lemma index word list whose ``in`` is a set lookup (contents and order unchanged).

    The lemmatizer never changes its tables after loading; the set is built once here.
    """

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._words = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._words


def index_lemma_tables(nlp: Any, name: str = "lemmatizer") -> bool:
    """Give ``nlp``'s rule lemmatizer set-backed word indexes; False when there is none."""
    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    lookups = getattr(lemmatizer, "lookups", None)
    if getattr(lemmatizer, "mode", None) != "rule" or lookups is None:
        return False
    if not lookups.has_table("lemma_index"):
        return False
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, WordIndex):
            table[key] = WordIndex(words)
    return True
