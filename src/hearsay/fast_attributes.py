"""A table-driven stand-in for spaCy's ``attribute_ruler``: the same token attributes, cheaper.

The stock ruler runs a ``Matcher`` over every token with all of its ~180 patterns (the tag map
TAG -> POS/MORPH, and exceptions such as "TAG=PRP and LOWER=him"). On PolNeAR news that costs
as much CPU as the dependency parser. Its patterns only ever test a token's own attributes
(TAG, LOWER, DEP, IS_SPACE, ...) with equality, IN, NOT_IN or REGEX, a few look at the next
token, and the ruler applies every match in pattern order, later patterns overriding earlier
ones. So the answer for a token depends on a small tuple of facts, and can be worked out once
per tuple and looked up afterwards.

``AttributeTable.from_ruler`` reads the loaded model's own ruler (its patterns, normalised
attributes and target indices: nothing is copied by hand) and returns None when a pattern uses
anything it does not reproduce exactly (quantifiers, extension attributes, comparison or fuzzy
predicates, unknown attributes): the caller then keeps the stock ruler. The check that both
give identical tokens on real text is bench/parse_speed.py --check.

This module imports spaCy at the top: import it only where a pipeline is being loaded.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

logger = logging.getLogger(__name__)

FACTORY = "hearsay_attribute_table"

# Pattern keys read as strings (the Matcher compares their string hashes) ...
STRING_ATTRS = frozenset(
    {"ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "DEP", "LEMMA", "ENT_TYPE"}
)
# ... and lexeme flags, read as 0/1.
FLAG_ATTRS = frozenset(
    {
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE",
        "IS_UPPER", "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
        "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
    }
)  # fmt: skip
# Attributes the ruler may set that are plain token fields (no side effects to reproduce).
WRITABLE_ATTRS = frozenset({"POS", "TAG", "MORPH", "LEMMA", "DEP", "NORM", "ENT_TYPE"})


class Unsupported(ValueError):
    """A ruler pattern this table cannot reproduce exactly."""


@dataclass(frozen=True)
class Test:
    """One test on one attribute's string (or 0/1 flag): equal, in, not in, or regex search."""

    kind: str  # "eq", "in", "not_in", "regex"
    value: Any

    def holds(self, text: str, flag: int) -> bool:
        if self.kind == "eq":
            return bool(flag == self.value) if isinstance(self.value, int) else text == self.value
        if self.kind == "in":
            return text in self.value
        if self.kind == "not_in":
            return text not in self.value
        return bool(self.value.search(text))


def _tests_for(key: str, spec: Any) -> list[Test]:
    """The tests a Matcher token spec puts on one attribute (raises Unsupported otherwise)."""
    flag = key in FLAG_ATTRS
    if isinstance(spec, bool) or (isinstance(spec, int) and flag):
        if not flag:
            raise Unsupported(f"boolean value on string attribute {key}")
        return [Test("eq", int(spec))]
    if isinstance(spec, str):
        if flag:
            raise Unsupported(f"string value on flag attribute {key}")
        return [Test("eq", spec)]
    if isinstance(spec, dict) and not flag:
        tests = []
        for operator, value in spec.items():
            operator = operator.upper()
            if operator in ("IN", "NOT_IN") and all(isinstance(v, str) for v in value):
                tests.append(Test(operator.lower(), frozenset(value)))
            elif operator == "REGEX" and isinstance(value, str):
                tests.append(Test("regex", re.compile(value)))
            else:
                raise Unsupported(f"predicate {operator} on {key}")
        return tests
    raise Unsupported(f"value {spec!r} on {key}")


@dataclass
class AttributeTest:
    """The tests on one attribute; each token's answers are a bit mask, cached per value."""

    name: str
    tests: list[Test] = field(default_factory=list)
    masks: dict[int, int] = field(default_factory=dict)

    def bit(self, test: Test) -> int:
        if test not in self.tests:
            self.tests.append(test)
        return 1 << self.tests.index(test)

    def freeze(self) -> None:
        """Index the equality and IN tests by string, so a new word costs one dict lookup."""
        self._by_text: dict[Any, int] = {}
        self._others: list[tuple[int, Test]] = []
        for position, test in enumerate(self.tests):
            if test.kind == "eq" and isinstance(test.value, str):
                self._by_text[test.value] = self._by_text.get(test.value, 0) | 1 << position
            elif test.kind == "in":
                for text in test.value:
                    self._by_text[text] = self._by_text.get(text, 0) | 1 << position
            else:
                self._others.append((1 << position, test))

    def mask(self, value: int, strings: Any) -> int:
        mask = self.masks.get(value)
        if mask is None:
            flag = self.name in FLAG_ATTRS
            text = "" if flag else strings[value]
            mask = 0 if flag else self._by_text.get(text, 0)
            for bit, test in self._others:
                if test.holds(text, value):
                    mask |= bit
            self.masks[value] = mask
        return mask


