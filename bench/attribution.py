"""Who said what: hearsay's attributions against a labelled set in PolNeAR's JSONL layout.

    .venv/bin/python bench/attribution.py [--gold ../shared/bench-data/polnear/dev.jsonl]
        [--pred /tmp/attribution-pred.jsonl] [--limit N] [--no-textacy]

Every ``text`` runs as a bare document through hearsay's parse (spaCy, batched), entities and
attribution stages — not the whole build. Predictions are written in the gold's format
(``quotes: [{quote, quote_text, speaker, speaker_text, cue, cue_text, kind}]``, character
offsets into ``text``). PolNeAR gives each token to at most one attribution, so of two reports
nested in each other ("X reported that Y said Z"; hearsay keeps both, linked by ``parent_id``)
only the one the scorer finds likelier is predicted. For "X reported, citing Y, that ..."
PolNeAR's speaker is the reporter X (hearsay's speaker is Y, with X in ``via``).

Scores (see bench/polnear.py): quote spans match when the word-token overlap covers >= 50% of
the tokens of each; "who said what" also needs the speaker right (same string or same head
word). Speed is documents per CPU-second (time.process_time), parse included. textacy's
``direct_quotations`` runs on the same parses in the same process as the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from polnear import Tally, load_jsonl, match_document  # noqa: E402

from hearsay.models import Attribution, Document, Segment, content_id  # noqa: E402
from hearsay.settings import Settings  # noqa: E402

HEADER = "| system | quote P / R / F1 | who-said-what P / R / F1 | docs/CPU-s |\n|---|---|---|---|"
PEERS = f"""\
Peers on PolNeAR's held-out test split (84 articles; bench-data/README.md):
{HEADER}
| textacy 0.13 direct_quotations | 61.5 / 18.7 / 28.7 | 57.9 / 17.7 / 27.1 | 4.9 |
| Gender Gap Tracker quote extractor | 72.0 / 39.6 / 51.1 | 62.2 / 34.2 / 44.2 | 6.8 |
| BBC Citron, retrained on PolNeAR train | 72.8 / 45.9 / 56.3 | 65.5 / 41.3 / 50.6 | 3.4 |
| spaCy en_core_web_sm parse alone | | | 7.4 |"""


def as_documents(records: list[dict[str, Any]]) -> list[Document]:
    documents = []
    for record in records:
        text = record["text"]
        doc_id = content_id("polnear", record.get("id", ""), text)
        documents.append(
            Document(
                id=doc_id,
                source_path=str(record.get("id", doc_id)),
                raw=text,
                text=text,
                segments=[Segment(id=f"{doc_id}:0", kind="body", start=0, end=len(text))],
            )
        )
    return documents


def top_level(attributions: list[Attribution]) -> list[Attribution]:
    """Attributions not nested in one another, as PolNeAR gives each token to one: of two
    reports inside each other ("X reported that Y said Z"), the one hearsay marks as the
    passage's primary reading (``hearsay.nesting``)."""
    kept = [a for a in attributions if a.primary]
    kept.sort(key=lambda a: (a.content.start, a.content.end))
    return kept


def reporter(a: Attribution) -> tuple[int, int, str] | None:
    """The speaker as PolNeAR marks it: for "X reported, citing Y, that ..." the outer
    reporter X (the last link of a top-level attribution's chain; hearsay's own speaker is Y,
    with X in ``via``), else the speaker."""
    if a.parent_id is None and a.via:
        link = a.via[-1]
        if link.start is not None and link.end is not None:
            return link.start, link.end, link.text
    if a.speaker is None:
        return None
    return a.speaker.start, a.speaker.end, a.speaker.text


def to_record(text: str, a: Attribution) -> dict[str, Any]:
    speaker = reporter(a)
    return {
        "quote": [a.content.start, a.content.end],
        "quote_text": text[a.content.start : a.content.end],
        "quote_fragments": [[f.start, f.end] for f in a.fragments] or None,
        "speaker": [speaker[0], speaker[1]] if speaker else None,
        "speaker_text": speaker[2] if speaker else None,
        "cue": [a.cue.start, a.cue.end] if a.cue else None,
        "cue_text": a.cue.text if a.cue else None,
        "kind": a.kind,
        "confidence": a.confidence,
        "via": [link.text for link in a.via],
    }


def head_finder(doc: Any) -> Any:
    def head_of(start: int, end: int) -> str:
        span = doc.char_span(start, end, alignment_mode="expand")
        return span.root.text if span is not None and len(span) else ""

    return head_of


