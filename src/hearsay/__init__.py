"""hearsay: turn a pile of messy documents about a contested story into an evidence dossier.

Importing this package loads no model; spaCy and torch load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from hearsay.models import Attribution


def attributions(text: str) -> list[Attribution]:
    """Who said what in a bare string: every direct, indirect and mixed quote."""
    from hearsay.attribution import attributions_in_text

    return attributions_in_text(text)


def stance(claim: str, text: str) -> tuple[str, dict[str, float]]:
    """The stance of ``text`` toward ``claim``: asserts, relays, disputes or questions."""
    from hearsay.stance import stance as _stance

    return _stance(claim, text)


def build(paths: list[str], out: str, **settings: Any) -> Any:
    """Build (or extend) the dossier of ``paths`` in directory ``out``."""
    from hearsay.pipeline import build as _build
    from hearsay.settings import load_settings

    return _build(paths, out, load_settings(**settings))
