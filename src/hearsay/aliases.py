"""The alias table: canonical entities and every name, metonym and slur they go by.

The packaged ``data/aliases.json`` (its ``_about`` key documents the format) is merged with the
user's files in ``settings.aliases_files``. Lookups ignore case, accents, curly quotes, a leading
"the" and a trailing possessive; scanning a parsed text for names the NER missed is one dict probe
per token, with the automaton built once per table rather than once per document.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hearsay.errors import SettingsError
from hearsay.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

Relation = Literal["name", "alias", "metonym", "pejorative"]

PACKAGED_FILE = "aliases.json"
_MAX_ALIAS_TOKENS = 10
_SHORT_ALIAS = 3  # aliases this short (Xi, US, UN) must match with their exact case


@dataclass(frozen=True)
class EntitySpec:
    """One canonical entity of the alias file."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    pejoratives: tuple[str, ...] = ()
    demonym_of: str | None = None

    @classmethod
    def from_json(cls, item: Any, origin: str) -> EntitySpec:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise SettingsError(f"{origin}: every entity needs a 'name' string, got {item!r}")
        if not isinstance(item.get("type"), str):
            raise SettingsError(f"{origin}: entity {item['name']!r} needs a 'type' string")

        def strings(key: str) -> tuple[str, ...]:
            values = item.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise SettingsError(f"{origin}: {item['name']!r}.{key} must be a list of strings")
            return tuple(v for v in values if v.strip())

        demonym_of = item.get("demonym_of")
        return cls(
            name=item["name"].strip(),
            type=item["type"].strip().upper(),
            aliases=strings("aliases"),
            metonyms=strings("metonyms"),
            pejoratives=strings("pejoratives"),
            demonym_of=demonym_of if isinstance(demonym_of, str) else None,
        )

    def names(self) -> Iterator[tuple[str, Relation]]:
        yield self.name, "name"
        for alias in self.aliases:
            yield alias, "alias"
        for metonym in self.metonyms:
            yield metonym, "metonym"
        for pejorative in self.pejoratives:
            yield pejorative, "pejorative"


@dataclass(frozen=True)
class Resolution:
    """What a name in the text stands for, according to the alias table."""

    canonical: str
    type: str
    relation: Relation


@dataclass(frozen=True)
class AliasMatch:
    """A table name found in a spaCy Doc: tokens ``[start, end)``."""

    start: int
    end: int
    resolution: Resolution


