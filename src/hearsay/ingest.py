"""The ingest stage: from the paths a user names to one raw Document per captured document.

``resolve_inputs`` checks every PATH before any work starts (a missing PATH is an error).
``read_inputs`` then yields a Document per document, or a Skipped with a reason a user can act
on: binary, empty, too big, undecodable, an unsupported format (PDF, ZIP, images, ...), a bad
JSONL line or WARC record. Formats are sniffed from the bytes, not the extension: plain text,
HTML, JSON Lines, JSON, WARC, each optionally gzipped.

A Document's id is the content hash of its decoded raw text, so the same capture found at two
paths gets the same id and the pipeline merges them (``Document.also_at``). Near duplicates are
found with MinHash (see :mod:`hearsay.near_duplicates`) and recorded, never dropped.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from hearsay.errors import MissingInputError
from hearsay.ingest_formats import (
    decode,
    gunzip_head,
    looks_like_html,
    looks_like_jsonl,
    unsupported_reason,
)
from hearsay.ingest_records import read_json, read_jsonl, read_warc
from hearsay.models import Document, Skipped, content_id
from hearsay.near_duplicates import NearDuplicateIndex, minhash_signature
from hearsay.settings import Settings

__all__ = [
    "STDIN",
    "NearDuplicateIndex",
    "make_document",
    "minhash_signature",
    "read_inputs",
    "resolve_inputs",
]

logger = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
_HEAD_BYTES = 65536
_GLOB_CHARS = ("*", "?", "[")


def resolve_inputs(paths: list[str]) -> list[str]:
    """The files behind ``paths`` (files, folders searched recursively, globs, '-' for stdin).

    Raises MissingInputError, naming every PATH that matches nothing, before any file is read.
    Hidden files inside folders are left out; a file named twice is listed once.
    """
    if not paths:
        raise MissingInputError("no input given: name files, folders, globs, or '-' for stdin")
    found: list[str] = []
    missing: list[str] = []
    for given in paths:
        files = _files_for(given)
        if files:
            found.extend(files)
        else:
            missing.append(given)
    if missing:
        quoted = ", ".join(repr(m) for m in missing)
        raise MissingInputError(f"input not found or holding no files: {quoted}")
    seen: set[str] = set()
    unique = []
    for file in found:
        key = file if file == STDIN else os.path.realpath(file)
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


def _files_for(given: str) -> list[str]:
    if given == STDIN:
        return [STDIN]
    path = Path(given).expanduser()
    if path.is_file():
        return [str(path)]
    if path.is_dir():
        return _files_under(path)
    if any(c in given for c in _GLOB_CHARS):
        files: list[str] = []
        for match in sorted(glob.glob(str(path), recursive=True)):
            files.extend([match] if os.path.isfile(match) else _files_under(Path(match)))
        return files
    return []


def _files_under(folder: Path) -> list[str]:
    files: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(os.path.join(root, n) for n in sorted(names) if not n.startswith("."))
    return files


def read_inputs(paths: list[str], settings: Settings) -> Iterator[Document | Skipped]:
    """One Document per document in ``paths`` (many per JSONL or WARC file), or a Skipped."""
    for path in resolve_inputs(paths):
        name = STDIN_NAME if path == STDIN else path
        try:
            if path == STDIN:
                data = sys.stdin.buffer.read(settings.max_bytes + 1)
                yield from read_stream(name, io.BytesIO(data), len(data), settings)
            else:
                with open(path, "rb") as stream:
                    yield from read_stream(name, stream, os.fstat(stream.fileno()).st_size,
                                           settings)
        except OSError as exc:
            yield Skipped(source_path=name, reason=f"cannot read file: {exc.strerror or exc}")
        except Exception as exc:  # a bad file must never stop the batch
            logger.exception("unexpected error reading %s", name)
            yield Skipped(source_path=name, reason=f"could not be read: {exc!r}")


def read_stream(
    name: str, stream: IO[bytes], size: int, settings: Settings
) -> Iterator[Document | Skipped]:
    """Sniff one file's format from its first bytes and read the documents it holds."""
    limit = settings.max_bytes
    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    if not head:
        yield Skipped(source_path=name, reason="empty file")
        return
    zipped = head.startswith(b"\x1f\x8b")
    inner = gunzip_head(head) if zipped else head
    if inner is None:
        yield Skipped(source_path=name, reason="broken gzip file")
        return
    if inner.lstrip().startswith(b"WARC/"):
        yield from read_warc(name, stream, limit, make_document)
        return
    reason = unsupported_reason(inner)
    if reason:
        yield Skipped(source_path=name, reason=reason)
        return
    if looks_like_jsonl(inner.decode("utf-8", "replace"), name):
        lines = gzip.GzipFile(fileobj=stream) if zipped else stream
        yield from read_jsonl(name, lines, limit, make_document)
        return
    if not zipped and size > limit:
        yield Skipped(source_path=name, reason=f"over the size limit ({size} > {limit} bytes)")
        return
    try:
        data = gzip.GzipFile(fileobj=stream).read(limit + 1) if zipped else stream.read()
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Skipped(source_path=name, reason=f"broken gzip file: {exc}")
        return
    if len(data) > limit:
        yield Skipped(source_path=name, reason=f"over the size limit when unzipped "
                      f"(> {limit} bytes)")
        return
    if name.lower().removesuffix(".gz").endswith(".json"):
        yield from read_json(name, data, make_document)
        return
    yield make_document(name, data)


def make_document(
    where: str,
    data: bytes,
    *,
    html: bool | None = None,
    charset: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Document | Skipped:
    """Decode one document's bytes into a raw Document; ``html=None`` sniffs the format."""
    reason = unsupported_reason(data[:_HEAD_BYTES])
    if reason:
        return Skipped(source_path=where, reason=reason)
    decoded = decode(data, charset)
    if decoded is None:
        return Skipped(source_path=where, reason="undecodable text: no encoding fits its bytes")
    raw = decoded.text
    if not raw.strip():
        return Skipped(source_path=where, reason="empty file (only whitespace)")
    is_html = looks_like_html(raw) if html is None else html
    return Document(
        id=content_id("doc", raw),
        source_path=where,
        format="html" if is_html else "text",
        encoding=decoded.encoding,
        raw=raw,
        url=url,
        source=source,
        published=published,
        title=title,
    )
