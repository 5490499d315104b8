"""A bound on sentence length, set before the parser runs.

A paragraph of thousands of words without a full stop (a scraped forum post, a machine
transcript) parses as one "sentence", and everything that reads a sentence or a clause —
attribution content, hedges, speaker options — then costs time in proportion to its square.
This component marks a sentence start after at most ``MAX_SENTENCE_TOKENS`` tokens, at the
last comma, semicolon, colon or dash of the run when there is one; the parser keeps sentence
starts set before it. Ordinary prose (news sentences run to 20–60 tokens) is never touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_SENTENCE_TOKENS = 200
BREAK_REACH = 60  # how far back from the bound a comma or dash may stand to take the break
BREAKS = frozenset({",", ";", ":", "—", "–", "-", "…"})
NAME = "hearsay_long_sentences"


def bound_sentences(doc: Doc) -> Doc:
    """Mark sentence starts so that no run between full stops exceeds the bound."""
    if len(doc) <= MAX_SENTENCE_TOKENS:
        return doc
    last_stop = 0
    i = 1
    while i < len(doc):
        token = doc[i - 1]
        if token.text in {".", "!", "?"} or "\n" in token.whitespace_ or "\n" in token.text:
            last_stop = i
        elif i - last_stop >= MAX_SENTENCE_TOKENS:
            cut = next(
                (j + 1 for j in range(i - 1, max(last_stop, i - BREAK_REACH), -1)
                 if doc[j].text in BREAKS),
                i,
            )
            doc[cut].is_sent_start = True
            last_stop = cut
            i = cut
        i += 1
    return doc


def add_to(nlp: Language) -> bool:
    """Put the bound before the parser (once); False when the pipeline has no parser."""
    from spacy.language import Language

    if NAME in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return False
    if NAME not in Language.factories:
        Language.component(NAME, func=bound_sentences)
    nlp.add_pipe(NAME, before="parser")
    return True
