"""spaCy's own greedy transition decoders (entities, dependencies), driven step by step from
Python: the same annotations, cheaper.

The stock ``ner`` and ``parser`` pipes decode in C with the GIL released. The entity moves'
BILUO validity checks ask whether a token is a space through ``Lexeme.get_struct_attr``, which
spaCy's Cython build compiles to take the GIL back on every call: dozens of GIL round trips
(mutex, condition variable) per state and step. On PolNeAR news that made the entity decode
loop cost more than twice the networks that feed it. With the GIL held throughout, each of
those calls is cheap. The arc-eager checks take no GIL; the parser still costs 13-19% less CPU
this way on PolNeAR dev (bench/parse_speed.py --profile and interleaved A/B runs), most likely
because a whole batch takes fewer steps than four sorted quarters (not profiled further).

``BatchedDecoder`` drives the decode the way spaCy's own training update does, with the GIL
held: the step model's ``predict`` (the same precomputed features, maxout and output layer)
and the pipe's ``transition_states`` (the same validity checks, argmax and moves), then the
pipe's own ``set_annotations`` (for the parser: heads, labels and sentence starts, then its
postprocesses, i.e. deprojectivisation). The states come from the pipe's own ``init_batch``,
so sentence starts set before the parser (hearsay.long_sentences) bind it exactly as they
bind the stock loop. It also decodes a whole ``nlp.pipe`` batch at once instead of in
quarters sorted by length, which takes fewer steps. A state's scores depend on its own
features only, except that classes the model marks unseen get the batch's lowest score; so a
model with unseen classes (or a beam), or a pipe of another transition system, is decoded by
the stock pipe, as it is. bench/parse_speed.py --check compares the two on real text.

This module imports spaCy at the top: import it only where a pipeline is being loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.pipeline import DependencyParser, EntityRecognizer
from spacy.pipeline.transition_parser import Parser as TransitionPipe
from spacy.tokens import Doc
from spacy.util import minibatch

FACTORY = "hearsay_batched_decoder"


def decodable(pipe: Any) -> bool:
    """Whether the stepwise decode gives exactly the stock pipe's annotations for ``pipe``."""
    return (
        isinstance(pipe, (EntityRecognizer, DependencyParser))
        and pipe.cfg.get("beam_width", 1) == 1
        and not pipe.model.attrs.get("unseen_classes")
    )


class BatchedDecoder:
    """A stock entity recognizer's or parser's model and moves, decoded a batch at a time
    with the GIL held."""

    def __init__(self, stock: TransitionPipe) -> None:  # a recognizer or parser
        self.stock = stock

    def __call__(self, doc: Doc) -> Doc:
        if not self._labels_fit([doc]):
            return self.stock(doc)
        try:
            self._decode([doc])
        except Exception as exc:  # the stock pipe's contract: its error handler decides
            self.stock.get_error_handler()(self.stock.name, self.stock, [doc], exc)
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        error_handler = self.stock.get_error_handler()
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            if not self._labels_fit(batch):
                yield from self.stock.pipe(batch, batch_size=batch_size)
                continue
            try:
                self._decode(batch)
            except Exception as exc:
                error_handler(self.stock.name, self.stock, batch, exc)
            yield from batch

    def _labels_fit(self, docs: list[Doc]) -> bool:
        """Add the labels of preset entities, as the stock pipe does (the parser adds none,
        whatever the preset dependency labels); False if that adds any.

        The model takes a new label as an unseen class, and then only the stock pipe (with
        its own sub-batches) decodes exactly as the stock pipe.
        """
        self.stock._ensure_labels_are_added(docs)
        return decodable(self.stock)

    def _decode(self, docs: list[Doc]) -> None:
        stock = self.stock
        batch = stock.moves.init_batch(docs)
        states = [state for state in batch if not state.is_final()]
        if states:
            step_model = stock.model.predict(docs)
            while states:
                scores = step_model.predict(states)
                states = stock.transition_states(states, scores)
            step_model.clear_memory()
        stock.set_annotations(docs, batch)


@Language.factory(FACTORY, default_config={"decoder": "ner"})
def make_batched_decoder(nlp: Language, name: str, decoder: str) -> BatchedDecoder:
    stock = nlp.get_pipe(decoder)
    if not decodable(stock):
        raise ValueError(
            f"{decoder} is not a greedy entity recognizer or parser without unseen classes"
        )
    return BatchedDecoder(stock)


def install(nlp: Language, decoder: str = "ner") -> bool:
    """Swap the pipe ``decoder`` for the batched decode in place; False (untouched) when not
    possible."""
    if decoder not in nlp.pipe_names or not decodable(nlp.get_pipe(decoder)):
        return False
    nlp.add_pipe(FACTORY, name=f"{decoder}_batched", before=decoder, config={"decoder": decoder})
    nlp.remove_pipe(decoder)
    return True
