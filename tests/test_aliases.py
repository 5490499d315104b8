"""The alias table: packaged names, user files, and how lookups and scans match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hearsay.aliases import AliasTable, EntitySpec, alias_key, load_aliases, packaged_file
from hearsay.errors import SettingsError
from hearsay.settings import Settings


@pytest.fixture(scope="module")
def table() -> AliasTable:
    return load_aliases(Settings())


def write(tmp_path: Path, data: object, name: str = "aliases.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("name", "canonical", "relation"),
    [
        ("Beijing", "China", "metonym"),
        ("Zhongnanhai", "China", "metonym"),
        ("the Kremlin", "Russia", "metonym"),
        ("Moscow", "Russia", "metonym"),
        ("Washington", "United States", "metonym"),
        ("the White House", "United States", "metonym"),
        ("Kiev", "Ukraine", "metonym"),
        ("Kyiv", "Ukraine", "metonym"),
        ("Bankova", "Ukraine", "metonym"),
        ("Brussels", "European Union", "metonym"),
        ("Downing Street", "United Kingdom", "metonym"),
        ("Taipei", "Taiwan", "metonym"),
        ("Minsk", "Belarus", "metonym"),
        ("Vilnius", "Lithuania", "metonym"),
        ("U.S.", "United States", "alias"),
        ("USA", "United States", "alias"),
        ("America", "United States", "alias"),
        ("Russian Federation", "Russia", "alias"),
        ("People's Republic of China", "China", "alias"),
        ("PRC", "China", "alias"),
        ("EU", "European Union", "alias"),
        ("Zelenskyy", "Volodymyr Zelensky", "alias"),
        ("Zelenskiy", "Volodymyr Zelensky", "alias"),
        ("Kharkov", "Kharkiv", "alias"),
        ("Odessa", "Odesa", "alias"),
        ("Lugansk", "Luhansk", "alias"),
        ("Nikolaev", "Mykolaiv", "alias"),
        ("SCMP", "South China Morning Post", "alias"),
        ("North Atlantic Treaty Organization", "NATO", "alias"),
        ("CCP", "Communist Party of China", "alias"),
        ("CPC", "Communist Party of China", "alias"),
        ("Chinese Communist Party", "Communist Party of China", "alias"),
        ("UN", "United Nations", "alias"),
        ("Sergey Lavrov", "Sergei Lavrov", "alias"),
        ("Nezalezhnaya", "Ukraine", "pejorative"),
        ("Kiev regime", "Ukraine", "pejorative"),
        ("Russians", "Russian", "alias"),
    ],
)
def test_packaged_names(table: AliasTable, name: str, canonical: str, relation: str) -> None:
    resolution = table.lookup(name)
    assert resolution is not None, name
    assert (resolution.canonical, resolution.relation) == (canonical, relation)


def test_story_people_are_listed(table: AliasTable) -> None:
    for person in [
        "Vladimir Putin",
        "Xi Jinping",
        "Wang Yi",
        "Li Zhanshu",
        "Volodymyr Zelensky",
        "Kaja Kallas",
        "Sergei Lavrov",
        "Vyacheslav Volodin",
        "Donald Trump",
        "António Costa",
        "Alexander Stubb",
    ]:
        spec = table.spec(person)
        assert spec is not None and spec.type == "PERSON", person


def test_types_follow_the_documented_decisions(table: AliasTable) -> None:
    assert table.lookup("Brussels").type == "ORG"  # type: ignore[union-attr]  # the EU is an ORG
    assert table.lookup("the Kremlin").type == "GPE"  # type: ignore[union-attr]
    chinese = table.spec("Chinese")
    assert chinese is not None and chinese.type == "NORP" and chinese.demonym_of == "China"
    assert table.lookup("Chinese").canonical == "Chinese"  # type: ignore[union-attr]


def test_lookup_ignores_case_accents_the_and_possessive(table: AliasTable) -> None:
    assert table.lookup("the kremlin's").canonical == "Russia"  # type: ignore[union-attr]
    assert table.lookup("Antonio Costa").canonical == "António Costa"  # type: ignore[union-attr]
    assert table.lookup("KHARKOV").canonical == "Kharkiv"  # type: ignore[union-attr]
    assert table.lookup("People’s Republic of China").canonical == "China"  # type: ignore[union-attr]
    assert alias_key("The  Kremlin’s") == "kremlin"


def test_unknown_names_resolve_to_nothing(table: AliasTable) -> None:
    assert table.lookup("Valdoria") is None
    assert table.lookup("") is None
    assert table.lookup("MFA") is None  # ambiguous abbreviations are not listed


def test_short_names_and_acronyms_keep_their_case(table: AliasTable) -> None:
    assert table.written_as_listed("US")
    assert not table.written_as_listed("us")
    assert not table.written_as_listed("XI")  # a roman numeral, not Xi Jinping
    assert table.written_as_listed("KREMLIN")
    assert not table.written_as_listed("kremlin")


def test_capitals_keep_a_literal_place(table: AliasTable) -> None:
    assert table.place("Moscow").canonical == "Moscow"  # type: ignore[union-attr]
    assert table.place("Kiev").canonical == "Kyiv"  # type: ignore[union-attr]
    assert table.place("Washington").canonical == "Washington, D.C."  # type: ignore[union-attr]
    assert table.place("the Kremlin") is None  # a seat of power is always the state
    assert table.place("Kharkov") is None


def test_packaged_file_is_consistent() -> None:
    data = json.loads(packaged_file().read_text(encoding="utf-8"))
    assert data["_about"] and data["surname_first"] and data["role_heads"]
    names = [e["name"].casefold() for e in data["entities"]]
    assert len(names) == len(set(names)), "an entity is listed twice"
    for entry in data["entities"]:
        assert entry["type"] in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"}


def test_packaged_file_has_no_conflicting_aliases(caplog: pytest.LogCaptureFixture) -> None:
    from hearsay.aliases import table_from_files

    table_from_files([packaged_file()])
    assert "is listed for both" not in caplog.text


def test_user_file_adds_a_fictional_story(tmp_path: Path) -> None:
    story = {
        "entities": [
            {
                "name": "Valdoria",
                "type": "GPE",
                "aliases": ["Republic of Valdoria"],
                "metonyms": ["Korvanograd"],
                "pejoratives": ["Valdorstan"],
            }
        ]
    }
    table = load_aliases(Settings(aliases_files=(write(tmp_path, story),)))
    assert table.lookup("Korvanograd").canonical == "Valdoria"  # type: ignore[union-attr]
    assert table.lookup("Valdorstan").relation == "pejorative"  # type: ignore[union-attr]
    assert table.lookup("Beijing").canonical == "China"  # type: ignore[union-attr]  # still there


def test_user_entries_override_packaged_ones(tmp_path: Path) -> None:
    data = {
        "entities": [
            {"name": "Ukraine", "type": "GPE", "aliases": ["Ukraina"]},
            {"name": "Kyiv Group", "type": "ORG", "aliases": ["Kyiv"]},
        ]
    }
    table = load_aliases(Settings(aliases_files=(write(tmp_path, data),)))
    assert table.lookup("Ukraina").canonical == "Ukraine"  # type: ignore[union-attr]
    assert table.lookup("Nezalezhnaya") is None  # the packaged Ukraine entry was replaced
    kyiv = table.lookup("Kyiv")
    assert kyiv is not None and (kyiv.canonical, kyiv.type) == ("Kyiv Group", "ORG")
    assert table.place("Kyiv") is None


def test_user_file_extends_surnames_and_roles(tmp_path: Path) -> None:
    data = {"surname_first": ["Nguyen"], "role_heads": ["hetman"], "entities": []}
    table = load_aliases(Settings(aliases_files=(write(tmp_path, data),)))
    assert "nguyen" in table.surname_first and "hetman" in table.role_heads
    assert "wang" in table.surname_first  # packaged words are kept


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"entities": [{"name": "X"}]}', "needs a 'type'"),
        ('{"entities": [{"type": "GPE"}]}', "needs a 'name'"),
        ('{"entities": [{"name": "X", "type": "GPE", "aliases": "Y"}]}', "list of strings"),
        ('["X"]', "must be an object"),
    ],
)
def test_bad_user_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_aliases(Settings(aliases_files=(str(path),)))


def test_missing_user_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        load_aliases(Settings(aliases_files=(str(tmp_path / "nope.json"),)))


def test_table_is_built_once_per_file_list() -> None:
    assert load_aliases(Settings()) is load_aliases(Settings())


def test_scan_finds_listed_names_leftmost_longest() -> None:
    spacy = pytest.importorskip("spacy")
    table = AliasTable.build(
        [
            [
                EntitySpec(
                    "Valdoria", "GPE", aliases=("Republic of Valdoria",), metonyms=("Korvanograd",)
                ),
                EntitySpec("Valdorian Post", "ORG", aliases=("VP",)),
            ]
        ]
    )
    doc = spacy.blank("en")(
        "The Republic of Valdoria's envoy told the Valdorian Post that "
        "Korvanograd, not korvanograd or vp, decides."
    )
    found = [(doc[m.start : m.end].text, m.resolution.canonical) for m in table.scan(doc)]
    assert found == [
        ("Republic of Valdoria", "Valdoria"),
        ("Valdorian Post", "Valdorian Post"),
        ("Korvanograd", "Valdoria"),
    ]


def test_scan_of_text_without_names_is_empty(table: AliasTable) -> None:
    spacy = pytest.importorskip("spacy")
    assert table.scan(spacy.blank("en")("nothing here but us and the weather.")) == []