def textacy_records(doc: Any) -> list[dict[str, Any]]:
    from textacy.extract import direct_quotations

    found = []
    try:
        for triple in direct_quotations(doc):
            content = triple.content
            speaker = triple.speaker
            found.append(
                {
                    "quote": [content.start_char, content.end_char],
                    "speaker": [speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)]
                    if speaker
                    else None,
                    "kind": "direct",
                }
            )
    except (ValueError, IndexError, AttributeError):
        pass  # textacy bails out on unbalanced quotation marks
    return found


def line(name: str, tally: Tally, speed: float) -> str:
    qp, qr, qf = tally.quote_prf
    wp, wr, wf = tally.who_prf
    return (
        f"| {name} | {qp:.1f} / {qr:.1f} / {qf:.1f} | {wp:.1f} / {wr:.1f} / {wf:.1f} | "
        f"{speed:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default="../shared/bench-data/polnear/dev.jsonl")
    parser.add_argument("--pred", default="/tmp/hearsay-attribution-pred.jsonl")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument("--model", default=None,
                        help="attribution weights to use instead of the packaged ones "
                        "(a file written by bench/train_attribution.py)")
    args = parser.parse_args()

    from hearsay import attribution, entities
    from hearsay.attribution_model import AttributionModel, install_model, load_model
    from hearsay.nlp import Parser

    records = load_jsonl(args.gold, args.limit)
    settings = Settings()
    documents = as_documents(records)
    cues = attribution.load_cues(settings)
    aliases = entities.load_aliases(settings)
    if args.model:
        install_model(AttributionModel.from_json(json.loads(Path(args.model).read_text())))
    load_model()
    textacy_ok = not args.no_textacy
    if textacy_ok:
        try:
            import textacy.extract  # noqa: F401
        except ImportError:
            print("textacy is not installed: its floor is left out (pip install textacy)")
            textacy_ok = False
    parser_ = Parser(settings)
    parser_.warm_up()

    ours, floor = Tally(), Tally()
    t_parse = t_entities = t_attribute = t_textacy = 0.0
    stream = parser_.parse(documents)
    with open(args.pred, "w", encoding="utf-8") as out:
        for record in records:
            t0 = time.process_time()
            parsed = next(stream)
            t1 = time.process_time()
            mentions = entities.extract_mentions(parsed, aliases)
            t2 = time.process_time()
            found = top_level(attribution.attribute(parsed, mentions, cues))
            t3 = time.process_time()
            t_parse += t1 - t0
            t_entities += t2 - t1
            t_attribute += t3 - t2
            text = record["text"]
            preds = [to_record(text, a) for a in found]
            out.write(
                json.dumps(
                    {"id": record.get("id"), "text": text, "quotes": preds}, ensure_ascii=False
                )
                + "\n"
            )
            doc = parsed.parses[0].doc if parsed.parses else None
            head_of = head_finder(doc) if doc is not None else None
            match_document(text, record.get("quotes", []), preds, ours, head_of)
            if textacy_ok and doc is not None:
                t4 = time.process_time()
                floor_preds = textacy_records(doc)
                t_textacy += time.process_time() - t4
                match_document(text, record.get("quotes", []), floor_preds, floor, head_of)

    n = len(records)
    total = t_parse + t_entities + t_attribute
    print(f"{n} documents from {args.gold}; predictions in {args.pred}")
    print(
        f"CPU seconds: parse {t_parse:.1f}, entities {t_entities:.1f}, "
        f"attribution {t_attribute:.1f}, textacy {t_textacy:.1f}"
    )
    print()
    print("Measured here, same documents, same process:")
    print(HEADER)
    print(line("hearsay (parse + entities + attribution)", ours, n / total if total else 0))
    if textacy_ok:
        print(
            line(
                "textacy direct_quotations (same parse)",
                floor,
                n / (t_parse + t_textacy) if t_parse + t_textacy else 0,
            )
        )
    print(f"| spaCy parse alone (hearsay settings) | | | {n / t_parse if t_parse else 0:.1f} |")
    print()
    print(
        "hearsay recall by kind: "
        + ", ".join(
            f"{kind} {value:.1f}% (of {ours.gold_by_kind[kind]})"
            for kind, value in ours.kind_recall().items()
        )
    )
    print(
        f"gold quotes {ours.gold}, predicted {ours.pred}, matched {ours.matched}, "
        f"speaker right {ours.speaker_right}"
    )
    print()
    print(PEERS)


if __name__ == "__main__":
    main()
