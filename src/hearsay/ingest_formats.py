"""What a capture is, judged by its bytes: binary or text, HTML or plain, JSON Lines, WARC, and
which encoding its text is in.

The extension is only a hint: a ``.txt`` file holding a web page is read as HTML, and a file
called ``report.html`` that is really a PDF is refused as a PDF.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass

# Leading bytes of formats hearsay cannot read, and the name a user knows them by.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive (or DOCX, XLSX, EPUB)"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office (OLE) file"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "executable"),
    (b"OggS", "Ogg audio/video"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\xfd7zXZ", "XZ archive"),
    (b"BZh", "bzip2 archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Control bytes that never occur in text (tab, newlines, form feed and escape do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_HTML_START = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"<(p|div|span|a|br|h[1-6]|li|table|article|section|meta|title)\b[^>]*>",
                       re.I)
_JSONL_START = re.compile(r'^\s*\{\s*"')
_JSONL_KEY = re.compile(r'"(text|html)"\s*:')
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def gunzip_head(head: bytes, limit: int = 65536) -> bytes | None:
    """The first ``limit`` decompressed bytes of a gzip stream's head; None if it is corrupt."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, limit)
    except zlib.error:
        return None


def unsupported_reason(head: bytes) -> str | None:
    """Why these leading bytes cannot be read as text, or None if they look like text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return f"unsupported format: {name}"
    if head[4:8] == b"ftyp":
        return "unsupported format: MP4/MOV video"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "unsupported format: RIFF media file"
    if head.startswith(_BOMS) or _looks_like_utf16(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    if sample and sum(sample.count(c) for c in _CONTROL) / len(sample) > 0.05:
        return "binary file (control characters)"
    return None


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with every other byte NUL."""
    sample = head[:2048]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> Decoded | None:
    """Decode text bytes: UTF-8 first, then the declared charset, then charset-normalizer.

    Returns None when no encoding gives readable text. Newlines are normalised to ``\\n`` and a
    byte-order mark is dropped.
    """
    decoded = _decode(data, declared or declared_charset(data))
    if decoded is None or not _readable(decoded.text):
        return None
    text = decoded.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, decoded.encoding)


def _decode(data: bytes, declared: str | None) -> Decoded | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8")
    if data.startswith(_BOMS[1:]):
        return _strict(data, "utf-16")
    if _looks_like_utf16(data):
        return _strict(data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared.replace("-", "").replace("_", "") != "utf8":
        strict = _strict(data, declared)
        if strict is not None:
            return strict
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # On short texts several code pages read almost equally well; the Western one (what browsers
    # assume for legacy pages) is then the likelier. Its decoding is kept only if near the best.
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset
                    and m.chaos <= best.chaos + 0.1 and m.coherence >= best.coherence - 0.05),
                   None)
    chosen = western or best
    encoding = "cp1252" if western else best.encoding
    return Decoded(str(chosen), encoding)


def _readable(text: str) -> bool:
    """Text, not bytes forced through a code page: no NULs, few control or replacement marks."""
    if "\x00" in text:
        return False
    sample = text[:20000]
    noise = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\x1b"))
    return noise <= 0.02 * len(sample)


def _strict(data: bytes, encoding: str) -> Decoded | None:
    try:
        return Decoded(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def looks_like_html(text: str) -> bool:
    """A web page: starts like one, or is dense with common tags near the top."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAG.findall(head)) >= 3 and head.lstrip().startswith("<")


def looks_like_jsonl(head: str, name: str) -> bool:
    """JSON Lines records with a "text" or "html" field (or a file named .jsonl/.ndjson)."""
    lowered = name.lower().removesuffix(".gz")
    if lowered.endswith((".jsonl", ".ndjson")):
        return True
    first = next((line for line in head.split("\n") if line.strip()), "")
    if not _JSONL_START.match(first):
        return False
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        # The first line may be cut off at the end of the sniffed head.
        return bool(_JSONL_KEY.search(first[:2000]))
    return isinstance(record, dict) and ("text" in record or "html" in record)
