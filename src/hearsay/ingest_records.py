"""Captures that hold many documents: JSON Lines records and WARC archives.

Each record becomes its own Document with a ``source_path`` that says where it came from:
``dump.jsonl#3`` (line 3) or ``crawl.warc.gz#urn:uuid:...`` (the WARC-Record-ID). A bad record
is skipped alone; the rest of the file is still read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from hearsay.models import Document, Skipped

logger = logging.getLogger(__name__)

# Builds a Document (or a Skipped) from one record's bytes; supplied by hearsay.ingest.
MakeDocument = Callable[..., Document | Skipped]

_WARC_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_RECORD_FIELDS = ("url", "source", "published", "title")


def read_jsonl(
    name: str, lines: Iterable[bytes], max_bytes: int, make: MakeDocument
) -> Iterator[Document | Skipped]:
    """One Document per JSON Lines record ``{"text"|"html", "url", "source", "published"}``."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}#{number}"
        if len(line) > max_bytes:
            yield Skipped(source_path=where, reason=f"JSONL line {number} is over the size limit "
                          f"({len(line)} > {max_bytes} bytes)")
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Skipped(source_path=where, reason=f"JSONL line {number} is not valid JSON: {exc}")
            continue
        yield from read_record(where, record, f"JSONL line {number}", make)


def read_json(name: str, data: bytes, make: MakeDocument) -> Iterator[Document | Skipped]:
    """A .json file: one record object, or a list of them (``name#1``, ``name#2``, ...)."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield Skipped(source_path=name, reason=f"not valid JSON: {exc}")
        return
    if isinstance(value, dict):
        yield from read_record(name, value, "JSON file", make)
    elif isinstance(value, list):
        for number, record in enumerate(value, start=1):
            yield from read_record(f"{name}#{number}", record, f"JSON item {number}", make)
    else:
        yield Skipped(source_path=name, reason="unsupported JSON: expected a record or a list")


def read_record(
    where: str, record: Any, label: str, make: MakeDocument
) -> Iterator[Document | Skipped]:
    if not isinstance(record, dict):
        yield Skipped(source_path=where, reason=f"{label} is not a JSON object")
        return
    # When a record has both, the user's own "text" wins over the page it came from.
    key = next((k for k in ("text", "html") if isinstance(record.get(k), str)
                and record[k].strip()), None)
    if key is None:
        yield Skipped(source_path=where, reason=f"{label} has no \"text\" or \"html\" field")
        return
    fields = {f: str(record[f]) for f in _RECORD_FIELDS
              if record.get(f) is not None and str(record[f]).strip()}
    yield make(where, record[key].encode("utf-8"), html=True if key == "html" else None, **fields)


def read_warc(
    name: str, stream: IO[bytes], max_bytes: int, make: MakeDocument
) -> Iterator[Document | Skipped]:
    """One Document per HTML or plain-text response in a WARC file (gzipped or not)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for index, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type not in ("response", "resource", "conversion"):
                continue
            headers = record.http_headers or record.rec_headers
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    logger.debug("%s: record %s has HTTP status %s", name, index, status)
                    continue
            content_type = (headers.get_header("Content-Type") or "").lower()
            if content_type.split(";")[0].strip() not in _WARC_TEXT_TYPES:
                continue
            record_id = (record.rec_headers.get_header("WARC-Record-ID") or str(index)).strip("<>")
            where = f"{name}#{record_id}"
            found += 1
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Skipped(source_path=where, reason=f"WARC record over the size limit "
                              f"({max_bytes} bytes)")
                continue
            charset = content_type.partition("charset=")[2].strip(" \"';") or None
            yield make(where, data, charset=charset,
                       html=True if "html" in content_type else None,
                       url=record.rec_headers.get_header("WARC-Target-URI"))
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield Skipped(source_path=name, reason=f"broken WARC file: {exc}")
        return
    if not found:
        yield Skipped(source_path=name, reason="WARC file holds no HTML or text responses")
