"""Ingest: every kind of input in, one Document per document or a Skipped with a reason."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from hearsay.errors import MissingInputError
from hearsay.ingest import (
    NearDuplicateIndex,
    minhash_signature,
    read_inputs,
    read_stream,
    resolve_inputs,
)
from hearsay.models import Document, Skipped
from hearsay.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
LEAD = (
    "Veldora's foreign minister Ilse Marten told her Ostravan counterpart that the harbour "
    "agreement would not be signed before the spring elections, according to two officials."
)


def read(paths: list[Path | str], **settings: object) -> list[Document | Skipped]:
    return list(read_inputs([str(p) for p in paths], Settings().replace(**settings)))


def only(items: list[Document | Skipped]) -> Document | Skipped:
    assert len(items) == 1, items
    return items[0]


# --- resolving PATHs --------------------------------------------------------------------------


def test_folders_are_searched_recursively_and_hidden_files_left_out(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>two</p>")
    (tmp_path / ".hidden.txt").write_text("no")
    assert resolve_inputs([str(tmp_path)]) == [
        str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.html")
    ]


def test_globs_and_repeated_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.md").write_text("two")
    found = resolve_inputs([str(tmp_path / "*.txt"), str(tmp_path / "a.txt"), "-"])
    assert found == [str(tmp_path / "a.txt"), "-"]


def test_a_path_that_matches_nothing_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "empty").mkdir()
    with pytest.raises(MissingInputError) as error:
        resolve_inputs([str(tmp_path / "a.txt"), "nowhere.txt", str(tmp_path / "*.pdf"),
                        str(tmp_path / "empty")])
    assert "nowhere.txt" in error.value.message and "*.pdf" in error.value.message
    assert "empty" in error.value.message and "a.txt" not in error.value.message
    with pytest.raises(MissingInputError):
        resolve_inputs([])


# --- one document per file ------------------------------------------------------------------


def test_a_text_capture_is_decoded_and_hashed() -> None:
    document = only(read([FIXTURES / "harbour_report.txt"]))
    assert isinstance(document, Document)
    assert document.format == "text" and document.encoding == "utf-8"
    assert document.raw.startswith("menu Meniu Paieška\n")


def test_html_is_sniffed_by_content_not_extension(tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text("<!DOCTYPE html><html><body><p>Harbour talks</p></body></html>")
    text = tmp_path / "notes.html"
    text.write_text("Harbour talks resume in May, the ministry said.")
    by_name = {Path(d.source_path).name: d for d in read([page, text])}
    assert isinstance(by_name["saved.txt"], Document) and by_name["saved.txt"].format == "html"
    assert isinstance(by_name["notes.html"], Document) and by_name["notes.html"].format == "text"


def test_legacy_encodings_are_detected_and_newlines_normalised(tmp_path: Path) -> None:
    capture = tmp_path / "old.txt"
    capture.write_bytes("Café talks in Zürich were “constructive”, she said.\r\nNext line.\r\n"
                        .encode("cp1252"))
    document = only(read([capture]))
    assert isinstance(document, Document)
    assert document.encoding == "cp1252"
    assert document.raw == "Café talks in Zürich were “constructive”, she said.\nNext line.\n"


def test_the_same_content_at_two_paths_gets_the_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LEAD)
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(LEAD.encode()))
    a, b = read([tmp_path])
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.id == b.id and a.source_path != b.source_path


# --- bad input is skipped with a reason -------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n \t", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_files_are_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    skipped = only(read([bad]))
    assert isinstance(skipped, Skipped) and reason in skipped.reason


def test_files_over_the_size_limit_are_skipped_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(LEAD * 10)
    skipped = only(read([big], max_bytes=100))
    assert isinstance(skipped, Skipped) and "size limit" in skipped.reason
    zipped = tmp_path / "big.txt.gz"
    zipped.write_bytes(gzip.compress((LEAD * 10).encode()))
    skipped = only(read([zipped], max_bytes=100))
    assert isinstance(skipped, Skipped) and "size limit" in skipped.reason


def test_bytes_no_encoding_can_read_are_skipped(tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(b"ok \x81\x8d\x8f\x90\x9d\x1b\x1c\x7f" * 3 + "žinios".encode("utf-16-le"))
    skipped = only(read([garbled]))
    assert isinstance(skipped, Skipped)
    assert "undecodable" in skipped.reason or "binary" in skipped.reason


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.txt").write_text(LEAD)
    kinds = [type(item).__name__ for item in read([tmp_path])]
    assert kinds == ["Skipped", "Document"]


# --- JSON Lines, JSON and WARC ----------------------------------------------------------------


def test_jsonl_records_become_documents_and_bad_lines_are_skipped_alone(tmp_path: Path) -> None:
    records = tmp_path / "dump.jsonl"
    records.write_text("\n".join([
        json.dumps({"text": LEAD, "url": "https://example.test/a", "source": "Coastal Wire",
                    "published": "2024-03-05"}),
        "{not json",
        json.dumps({"html": "<html><body><p>Harbour talks</p></body></html>"}),
        json.dumps({"title": "no body"}),
        "",
        json.dumps(["a list"]),
    ]))
    items = read([records])
    assert [i.source_path.rsplit("#", 1)[1] for i in items] == ["1", "2", "3", "4", "6"]
    first, bad, page, empty, listed = items
    assert isinstance(first, Document) and first.format == "text"
    assert (first.url, first.source, first.published) == (
        "https://example.test/a", "Coastal Wire", "2024-03-05")
    assert isinstance(bad, Skipped) and "not valid JSON" in bad.reason
    assert isinstance(page, Document) and page.format == "html"
    assert isinstance(empty, Skipped) and "no \"text\" or \"html\"" in empty.reason
    assert isinstance(listed, Skipped) and "not a JSON object" in listed.reason


def test_jsonl_is_sniffed_without_the_extension(tmp_path: Path) -> None:
    records = tmp_path / "export.txt"
    records.write_text(json.dumps({"text": "one"}) + "\n" + json.dumps({"text": "two"}) + "\n")
    assert [d.raw for d in read([records]) if isinstance(d, Document)] == ["one", "two"]


def test_a_json_file_holding_a_list_of_records(tmp_path: Path) -> None:
    records = tmp_path / "export.json"
    records.write_text(json.dumps([{"text": "one"}, {"html": "<p>two</p>"}]))
    items = read([records])
    assert [i.source_path.rsplit("#", 1)[1] for i in items] == ["1", "2"]


def _warc(tmp_path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        pages = [
            ("https://example.test/story", "200 OK", "text/html; charset=utf-8",
             b"<html><body><p>Harbour talks stall.</p></body></html>"),
            ("https://example.test/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://example.test/gone", "404 Not Found", "text/html", b"<p>missing</p>"),
            ("https://example.test/old", "200 OK", "text/plain; charset=windows-1252",
             "Café talks".encode("cp1252")),
        ]
        for url, status, content_type, body in pages:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                               http_headers=headers)
            writer.write_record(record)
    return path


def test_warc_responses_become_documents(tmp_path: Path) -> None:
    documents = read([_warc(tmp_path)])
    assert [d.url for d in documents if isinstance(d, Document)] == [
        "https://example.test/story", "https://example.test/old"]
    story, old = documents
    assert isinstance(story, Document) and story.format == "html"
    assert story.source_path.startswith(str(tmp_path / "crawl.warc.gz#urn:uuid:"))
    assert isinstance(old, Document) and old.raw == "Café talks" and old.format == "text"


def test_stdin_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(LEAD.encode()))
    monkeypatch.setattr("sys.stdin", fake)
    documents = read(["-", "-"])
    document = only(documents)
    assert isinstance(document, Document) and document.source_path == "<stdin>"


def test_read_stream_reads_bytes_in_memory() -> None:
    items = list(read_stream("memo", io.BytesIO(b"Harbour talks stall."), 20, Settings()))
    assert isinstance(items[0], Document) and items[0].raw == "Harbour talks stall."


# --- near duplicates ----------------------------------------------------------------------------


def test_near_duplicates_are_found_and_different_texts_are_not() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    assert index.add("wire", minhash_signature(LEAD)) == []
    assert index.add("reprint", minhash_signature(LEAD + " Share this story.")) == ["wire"]
    other = "Fishing unions in the northern towns said they would protest outside parliament."
    assert index.add("other", minhash_signature(other)) == []
    assert index.add("wire", minhash_signature(LEAD)) == ["reprint"]  # not its own duplicate


def test_signatures_are_bytes_that_survive_a_round_trip() -> None:
    signature = minhash_signature(LEAD)
    assert isinstance(signature, bytes)
    assert minhash_signature(LEAD) == signature
    restored = NearDuplicateIndex(0.9)
    restored.add("stored", bytes(bytearray(signature)))
    assert restored.add("again", signature) == ["stored"]