# A token constraint: for each attribute read, the mask of tests that must all hold.
Constraint = tuple[int, ...]


@dataclass(frozen=True)
class Window:
    """A multi-token pattern: consecutive constraints, and which of its tokens gets the attrs."""

    group: int
    constraints: tuple[int, ...]  # indices into AttributeTable.constraints
    target: int


# Per token signature: its one-token pattern groups, bits of the window constraints it meets,
# and the (column, value) writes its groups resolve to.
Signature = tuple[tuple[int, ...], int, tuple[tuple[int, int], ...]]


class AttributeTable:
    """The attribute ruler's patterns, evaluated per distinct token signature."""

    def __init__(self, vocab: Vocab, ruler: AttributeRuler) -> None:
        self.vocab = vocab
        self.attributes: list[AttributeTest] = []
        self.constraints: list[Constraint] = []
        self.single: list[tuple[int, int]] = []  # (group, constraint) for one-token patterns
        self.windows: list[Window] = []
        self.group_attrs: list[dict[int, int]] = []
        specs: list[Any] = list(ruler.patterns)
        if len(specs) != len(ruler.attrs) or len(specs) != len(ruler.indices):
            raise Unsupported("ruler patterns and attributes are out of step")
        names: dict[str, AttributeTest] = {}
        parsed: list[tuple[int, list[list[dict[str, list[Test]]]], int]] = []
        for group, (spec, attrs, index) in enumerate(
            zip(specs, ruler.attrs, ruler.indices, strict=True)
        ):
            self.group_attrs.append(self._writable(attrs))
            patterns = []
            for pattern in spec["patterns"]:
                if not pattern:
                    raise Unsupported("empty pattern")
                tokens = []
                for token_spec in pattern:
                    tests: dict[str, list[Test]] = {}
                    for raw_key, value in token_spec.items():
                        key = raw_key.upper()
                        key = "ORTH" if key == "TEXT" else key
                        if key not in STRING_ATTRS and key not in FLAG_ATTRS:
                            raise Unsupported(f"pattern key {raw_key}")
                        tests.setdefault(key, []).extend(_tests_for(key, value))
                        names.setdefault(key, AttributeTest(key))
                    tokens.append(tests)
                patterns.append(tokens)
            parsed.append((group, patterns, int(index)))
        self.attributes = sorted(names.values(), key=lambda a: a.name)
        self.read_ids: list[int | str] = [IDS[a.name] for a in self.attributes]
        for group, patterns, index in parsed:
            for tokens in patterns:
                target = index if index >= 0 else len(tokens) + index
                if not 0 <= target < len(tokens):
                    raise Unsupported(f"index {index} outside a {len(tokens)}-token pattern")
                ids = tuple(self._constraint(tests) for tests in tokens)
                if len(ids) == 1:
                    self.single.append((group, ids[0]))
                else:
                    self.windows.append(Window(group, ids, target))
        for attribute in self.attributes:
            attribute.freeze()
        self.write_ids: list[int | str] = sorted({a for attrs in self.group_attrs for a in attrs})
        if not self.read_ids or not self.write_ids:
            raise Unsupported("the ruler reads or sets no token attribute")
        self._signatures: dict[tuple[int, ...], Signature] = {}

    @classmethod
    def from_ruler(cls, vocab: Vocab, ruler: AttributeRuler) -> AttributeTable | None:
        """The table for ``ruler``, or None when it uses something the table cannot mirror."""
        try:
            return cls(vocab, ruler)
        except Unsupported as exc:
            logger.info("keeping spaCy's attribute_ruler: %s", exc)
            return None

    @staticmethod
    def _writable(attrs: dict[Any, Any]) -> dict[int, int]:
        names = {v: k for k, v in IDS.items()}
        out = {}
        for attr, value in attrs.items():
            if not isinstance(attr, int) or names.get(attr) not in WRITABLE_ATTRS:
                raise Unsupported(f"ruler sets {attr!r}")
            out[attr] = int(value)
        return out

    def _constraint(self, tests: dict[str, list[Test]]) -> int:
        masks = []
        for attribute in self.attributes:
            mask = 0
            for test in tests.get(attribute.name, []):
                mask |= attribute.bit(test)
            masks.append(mask)
        constraint = tuple(masks)
        if constraint not in self.constraints:
            self.constraints.append(constraint)
        return self.constraints.index(constraint)

    def _signature(self, key: tuple[int, ...]) -> Signature:
        """For a token's test masks: its one-token groups, window bits, and resolved attrs."""
        entry = self._signatures.get(key)
        if entry is None:
            satisfied = {
                position
                for position, constraint in enumerate(self.constraints)
                if all(m & need == need for m, need in zip(key, constraint, strict=True))
            }
            groups = tuple(sorted({g for g, c in self.single if c in satisfied}))
            bits = 0
            for c in satisfied:
                bits |= 1 << c
            entry = (groups, bits, self._patch(groups))
            self._signatures[key] = entry
        return entry

    def _patch(self, groups: Iterable[int]) -> tuple[tuple[int, int], ...]:
        """(column of write_ids, value) for a token matched by ``groups``."""
        # The ruler applies matches sorted by pattern number: the last pattern setting an
        # attribute decides it.
        resolved: dict[int, int] = {}
        for group in sorted(groups):
            resolved.update(self.group_attrs[group])
        return tuple((self.write_ids.index(attr), value) for attr, value in resolved.items())

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        strings = self.vocab.strings
        read: Any = doc.to_array(self.read_ids)
        columns: list[list[int]] = read.reshape(n, len(self.read_ids)).T.tolist()
        for attribute, column in zip(self.attributes, columns, strict=True):
            masks = attribute.masks
            column[:] = [masks[v] if v in masks else attribute.mask(v, strings) for v in column]
        known = self._signatures
        signatures = [known.get(key) or self._signature(key) for key in zip(*columns, strict=True)]
        current: Any = doc.to_array(self.write_ids)
        rows: list[list[int]] = current.reshape(n, len(self.write_ids)).tolist()
        for row, (_groups, _bits, patch) in zip(rows, signatures, strict=True):
            for position, value in patch:
                row[position] = value
        if self.windows:
            for i, groups in self._window_matches(signatures).items():
                for position, value in self._patch(signatures[i][0] + tuple(groups)):
                    rows[i][position] = value
        values: Any = numpy.asarray(rows, dtype=numpy.uint64)
        doc.from_array(self.write_ids, values)
        return doc

    def _window_matches(self, signatures: Sequence[Signature]) -> dict[int, list[int]]:
        """Groups of multi-token patterns, by the token each one targets."""
        present = 0
        for _, bits, _ in signatures:
            present |= bits
        found: dict[int, list[int]] = {}
        n = len(signatures)
        for window in self.windows:
            if any(not present >> c & 1 for c in window.constraints):
                continue
            first, width = window.constraints[0], len(window.constraints)
            for start in range(n - width + 1):
                if not signatures[start][1] >> first & 1:
                    continue
                if all(signatures[start + j][1] >> c & 1 for j, c in enumerate(window.constraints)):
                    found.setdefault(start + window.target, []).append(window.group)
        return found


@Language.factory(FACTORY, default_config={"ruler": "attribute_ruler"})
def make_attribute_table(nlp: Language, name: str, ruler: str) -> AttributeTable:
    table = AttributeTable.from_ruler(nlp.vocab, nlp.get_pipe(ruler))  # type: ignore[arg-type]
    if table is None:
        raise Unsupported(f"{ruler} uses patterns the attribute table cannot mirror")
    return table


def install(nlp: Language, ruler: str = "attribute_ruler") -> bool:
    """Swap ``ruler`` for the table in place; False (pipeline untouched) when not possible."""
    if ruler not in nlp.pipe_names:
        return False
    component = nlp.get_pipe(ruler)
    if not isinstance(component, AttributeRuler):
        return False
    if AttributeTable.from_ruler(nlp.vocab, component) is None:
        return False
    nlp.add_pipe(FACTORY, name=f"{ruler}_table", before=ruler, config={"ruler": ruler})
    nlp.remove_pipe(ruler)
    return True
