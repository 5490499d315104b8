"""The command line: parse, open, call one library function, print. No logic lives here."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from hearsay import export_csv, queries
from hearsay.errors import HearsayError
from hearsay.models import StanceLabel

app = typer.Typer(
    help="hearsay: turn a pile of messy documents about a contested story into an evidence "
    "dossier (who said what, according to whom; claims, stances, contradictions).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

EXIT_SKIPPED = 3  # the build finished but some inputs were skipped

AsCsv = Annotated[
    bool,
    typer.Option("--csv", help="Write CSV for a spreadsheet: to stdout, or to --out FILE."),
]
CsvFile = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", dir_okay=False,
        help="With --csv: write this file (UTF-8 with a BOM, so Excel reads it as UTF-8).",
    ),
]


def _fail(exc: HearsayError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}")
    return typer.Exit(code=1)


def _open(directory: Path) -> queries.Reader:
    try:
        return queries.open_dossier(directory)
    except HearsayError as exc:
        raise _fail(exc) from exc


def _row(table: Table, *cells: str) -> None:
    """A table row of document text, shown as written: never read as Rich markup."""
    table.add_row(*(Text(cell) for cell in cells))


def _print_json(records: Iterable[object]) -> None:
    """Print a list as ``json.dumps(list, indent=1)`` would, one record at a time (an answer
    from the store is streamed, never held whole)."""
    separator = "[\n "
    for record in records:
        # A record's own line breaks are between tokens (strings escape theirs): indent them.
        text = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")
        typer.echo(separator + text, nl=False)
        separator = ",\n "
    typer.echo("[]" if separator == "[\n " else "\n]")


def _csv_wanted(as_json: bool, as_csv: bool, out: Path | None) -> bool:
    """Whether to write CSV; two formats at once, or a file with no format, is a usage error
    (exit code 2), refused before the dossier is opened."""
    if as_csv and as_json:
        raise typer.BadParameter("one format at a time: --csv or --json.", param_hint="'--csv'")
    if out is not None and not as_csv:
        raise typer.BadParameter("it writes CSV: add --csv.", param_hint="'--out'")
    return as_csv


def _write_csv(columns: Sequence[str], rows: Iterable[export_csv.Row], out: Path | None) -> None:
    """CSV on stdout as UTF-8 without a BOM (for redirects, pipes and scripts), whatever the
    terminal's encoding; or in ``out`` with a BOM, without which Excel reads a double-clicked
    file in the system's code page and garbles every accent."""
    if out is None:
        stream = io.TextIOWrapper(
            typer.get_binary_stream("stdout"), encoding="utf-8", newline="", write_through=True
        )
        try:
            export_csv.write(stream, columns, rows)
        finally:
            stream.detach()  # leave stdout open for whoever owns it
        return
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as file:
            written = export_csv.write(file, columns, rows)
    except OSError as exc:
        err.print(f"[bold red]error:[/] cannot write {escape(str(out))}: {escape(str(exc))}")
        raise typer.Exit(code=1) from exc
    err.print(f"{written} row(s) written to {escape(str(out))}")


