"""The analyst's listings as flat CSV rows, for spreadsheets (Excel, LibreOffice, Google Sheets).

Each listing is one row per natural unit with a fixed header: an attribution, a claim mention,
a contradiction, a source's stance on one claim, an entity. Offsets stay in the rows (into the
document's cleaned text) so a row leads back to the exact characters it came from.

The texts come from web pages anyone can write. A spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)`` sends the reader's clicks, or
the sheet's contents, elsewhere), so every text cell is defused on the way out (``defuse``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from hearsay.queries import STANCES, Lookup, Reader, speaker_name

Cell = str | int | float | bool | None
Row = list[Cell]

# What a spreadsheet reads as the start of a formula: the four signs, and the tab, carriage
# return and line feed some import paths strip before looking at the next character.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CHAIN = " → "  # a reporting chain, outermost source first, as the quotes table prints it
LIST = "; "  # hedges, aliases, roles

QUOTE_COLUMNS = (
    "id", "document_id", "document_title", "speaker", "speaker_text", "speaker_entity_id",
    "speaker_anonymous", "cue", "cue_lean", "cue_negated", "kind", "text", "start", "end",
    "via", "hedges", "date", "occasion", "channel", "addressee", "confidence",
)
CLAIM_COLUMNS = (
    "claim_id", "claim_text", "document_id", "document_title", "outlet", "speaker",
    "speaker_entity_id", "via", "stance", "mention_text", "start", "end", "attribution_id",
)
_SIDE = ("document_id", "document_title", "stance", "start", "end", "text")
CONTRADICTION_COLUMNS = (
    "id", "claim_id", "claim_text", "kind", "explanation",
    *(f"a_{c}" for c in _SIDE), *(f"b_{c}" for c in _SIDE),
)
SOURCE_COLUMNS = (
    "source_id", "source", "kind", "name_from", "entity_id", "stance", "claim_id", "claim_text",
)
ENTITY_COLUMNS = ("id", "name", "type", "aliases", "roles", "mentions", "documents")


def defuse(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: with a ``'`` in front when it
    starts (after any spaces) like a formula. The ``'`` may show in the cell; a reader that
    needs the exact characters has the row's offsets into the document."""
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell(value: Cell) -> str:
    """How one value is written: texts defused, flags as true/false, nothing as empty.
    Numbers are hearsay's own (offsets, confidences), never page text, so are left alone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return defuse(value)


def _writer(stream: TextIO) -> Any:
    """RFC 4180 CSV: a line break inside a cell is kept inside its quotes."""
    return csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def write(stream: TextIO, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """Write the header and ``rows`` to ``stream`` (opened with ``newline=""``) as CSV;
    returns the number of rows."""
    writer = _writer(stream)
    writer.writerow(columns)
    written = 0
    for row in rows:
        writer.writerow([cell(value) for value in row])
        written += 1
    return written


def pieces(columns: Sequence[str], rows: Iterable[Row], size: int = 64 * 1024) -> Iterator[str]:
    """What ``write`` writes, in pieces of about ``size`` characters, for a download streamed
    while ``rows`` are read: the listing is never held whole, and a piece per row would cost
    the server a hand-off per row. There is always a first piece (it holds the header), and
    it comes only once the rows have begun to be read."""
    buffer = io.StringIO()
    writer = _writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(value) for value in row])
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def quote_rows(attributions: Iterable[dict[str, Any]], reader: Reader) -> Iterator[Row]:
    """One row per attribution, its speaker named as the quotes table names it."""
    entity_names = Lookup(reader.entity_names)
    titles = Lookup(reader.document_titles)
    for a in attributions:
        speaker = a.get("speaker") or {}
        speaker_id = speaker.get("entity_id")
        cue = a.get("cue") or {}
        content = a["content"]
        yield [
            a["id"], a["document_id"], titles.get([a["document_id"]]).get(a["document_id"]),
            speaker_name(a, entity_names.get([speaker_id] if speaker_id else []))
            if speaker else None,
            speaker.get("text"), speaker_id, speaker.get("anonymous") if speaker else None,
            cue.get("text"), cue.get("lean"), cue.get("negated") if cue else None,
            a["kind"], content["text"], content["start"], content["end"],
            CHAIN.join(link["text"] for link in a.get("via", [])),
            LIST.join(h["text"] for h in a.get("hedges", [])),
            a.get("date"), a.get("occasion"), a.get("channel"),
            (a.get("addressee") or {}).get("text"), a.get("confidence"),
        ]


def claim_rows(claims: Iterable[dict[str, Any]], reader: Reader) -> Iterator[Row]:
    """One row per claim mention; a claim without mentions (``--min-mentions 0``) keeps one
    row with its mention cells empty, so no listed claim goes missing."""
    titles = Lookup(reader.document_titles)
    for claim in claims:
        mentions = claim.get("mentions", [])
        known = titles.get(m["document_id"] for m in mentions)
        if not mentions:
            yield [claim["id"], claim["text"], *([None] * (len(CLAIM_COLUMNS) - 2))]
        for m in mentions:
            yield [
                claim["id"], claim["text"], m["document_id"], known.get(m["document_id"]),
                m.get("outlet"), m.get("speaker"), m.get("speaker_entity_id"),
                CHAIN.join(m.get("via", [])), m["stance"], m["text"], m["start"], m["end"],
                m.get("attribution_id"),
            ]


def contradiction_rows(contradictions: Iterable[dict[str, Any]], reader: Reader) -> Iterator[Row]:
    """One row per contradiction, its two sides side by side, each with its document's title
    and the claim's wording (so the row reads without a second sheet)."""
    titles = Lookup(reader.document_titles)
    claim_texts: dict[str, str | None] = {}
    for c in contradictions:
        claim_id = c.get("claim_id") or ""
        if claim_id not in claim_texts:
            claim = reader.claim(claim_id) if claim_id else None
            claim_texts[claim_id] = claim["text"] if claim and claim["id"] == claim_id else None
        known = titles.get([c["a"]["document_id"], c["b"]["document_id"]])
        sides = [
            [side["document_id"], known.get(side["document_id"]), side.get("stance"),
             side["start"], side["end"], side["text"]]
            for side in (c["a"], c["b"])
        ]
        yield [c["id"], c.get("claim_id"), claim_texts[claim_id], c["kind"], c["explanation"],
               *sides[0], *sides[1]]


