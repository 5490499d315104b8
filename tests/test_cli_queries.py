import json
from pathlib import Path

from tiny_dossier import CONTESTED, write_disputed_dossier, write_tiny_dossier
from typer.testing import CliRunner

from hearsay.cli import app

runner = CliRunner()
MARKUP = "[/bold] [red]not a colour[/red]"


def _with_markup_in_the_text(folder: Path) -> Path:
    write_tiny_dossier(folder)
    path = folder / "dossier.json"
    dossier = json.loads(path.read_text(encoding="utf-8"))
    dossier["entities"][0]["name"] = MARKUP
    dossier["claims"][0]["text"] = MARKUP
    dossier["sources"][0]["name"] = MARKUP
    path.write_text(json.dumps(dossier), encoding="utf-8")
    return folder


def test_sources_lists_each_stance_with_claim_texts(tmp_path: Path) -> None:
    folder = write_tiny_dossier(tmp_path)
    result = runner.invoke(app, ["sources", str(folder), "--kind", "outlet", "--json"])
    assert result.exit_code == 0, result.output
    (outlet,) = json.loads(result.output)
    assert outlet["name"] == "Kessa Daily"
    assert [c["text"] for c in outlet["disputes"]] == ["The port is closed."]
    assert json.loads(runner.invoke(app, ["sources", str(folder), "--name", "nobody",
                                          "--json"]).output) == []


def test_claims_about_and_contradictions_of_one_claim(tmp_path: Path) -> None:
    folder = write_tiny_dossier(tmp_path)
    about = runner.invoke(app, ["claims", str(folder), "--about", "kessa", "--json"])
    assert [c["id"] for c in json.loads(about.output)] == ["c1aa"]
    none = runner.invoke(app, ["contradictions", str(folder), "--claim", "c2", "--json"])
    assert json.loads(none.output) == []


def test_claims_sources_take_both_sides_of_and_claims_by_stance(tmp_path: Path) -> None:
    folder = write_disputed_dossier(tmp_path)

    def ids(*options: str) -> list[str]:
        result = runner.invoke(app, ["claims", str(folder), *options, "--json"])
        assert result.exit_code == 0, result.output
        return [c["id"] for c in json.loads(result.output)]

    assert ids("--contested") == CONTESTED  # k2 quotes both sides in one article: not listed
    assert ids("--stance", "disputes") == ["k1"]
    assert ids("--stance", "questions", "--contested") == ["k4"]
    table = runner.invoke(app, ["claims", str(folder), "--contested", "--stance", "relays"])
    assert "Troops crossed the river." in table.output and "1 claim(s)" in table.output


def test_an_unknown_stance_is_refused_with_the_stances_to_choose_from(tmp_path: Path) -> None:
    folder = write_disputed_dossier(tmp_path)
    result = runner.invoke(app, ["claims", str(folder), "--stance", "denies"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a usage error, not a traceback
    message = " ".join(result.output.replace("│", " ").split())  # as one line, out of its box
    assert "'denies' is not one of 'asserts', 'relays', 'disputes', 'questions'" in message


def test_document_text_is_printed_as_written_never_as_markup(tmp_path: Path) -> None:
    folder = _with_markup_in_the_text(tmp_path)
    for command in ("entities", "claims", "sources", "contradictions", "quotes", "show"):
        result = runner.invoke(app, [command, str(folder)])
        assert result.exit_code == 0, (command, result.output)
    shown = runner.invoke(app, ["claims", str(folder)]).output
    assert "not a colour" in shown and "[red]" in shown


def test_an_untitled_document_is_named_by_its_opening_words_not_its_file(
    tmp_path: Path,
) -> None:
    folder = write_tiny_dossier(tmp_path)
    path = folder / "dossier.json"
    dossier = json.loads(path.read_text(encoding="utf-8"))
    dossier["documents"][0].update(title=None, source_path="002_77b3b5.txt", genre="forum_thread")
    dossier["sources"][0].update(name="forum thread “Vale spoke in Kessa.”", name_from="text")
    path.write_text(json.dumps(dossier), encoding="utf-8")

    claims = runner.invoke(app, ["claims", str(folder)])
    assert claims.exit_code == 0, claims.output
    assert "002_77b3b5" not in claims.output
    assert "forum thread “Vale spoke in Kessa." in claims.output

    from hearsay import cli

    wide = cli.console.width
    cli.console.width = 300  # one line per table row, so the kind column reads as one phrase
    try:
        sources = runner.invoke(app, ["sources", str(folder)])
    finally:
        cli.console.width = wide
    assert sources.exit_code == 0, sources.output
    assert "no outlet printed; named by text" in sources.output
