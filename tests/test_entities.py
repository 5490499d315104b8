"""The entities stage: one short text in, the mentions an analyst expects out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hearsay.aliases import AliasTable, load_aliases
from hearsay.entities import canonicalize, extract_mentions
from hearsay.models import Entity, EntityMention
from hearsay.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="module")
def table() -> AliasTable:
    return load_aliases(Settings())


def mentions_of(text: str, table: AliasTable) -> list[EntityMention]:
    from hearsay.nlp import parse_text

    parsed = parse_text(text)
    found = extract_mentions(parsed, table)
    for mention in found:  # every mention points at its own characters
        assert parsed.document.text[mention.start : mention.end] == mention.text
    return found


def by_text(mentions: list[EntityMention]) -> dict[str, EntityMention]:
    return {m.text: m for m in mentions}


# --- aliases and metonyms --------------------------------------------------------------------


def test_capitals_and_seats_of_power_stand_for_their_state(table: AliasTable) -> None:
    found = by_text(
        mentions_of(
            "Moscow criticised the decision, and the Kremlin said it would answer Washington.",
            table,
        )
    )
    for name, state in [
        ("Moscow", "Russia"),
        ("Kremlin", "Russia"),
        ("Washington", "United States"),
    ]:
        assert (found[name].canonical, found[name].type, found[name].resolved_by) == (
            state,
            "GPE",
            "metonym",
        )


def test_a_capital_used_as_a_place_is_the_city(table: AliasTable) -> None:
    found = by_text(mentions_of("The delegates met in Moscow on Friday.", table))
    assert found["Moscow"].canonical == "Moscow"


def test_a_capital_in_a_dateline_is_where_the_report_was_filed(table: AliasTable) -> None:
    from hearsay.models import Document, Segment
    from hearsay.nlp import Parser

    text = "MOSCOW\nThe Kremlin denied the report on Tuesday."
    document = Document(
        id="d1",
        source_path="<test>",
        text=text,
        segments=[
            Segment(id="d1:0", kind="dateline", start=0, end=6),
            Segment(id="d1:1", kind="body", start=7, end=len(text)),
        ],
    )
    parsed = next(Parser(Settings()).parse([document]))
    found = {m.text: m.canonical for m in extract_mentions(parsed, table)}
    assert found == {"MOSCOW": "Moscow", "Kremlin": "Russia"}


def test_transliterations_and_pejoratives_resolve(table: AliasTable) -> None:
    found = by_text(
        mentions_of(
            "Bloggers say Nezalezhnaya has lost Kharkov, and that Zelenskyy knows it.", table
        )
    )
    assert (found["Nezalezhnaya"].canonical, found["Nezalezhnaya"].resolved_by) == (
        "Ukraine",
        "pejorative",
    )
    assert (found["Kharkov"].canonical, found["Kharkov"].type) == ("Kharkiv", "GPE")
    assert found["Zelenskyy"].canonical == "Volodymyr Zelensky"


def test_names_the_model_missed_come_from_the_table(table: AliasTable) -> None:
    found = by_text(mentions_of("According to the SCMP, officials were surprised.", table))
    assert found["SCMP"].canonical == "South China Morning Post"
    assert found["SCMP"].type == "ORG"


def test_groups_stay_groups(table: AliasTable) -> None:
    found = by_text(mentions_of("Chinese officials met Russians in the port.", table))
    assert (found["Chinese"].type, found["Chinese"].canonical) == ("NORP", "Chinese")
    assert (found["Russians"].type, found["Russians"].canonical) == ("NORP", "Russian")


# --- cleaning the model's spans ----------------------------------------------------------------


def test_numbers_and_dates_are_not_entities(table: AliasTable) -> None:
    found = mentions_of(
        "On July 2, 2025, about 300 soldiers, or 40 percent, crossed into "
        "Russia’s Kursk region for the first time.",
        table,
    )
    assert [m.text for m in found] == ["Russia", "Kursk"]  # no possessive, no dates


def test_names_run_together_are_split_but_names_built_on_a_name_are_kept(
    table: AliasTable,
) -> None:
    found = mentions_of("The President of Ukraine Volodymyr Zelenskyy told reporters.", table)
    assert [(m.text, m.canonical, m.role) for m in found] == [
        ("Ukraine", "Ukraine", None),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", "President of Ukraine"),
    ]
    found = mentions_of("He stayed at Trump Tower in New York.", table)
    assert [m.text for m in found] == ["Trump Tower", "New York"]


def test_pronouns_and_lowercase_words_yield_nothing(table: AliasTable) -> None:
    assert mentions_of("They told us all about it, and we listened.", table) == []


# --- roles, surnames and titles ----------------------------------------------------------------


def test_role_before_the_name_and_surname_back_reference(table: AliasTable) -> None:
    found = mentions_of(
        "Chinese Defence Minister Zhao Minghui visited the port. Zhao later "
        "said the navy was ready.",
        table,
    )
    full, short = [m for m in found if m.type == "PERSON"]
    assert (full.text, full.role) == ("Zhao Minghui", "Chinese Defence Minister")
    assert (short.text, short.canonical, short.resolved_by) == ("Zhao", "Zhao Minghui", "surname")


def test_western_names_are_referred_back_to_by_the_last_word(table: AliasTable) -> None:
    found = mentions_of(
        "Tomas Berg, chairman of the Harbour Council, said the vote was rigged. "
        "Berg gave no evidence.",
        table,
    )
    people = [m for m in found if m.type == "PERSON"]
    assert people[0].role == "chairman of the Harbour Council"
    assert (people[1].text, people[1].canonical) == ("Berg", "Tomas Berg")


def test_a_shared_surname_goes_to_the_person_the_text_is_about(table: AliasTable) -> None:
    found = mentions_of(
        "Mayor Ilse Varga opened the bridge on Monday. Ilse Varga thanked her brother "
        "Janos Varga for the loan. Varga said the bridge was safe.",
        table,
    )
    assert [m.canonical for m in found if m.text == "Varga"] == ["Ilse Varga"]
    assert {m.type for m in found if m.canonical == "Ilse Varga"} == {"PERSON"}


def test_names_the_table_knows_are_marked_alias(table: AliasTable) -> None:
    found = mentions_of("China denied the report. Officials in Harbourton disagreed.", table)
    assert [(m.text, m.resolved_by) for m in found] == [("China", "alias"), ("Harbourton", "ner")]


def test_a_title_refers_to_the_person_who_holds_it(table: AliasTable) -> None:
    found = mentions_of(
        "Foreign Minister Ilse Varga met reporters. The minister said the talks had failed.", table
    )
    title = found[-1]
    assert (title.text, title.canonical, title.resolved_by) == (
        "The minister",
        "Ilse Varga",
        "title",
    )


def test_a_title_nobody_holds_yields_nothing(table: AliasTable) -> None:
    assert mentions_of("The minister said the talks had failed.", table) == []
    found = mentions_of("Mayor Ilse Varga spoke. The ministers left.", table)
    assert [m.text for m in found] == ["Ilse Varga"]


def test_caption_positions_are_not_roles(table: AliasTable) -> None:
    found = mentions_of("Ivan Petrov, center, and Olga Lind, right, watched.", table)
    assert [(m.text, m.role) for m in found] == [("Ivan Petrov", None), ("Olga Lind", None)]


def test_user_alias_file_drives_a_fictional_story(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(
        json.dumps(
            {"entities": [{"name": "Valdoria", "type": "GPE", "metonyms": ["Korvanograd"]}]}
        ),
        encoding="utf-8",
    )
    story = load_aliases(Settings(aliases_files=(str(path),)))
    found = by_text(mentions_of("Korvanograd denied the report.", story))
    assert (found["Korvanograd"].canonical, found["Korvanograd"].resolved_by) == (
        "Valdoria",
        "metonym",
    )


# --- canonicalize ------------------------------------------------------------------------------


def mention(
    doc: str,
    text: str,
    canonical: str,
    type_: str = "PERSON",
    how: str = "ner",
    role: str | None = None,
    start: int = 0,
) -> EntityMention:
    return EntityMention(
        document_id=doc,
        start=start,
        end=start + len(text),
        text=text,
        type=type_,
        canonical=canonical,
        resolved_by=how,
        role=role,
    )


def test_canonicalize_groups_mentions_into_entities() -> None:
    entities, mentions = canonicalize(
        [
            mention("d1", "Zelenskyy", "Volodymyr Zelensky", how="alias"),
            mention("d2", "Volodymyr Zelensky", "Volodymyr Zelensky", role="Ukrainian President"),
            mention("d2", "the president", "Volodymyr Zelensky", how="title", role="president"),
            mention("d3", "Kiev", "Ukraine", "GPE", "metonym"),
        ]
    )
    zelensky = next(e for e in entities if e.name == "Volodymyr Zelensky")
    assert zelensky.id == Entity.make_id("PERSON", "Volodymyr Zelensky")
    assert zelensky.aliases == ["Zelenskyy", "Volodymyr Zelensky"]  # titles are not names
    assert zelensky.roles == ["Ukrainian President", "president"]
    assert entities[0] is zelensky  # most mentioned first
    assert all(m.entity_id for m in mentions) and len(mentions) == 4


def test_type_conflicts_take_the_table_type_then_the_majority() -> None:
    entities, mentions = canonicalize(
        [
            mention("d1", "Ukraine", "Ukraine", "ORG"),
            mention("d2", "Ukraine", "Ukraine", "ORG"),
            mention("d3", "Kyiv", "Ukraine", "GPE", "metonym"),
            mention("d1", "Harbour Council", "Harbour Council", "ORG"),
            mention("d2", "Harbour Council", "Harbour Council", "ORG"),
            mention("d3", "Harbour Council", "Harbour Council", "FAC"),
        ]
    )
    assert {e.name: e.type for e in entities} == {"Ukraine": "GPE", "Harbour Council": "ORG"}
    assert {m.type for m in mentions if m.canonical == "Ukraine"} == {"GPE"}


def test_a_bare_surname_joins_the_one_full_name_in_the_corpus() -> None:
    entities, mentions = canonicalize(
        [
            mention("d1", "Zhao Minghui", "Zhao Minghui"),
            mention("d2", "Zhao", "Zhao", "ORG"),
        ]
    )
    assert [e.name for e in entities] == ["Zhao Minghui"]
    assert mentions[1].resolved_by == "surname" and mentions[1].type == "PERSON"


def test_an_ambiguous_surname_is_left_alone() -> None:
    entities, _ = canonicalize(
        [
            mention("d1", "Ilse Varga", "Ilse Varga"),
            mention("d2", "Janos Varga", "Janos Varga"),
            mention("d3", "Varga", "Varga"),
        ]
    )
    assert sorted(e.name for e in entities) == ["Ilse Varga", "Janos Varga", "Varga"]


def test_canonicalize_is_stable_when_run_again() -> None:
    first_entities, first = canonicalize(
        [
            mention("d1", "Zhao Minghui", "Zhao Minghui"),
            mention("d2", "Zhao", "Zhao"),
        ]
    )
    again_entities, again = canonicalize(first)
    assert first == again and first_entities == again_entities


def test_canonicalize_of_nothing_is_nothing() -> None:
    assert canonicalize([]) == ([], [])


# --- the seed corpus, read as an analyst would (skipped when absent) ---------------------------


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("seed corpus not available")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def seed_mentions(prefix: str, table: AliasTable) -> list[EntityMention]:
    return mentions_of(seed(prefix).read_text(encoding="utf-8"), table)


def test_seeds_li_is_li_zhanshu_in_the_2022_report(table: AliasTable) -> None:
    found = seed_mentions("004", table)
    lis = [m for m in found if m.text == "Li"]
    assert len(lis) >= 4 and {m.canonical for m in lis} == {"Li Zhanshu"}
    hart = [m for m in found if m.text == "Hart"]
    assert hart and {m.canonical for m in hart} == {"Brian Hart"}
    roles = {m.role for m in found if m.canonical == "Li Zhanshu"}
    assert "China’s top legislator" in roles


def test_seeds_capitals_resolve_to_their_states(table: AliasTable) -> None:
    found = seed_mentions("000", table) + seed_mentions("004", table)
    for capital, state in [
        ("Beijing", "China"),
        ("Moscow", "Russia"),
        ("Kiev", "Ukraine"),
        ("Washington", "United States"),
    ]:
        as_state = [m for m in found if m.text == capital and m.canonical == state]
        assert as_state and all(m.resolved_by == "metonym" for m in as_state), capital
    assert any(m.text == "Nezalezhnaya" and m.canonical == "Ukraine" for m in found)


def test_seeds_wang_is_wang_yi_and_zelensky_is_one_entity(table: AliasTable) -> None:
    wangs = [m for m in seed_mentions("002", table) if m.text == "Wang"]
    assert wangs and {m.canonical for m in wangs} == {"Wang Yi"}
    entities, _ = canonicalize(seed_mentions("003", table))
    zelensky = [e for e in entities if "Zelensky" in e.name or "Zelenskyy" in e.name]
    assert len(zelensky) == 1
    assert {"Volodymyr Zelensky", "Zelenskyy"} <= set(zelensky[0].aliases)


def test_a_model_span_across_a_comma_and_a_new_subject_is_cut(table: AliasTable) -> None:
    # The model can tag "the Port Authority, Mensah" as one ORG, running into the subject of
    # the next clause; "Washington, D.C." is one name, D.C. hanging on Washington.
    import spacy
    from spacy.tokens import Doc

    from hearsay.entities import _clean_span

    vocab = spacy.blank("en").vocab
    words = ["the", "Port", "Authority", ",", "Mensah", "said", "the", "dock", "is", "open"]
    heads = [2, 2, 5, 5, 5, 5, 7, 8, 5, 8]
    deps = ["det", "compound", "prep", "punct", "nsubj", "ROOT", "det", "nsubj", "ccomp", "acomp"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps)
    assert _clean_span(doc, 0, 5, "ORG", table) == [(1, 3), (4, 5)]
    words = ["Washington", ",", "D.C.", "voted", "yes"]
    doc = Doc(vocab, words=words, heads=[3, 0, 0, 3, 3],
              deps=["nsubj", "punct", "appos", "ROOT", "dobj"])  # fmt: skip
    assert _clean_span(doc, 0, 3, "GPE", table) == [(0, 3)]