_QUOTES = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
    }
)
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"'s?$")
_FIRST_RUN = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and quote-insensitive form of ``text`` with single spaces."""
    text = _SPACES.sub(" ", text.translate(_QUOTES)).strip()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text.casefold()


def alias_key(text: str) -> str:
    """The lookup key of a name: folded, without a leading "the" or a trailing possessive."""
    key = fold(text)
    key = _LEADING_THE.sub("", key)
    return _TRAILING_POSSESSIVE.sub("", key).strip()


def _first_run(folded: str) -> str:
    match = _FIRST_RUN.search(folded)
    return match.group(0) if match else ""


def _display_form(text: str) -> str:
    """A name as written in the file, without the leading "the" that matching ignores."""
    return _LEADING_THE.sub("", _SPACES.sub(" ", text.translate(_QUOTES)).strip())


def _case_fits(surface: str, form: str) -> bool:
    """Whether ``surface`` is written the way ``form`` requires: short names and acronyms
    exactly, otherwise every capitalised word of ``form`` capitalised in ``surface``."""
    letters = [c for c in form if c.isalpha()]
    if len(letters) <= _SHORT_ALIAS or (len(letters) > 1 and all(c.isupper() for c in letters)):
        return _strip_accents(surface) == _strip_accents(form)
    surface_words, form_words = surface.split(), form.split()
    if len(surface_words) != len(form_words):
        return surface[:1].isupper() or not form[:1].isupper()
    pairs = zip(surface_words, form_words, strict=True)
    return all(s[:1].isupper() or not f[:1].isupper() for s, f in pairs)


def _strip_accents(text: str) -> str:
    text = _SPACES.sub(" ", text.translate(_QUOTES)).strip()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class AliasTable:
    """Canonical entities, their names, and the per-token automaton that finds them in text."""

    specs: dict[str, EntitySpec] = field(default_factory=dict)  # folded name -> spec
    surname_first: frozenset[str] = frozenset()  # folded family names written first
    role_heads: frozenset[str] = frozenset()  # folded nouns that head a person's role
    _by_key: dict[str, Resolution] = field(default_factory=dict, repr=False)
    _places: dict[str, Resolution] = field(default_factory=dict, repr=False)
    _forms: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _first_runs: frozenset[str] = field(default=frozenset(), repr=False)
    _prefixes: frozenset[str] = field(default=frozenset(), repr=False)
    _max_key_chars: int = field(default=0, repr=False)
    _starts: dict[int, bool] = field(default_factory=dict, repr=False)  # word hash -> may start

    @classmethod
    def build(
        cls,
        layers: Iterable[Iterable[EntitySpec]],
        surname_first: Iterable[str] = (),
        role_heads: Iterable[str] = (),
    ) -> AliasTable:
        """A table from layers of entity specs (the packaged file, then each user file).

        A spec replaces any earlier spec with the same name, and a name it lists is taken
        from earlier layers' specs; within one layer a name that is both a state's metonym and
        a place of its own ("Moscow") resolves to the state and keeps the place for literal use.
        """
        layer_lists = [list(layer) for layer in layers]
        replaced_later: set[str] = set()
        kept_layers: list[list[EntitySpec]] = []
        for layer in reversed(layer_lists):
            kept_layers.append([s for s in layer if fold(s.name) not in replaced_later])
            replaced_later.update(fold(s.name) for s in layer)
        kept_layers.reverse()
        table = cls(
            surname_first=frozenset(fold(s) for s in surname_first),
            role_heads=frozenset(fold(r) for r in role_heads),
        )
        for layer in kept_layers:
            table._add_layer(layer)
        table._first_runs = frozenset(_first_run(k) for k in table._by_key)
        table._prefixes = frozenset(k[:n] for k in table._by_key for n in range(1, len(k) + 1))
        table._max_key_chars = max((len(k) for k in table._by_key), default=0)
        return table

    def _add_layer(self, specs: list[EntitySpec]) -> None:
        by_key: dict[str, Resolution] = {}
        places: dict[str, Resolution] = {}
        forms: dict[str, list[str]] = {}
        for spec in specs:
            self.specs[fold(spec.name)] = spec
            for text, relation in spec.names():
                key = alias_key(text)
                if not key:
                    continue
                forms.setdefault(key, []).append(_display_form(text))
                resolution = Resolution(spec.name, spec.type, relation)
                previous = by_key.get(key)
                if previous is None:
                    by_key[key] = resolution
                elif previous.canonical == spec.name:
                    continue  # a spec listing its own name twice ("the US", "US")
                elif relation == "metonym" and previous.relation in ("name", "alias"):
                    places[key], by_key[key] = previous, resolution
                elif previous.relation == "metonym" and relation in ("name", "alias"):
                    places[key] = resolution
                else:
                    logger.warning(
                        "alias %r is listed for both %r and %r; keeping %r",
                        text,
                        previous.canonical,
                        spec.name,
                        spec.name,
                    )
                    by_key[key] = resolution
        for key, resolution in by_key.items():
            self._by_key[key] = resolution
            if key in places:
                self._places[key] = places[key]
            else:
                self._places.pop(key, None)
            self._forms[key] = tuple(dict.fromkeys(forms[key]))

    def __len__(self) -> int:
        return len(self.specs)

    def spec(self, canonical: str) -> EntitySpec | None:
        return self.specs.get(fold(canonical))

    def lookup(self, text: str) -> Resolution | None:
        """What ``text`` names, ignoring case; None if the table does not know it."""
        return self._by_key.get(alias_key(text))

    def place(self, text: str) -> Resolution | None:
        """The literal place a metonym also names ("Moscow" the city), if the table has it."""
        return self._places.get(alias_key(text))

    def written_as_listed(self, text: str) -> bool:
        """Whether ``text`` has the case of one of its listed forms (US, not "us")."""
        forms = self._forms.get(alias_key(text), ())
        surface = _display_form(text)
        if surface.endswith(("'s", "'")):
            surface = _TRAILING_POSSESSIVE.sub("", surface)
        return any(_case_fits(surface, form) for form in forms)

    def scan(self, doc: Doc) -> list[AliasMatch]:
        """Table names in ``doc``, leftmost-longest, not overlapping, written as listed."""
        matches: list[AliasMatch] = []
        text = doc.text
        # Token objects are costly to create: look at the lowercase hash array first and build
        # tokens only where a table name could start.
        lowers: list[int] = doc.to_array("LOWER").tolist()
        n_tokens = len(lowers)
        i = 0
        while i < n_tokens:
            if not self._may_start(lowers[i], doc):
                i += 1
                continue
            start_char = doc[i].idx
            best: tuple[int, Resolution] | None = None
            for j in range(i, min(n_tokens, i + _MAX_ALIAS_TOKENS)):
                end_token = doc[j]
                end_char = end_token.idx + len(end_token.text)
                if end_char - start_char > self._max_key_chars + 4:
                    break
                if end_token.is_space:
                    continue
                surface = text[start_char:end_char]
                key = fold(surface)
                if key not in self._prefixes:
                    break  # no table name goes on like this
                resolution = self._by_key.get(key)
                if resolution is not None and any(
                    _case_fits(surface, form) for form in self._forms.get(key, ())
                ):
                    best = (j + 1, resolution)
            if best is None:
                i += 1
                continue
            matches.append(AliasMatch(i, best[0], best[1]))
            i = best[0]
        return matches

    def _may_start(self, lower: int, doc: Doc) -> bool:
        known = self._starts.get(lower)
        if known is None:
            known = _first_run(fold(doc.vocab.strings[lower])) in self._first_runs
            if len(self._starts) < 500_000:  # bounded: one entry per distinct word
                self._starts[lower] = known
        return known


def _read_file(path: Path | str, origin: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"cannot read alias file {origin}: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SettingsError(f"alias file {origin} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entities", []), list):
        raise SettingsError(f"alias file {origin} must be an object with an 'entities' list")
    return data


def _word_list(data: dict[str, Any], key: str, origin: str) -> list[str]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SettingsError(f"alias file {origin}: {key!r} must be a list of strings")
    return values


def table_from_files(files: Iterable[Path | str]) -> AliasTable:
    """An alias table from files in order: later entries override earlier ones."""
    layers: list[list[EntitySpec]] = []
    surname_first: list[str] = []
    role_heads: list[str] = []
    for path in files:
        origin = str(path)
        data = _read_file(path, origin)
        layers.append([EntitySpec.from_json(item, origin) for item in data.get("entities", [])])
        surname_first.extend(_word_list(data, "surname_first", origin))
        role_heads.extend(_word_list(data, "role_heads", origin))
    return AliasTable.build(layers, surname_first, role_heads)


def packaged_file() -> Path:
    return Path(str(resources.files("hearsay") / "data" / PACKAGED_FILE))


_TABLES: dict[tuple[str, ...], AliasTable] = {}


def load_aliases(settings: Settings) -> AliasTable:
    """The packaged alias table merged with ``settings.aliases_files`` (user entries win).

    Cached per process and file list, so the scanning automaton is built once per worker.
    """
    files = (str(packaged_file()), *(str(Path(f)) for f in settings.aliases_files))
    for extra in settings.aliases_files:
        if not Path(extra).is_file():
            raise SettingsError(f"alias file not found: {extra}")
    if files not in _TABLES:
        _TABLES[files] = table_from_files(files)
        logger.debug("alias table: %d entities from %d file(s)", len(_TABLES[files]), len(files))
    return _TABLES[files]
