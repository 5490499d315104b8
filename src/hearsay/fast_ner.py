"""spaCy's own greedy entity decoder, driven step by step from Python: the same entities, cheaper.

The stock ``ner`` pipe decodes in C with the GIL released, but its BILUO validity checks ask
whether a token is a space through ``Lexeme.get_struct_attr``, which spaCy's Cython build
compiles to take the GIL back on every call: dozens of GIL round trips (mutex, condition
variable) per state and step. On PolNeAR news that made the decode loop cost more than twice
the networks that feed it. With the GIL held throughout, each of those calls is cheap.

``BatchedRecognizer`` drives the decode the way spaCy's own training update does, with the GIL
held: the step model's ``predict`` (the same precomputed features, maxout and output layer)
and the pipe's ``transition_states`` (the same validity checks, argmax and moves), then the
stock ``set_annotations``. It also decodes a whole ``nlp.pipe`` batch at once instead of in
quarters, which takes fewer steps. A state's scores depend on its own features only, except
that classes the model marks unseen get the batch's lowest score; so a model with unseen
classes (or a beam) is decoded by the stock pipe, as it is. bench/parse_speed.py --check
compares the two on real text.

This module imports spaCy at the top: import it only where a pipeline is being loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from spacy.util import minibatch

FACTORY = "hearsay_batched_ner"


def decodable(recognizer: Any) -> bool:
    """Whether the stepwise decode gives exactly the stock pipe's entities for ``recognizer``."""
    return (
        isinstance(recognizer, EntityRecognizer)
        and recognizer.cfg.get("beam_width", 1) == 1
        and not recognizer.model.attrs.get("unseen_classes")
    )


class BatchedRecognizer:
    """The stock entity recognizer's model and moves, decoded a batch at a time with the GIL."""

    def __init__(self, recognizer: EntityRecognizer) -> None:
        self.recognizer = recognizer

    def __call__(self, doc: Doc) -> Doc:
        if not self._labels_fit([doc]):
            return self.recognizer(doc)
        try:
            self._decode([doc])
        except Exception as exc:  # the stock pipe's contract: its error handler decides
            self.recognizer.get_error_handler()(self.recognizer.name, self.recognizer, [doc], exc)
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        error_handler = self.recognizer.get_error_handler()
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            if not self._labels_fit(batch):
                yield from self.recognizer.pipe(batch, batch_size=batch_size)
                continue
            try:
                self._decode(batch)
            except Exception as exc:
                error_handler(self.recognizer.name, self.recognizer, batch, exc)
            yield from batch

    def _labels_fit(self, docs: list[Doc]) -> bool:
        """Add the labels of preset entities, as the stock pipe does; False if that adds any.

        The model takes a new label as an unseen class, and then only the stock pipe (with
        its own sub-batches) decodes exactly as the stock pipe.
        """
        self.recognizer._ensure_labels_are_added(docs)
        return decodable(self.recognizer)

    def _decode(self, docs: list[Doc]) -> None:
        recognizer = self.recognizer
        batch = recognizer.moves.init_batch(docs)
        states = [state for state in batch if not state.is_final()]
        if states:
            step_model = recognizer.model.predict(docs)
            while states:
                scores = step_model.predict(states)
                states = recognizer.transition_states(states, scores)
            step_model.clear_memory()
        recognizer.set_annotations(docs, batch)


@Language.factory(FACTORY, default_config={"recognizer": "ner"})
def make_batched_recognizer(nlp: Language, name: str, recognizer: str) -> BatchedRecognizer:
    stock = nlp.get_pipe(recognizer)
    if not decodable(stock):
        raise ValueError(f"{recognizer} is not a greedy entity recognizer without unseen classes")
    return BatchedRecognizer(stock)


def install(nlp: Language, recognizer: str = "ner") -> bool:
    """Swap ``recognizer`` for the batched decoder in place; False (untouched) when not possible."""
    if recognizer not in nlp.pipe_names or not decodable(nlp.get_pipe(recognizer)):
        return False
    nlp.add_pipe(
        FACTORY, name=f"{recognizer}_batched", before=recognizer, config={"recognizer": recognizer}
    )
    nlp.remove_pipe(recognizer)
    return True