def _listed(
    found: Iterable[dict[str, Any]],
    dossier: Any,
    listing: str,
    as_json: bool,
    as_csv: bool,
    out: Path | None,
) -> bool:
    """Write ``found`` as CSV (flattened as ``export_csv.LISTINGS[listing]`` says) or as JSON
    when asked; False when the caller should print its table."""
    if as_csv:
        columns, rows = export_csv.LISTINGS[listing]
        _write_csv(columns, rows(found, dossier), out)
        return True
    if as_json:
        _print_json(found)
        return True
    return False


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or '-' for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Dossier directory.")],
    jobs: Annotated[int | None, typer.Option(help="spaCy processes.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Skip files larger than this.")] = None,
    aliases: Annotated[
        list[str] | None, typer.Option("--aliases", help="Extra entity alias file (JSON).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file (TOML).")] = None,
    claims: Annotated[
        bool | None, typer.Option("--claims/--no-claims", help="Build claims across sources.")
    ] = None,
    force: Annotated[
        bool | None, typer.Option("--force", help="Re-analyse documents already stored.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Build (or extend) the dossier of PATH... in --out: hearsay.db, dossier.json, report.html."""
    from hearsay.pipeline import build as run_build
    from hearsay.settings import load_settings

    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        settings = load_settings(
            config,
            jobs=jobs,
            spacy_model=model,
            max_bytes=max_bytes,
            aliases_files=aliases,
            claims=claims,
            force=force,
        )
        columns = (
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
        )
        with Progress(*columns, console=err, transient=True) as progress:
            read = progress.add_task("reading", total=None)
            analysed = progress.add_task("analysing", total=None)

            def tick(kind: str, n: int) -> None:
                if kind == "read":
                    progress.advance(read, n)
                elif kind == "analysed":
                    progress.advance(analysed, n)
                elif kind == "corpus":
                    progress.update(analysed, description="corpus stages")

            report = run_build(paths, out, settings, progress=tick)
    except HearsayError as exc:
        raise _fail(exc) from exc
    _print_build_summary(report)
    if report.skipped:
        raise typer.Exit(code=EXIT_SKIPPED)


def _print_build_summary(report: Any) -> None:
    console.print(
        f"[bold]{len(report.added)}[/] new document(s) analysed, {report.unchanged} already "
        f"in the dossier, {len(report.merged)} exact duplicate(s) merged, "
        f"{report.near_duplicates} with near duplicates, "
        f"[bold]{len(report.skipped)}[/] skipped, in {report.seconds:.1f} s"
    )
    for skipped in report.skipped:
        console.print(f"  [yellow]skipped[/] {skipped.source_path}: {skipped.reason}")
    for note in report.notes:
        console.print(f"  [dim]note[/] {note}")
    console.print(f"report: {(report.out_dir / 'report.html').resolve()}")


@app.command()
def show(directory: Annotated[Path, typer.Argument(help="Dossier directory.")]) -> None:
    """Summary of a dossier: documents, genres, segments, entities, attributions, skipped."""
    dossier = _open(directory)
    stats = dossier.summary()["stats"]
    table = Table(title=f"dossier {directory}", show_header=False)
    for key in ("documents", "segments", "removed_lines", "entities", "mentions",
                "attributions", "claims", "contradictions", "skipped"):
        table.add_row(key.replace("_", " "), str(stats.get(key, 0)))
    table.add_row("genres", ", ".join(f"{g} {n}" for g, n in stats.get("genres", {}).items()))
    table.add_row(
        "segment kinds", ", ".join(f"{k} {n}" for k, n in stats.get("segment_kinds", {}).items())
    )
    table.add_row("languages", ", ".join(f"{k} {n}" for k, n in stats.get("languages", {}).items()))
    console.print(table)
    docs = Table(title="documents")
    for column in ("id", "genre", "lang", "published", "segments", "title"):
        docs.add_column(column)
    for d in dossier.documents():
        _row(
            docs, d["id"][:8], d["genre"], d["language"] or "?", d["published"] or "",
            str(d["segments"]), (d["title"] or d["source_path"])[:70],
        )
    console.print(docs)
    for skipped in dossier.skipped():
        console.print(
            f"[yellow]skipped[/] {escape(skipped['source_path'])}: {escape(skipped['reason'])}"
        )


@app.command("entities")
def list_entities(
    directory: Annotated[Path, typer.Argument(help="Dossier directory.")],
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, ...")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: AsCsv = False,
    out: CsvFile = None,
) -> None:
    """Canonical entities with their aliases, roles and mention counts."""
    as_csv = _csv_wanted(as_json, as_csv, out)
    dossier = _open(directory)
    found = dossier.entities(type_)
    if _listed(found, dossier, "entities", as_json, as_csv, out):
        return
    table = Table()
    for column in ("name", "type", "mentions", "aliases", "roles"):
        table.add_column(column)
    for e in found:
        _row(
            table, e["name"], e["type"], str(len(e["mentions"])),
            ", ".join(a for a in e["aliases"] if a != e["name"])[:60], "; ".join(e["roles"])[:60],
        )
    console.print(table)


@app.command()
def quotes(
    directory: Annotated[Path, typer.Argument(help="Dossier directory.")],
    speaker: Annotated[str | None, typer.Option(help="Only this speaker (or chain link).")] = None,
    document: Annotated[str | None, typer.Option(help="Only this document id (prefix).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: AsCsv = False,
    out: CsvFile = None,
) -> None:
    """Who said what, according to whom: every attribution with its chain and hedges."""
    as_csv = _csv_wanted(as_json, as_csv, out)
    dossier = _open(directory)
    found = dossier.quotes(speaker=speaker, document=document)
    if _listed(found, dossier, "quotes", as_json, as_csv, out):
        return
    table = Table(show_lines=True)
    for column in ("speaker", "cue", "says", "via", "hedges", "doc"):
        table.add_column(column)
    entity_names = queries.Lookup(dossier.entity_names)
    shown = 0
    for a in found:
        shown += 1
        speaker_id = (a.get("speaker") or {}).get("entity_id")
        names = entity_names.get([speaker_id] if speaker_id else [])
        cue = a.get("cue") or {}
        _row(
            table,
            queries.speaker_name(a, names),
            f"{cue.get('text', '')} ({cue.get('lean', '')})" if cue else "",
            f"[{a['kind']}] {a['content']['text'][:200]}",
            " → ".join(link["text"] for link in a.get("via", [])),
            ", ".join(h["text"] for h in a.get("hedges", [])),
            a["document_id"][:8],
        )
    console.print(table)
    console.print(f"{shown} attribution(s)")


@app.command()
def claims(
    directory: Annotated[Path, typer.Argument(help="Dossier directory.")],
    min_mentions: Annotated[int, typer.Option(help="Only claims with this many mentions.")] = 1,
    about: Annotated[
        str | None, typer.Option(help="Only claims whose text or a mention contains this.")
    ] = None,
    stance: Annotated[
        StanceLabel | None, typer.Option(help="Only claims with a mention of this stance.")
    ] = None,
    contested: Annotated[
        bool,
        typer.Option(
            "--contested",
            help="Only claims sources take both sides of: a mention asserts or relays the "
            "claim and another, in a different document, disputes or questions it.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: AsCsv = False,
    out: CsvFile = None,
) -> None:
    """Claims across sources, with who asserts, relays, disputes or questions each (as CSV:
    one row per mention)."""
    as_csv = _csv_wanted(as_json, as_csv, out)
    dossier = _open(directory)
    found = dossier.claims(min_mentions, about=about, stance=stance, contested=contested)
    if _listed(found, dossier, "claims", as_json, as_csv, out):
        return
    document_titles = queries.Lookup(dossier.document_titles)
    shown = 0
    for claim in found:
        shown += 1
        titles = document_titles.get(m["document_id"] for m in claim["mentions"])
        console.print(f"[bold]{claim['id'][:8]}[/] {escape(claim['text'])}")
        for m in claim["mentions"]:
            who = m.get("speaker") or m.get("outlet") or titles.get(m["document_id"], "")
            console.print(
                f"   [cyan]{m['stance']:9}[/] {escape(who[:40])}: {escape(m['text'][:120])}"
            )
    console.print(f"{shown} claim(s)")


@app.command()
def contradictions(
    directory: Annotated[Path, typer.Argument(help="Dossier directory.")],
    claim: Annotated[str | None, typer.Option(help="Only this claim id (prefix).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: AsCsv = False,
    out: CsvFile = None,
) -> None:
    """Pairs of statements that cannot both hold, with why."""
    as_csv = _csv_wanted(as_json, as_csv, out)
    dossier = _open(directory)
    found = dossier.contradictions(claim)
    if _listed(found, dossier, "contradictions", as_json, as_csv, out):
        return
    shown = 0
    for c in found:
        shown += 1
        console.print(f"[bold red]{c['kind']}[/] {escape(c['explanation'])}")
        console.print(f"   A: {escape(c['a']['text'][:160])}")
        console.print(f"   B: {escape(c['b']['text'][:160])}")
    console.print(f"{shown} contradiction(s)")


@app.command()
def sources(
    directory: Annotated[Path, typer.Argument(help="Dossier directory.")],
    kind: Annotated[str | None, typer.Option(help="outlet or speaker.")] = None,
    name: Annotated[str | None, typer.Option(help="Only sources whose name contains this.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: AsCsv = False,
    out: CsvFile = None,
) -> None:
    """Source profiles: per outlet and per speaker, the claims it asserts, relays, disputes
    and questions (as CSV: one row per source, stance and claim)."""
    as_csv = _csv_wanted(as_json, as_csv, out)
    dossier = _open(directory)
    found = dossier.sources(kind=kind, name=name)
    if _listed(found, dossier, "sources", as_json, as_csv, out):
        return
    table = Table(show_lines=True)
    for column in ("source", "kind", *queries.STANCES):
        table.add_column(column)
    shown = 0
    for source in found:
        shown += 1
        cells = [
            "\n".join(f"• {c['text'][:70]}" for c in source[stance][:5])
            + (f"\n… {len(source[stance]) - 5} more" if len(source[stance]) > 5 else "")
            for stance in queries.STANCES
        ]
        kind_ = source.get("kind") or ""
        if source.get("name_from"):
            # No outlet printed: the name is the document's site, title or opening words.
            kind_ += f"\n(no outlet printed; named by {source['name_from']})"
        _row(table, source.get("name") or "?", kind_, *cells)
    console.print(table)
    console.print(f"{shown} source(s)")


@app.command()
def serve(
    directory: Annotated[Path, typer.Argument(help="Dossier directory.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the report and a read-only REST API (/api/...) over a built dossier."""
    try:
        import uvicorn

        from hearsay.api import create_app
    except ImportError as exc:
        err.print(f"[bold red]error:[/] the API needs the 'api' extra: {exc}")
        raise typer.Exit(code=1) from exc
    _open(directory)  # refuse a folder that is not a dossier before binding the port
    console.print(f"serving {directory} on http://{host}:{port}/ (API under /api)")
    uvicorn.run(create_app(directory), host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