def source_rows(sources: Iterable[dict[str, Any]], reader: Reader) -> Iterator[Row]:
    """One row per (source, stance, claim): a spreadsheet filters it to one claim or one
    stance and pivots it into counts, which one row per source with lists in cells allows
    neither. A source taking no stance keeps one row with its stance cells empty."""
    for source in sources:
        head: Row = [source["id"], source.get("name"), source.get("kind"),
                     source.get("name_from"), source.get("entity_id")]
        stances = [(stance, c) for stance in STANCES for c in source.get(stance, [])]
        if not stances:
            yield [*head, None, None, None]
        for stance, claim in stances:
            yield [*head, stance, claim["id"], claim["text"]]


def entity_rows(entities: Iterable[dict[str, Any]], reader: Reader) -> Iterator[Row]:
    """One row per entity: its aliases other than its name, its roles, how often it is
    mentioned and in how many documents."""
    for e in entities:
        mentions = e.get("mentions", [])
        yield [
            e["id"], e["name"], e["type"],
            LIST.join(a for a in e.get("aliases", []) if a != e["name"]),
            LIST.join(e.get("roles", [])), len(mentions),
            len({m["document_id"] for m in mentions}),
        ]


# Each listing's columns and the function that flattens its records into rows.
Flatten = Callable[[Iterable[dict[str, Any]], Reader], Iterator[Row]]
LISTINGS: dict[str, tuple[tuple[str, ...], Flatten]] = {
    "quotes": (QUOTE_COLUMNS, quote_rows),
    "claims": (CLAIM_COLUMNS, claim_rows),
    "contradictions": (CONTRADICTION_COLUMNS, contradiction_rows),
    "sources": (SOURCE_COLUMNS, source_rows),
    "entities": (ENTITY_COLUMNS, entity_rows),
}
