"""Contradictions between accounts of one claim, each explained with both sources."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from hearsay.claim_lexicon import claim_lexicon
from hearsay.claim_text import NamedSpan, text_features
from hearsay.contradictions import ContradictionFinder, Member, member_of
from hearsay.models import ClaimMention, Document
from hearsay.store import ClaimMentionRow, Store, claim_mention_id

LEXICON = claim_lexicon()
NAMES = {"Ostland": "GPE", "Marvia": "GPE", "Vera Lind": "PERSON", "Kessel": "GPE"}


class SameVectors:
    """Every mention points the same way: the checks then rest on wording alone."""

    def vectors(self, labels: list[int]) -> np.ndarray:
        return np.ones((len(labels), 4), dtype=np.float32) / 2.0


def member(
    text: str,
    source: str,
    stance: str = "asserts",
    speaker: str | None = None,
    speaker_stance: str | None = None,
    via: list[str] | None = None,
    document_id: str = "doc",
    start: int = 0,
    label: int = 0,
) -> Member:
    names = [
        NamedSpan(start + m.start(), start + m.end(), name, name.casefold(), type_)
        for name, type_ in NAMES.items()
        for m in re.finditer(name, text)
    ]
    mention = ClaimMention(
        document_id=document_id, start=start, end=start + len(text), text=text,
        stance=stance, speaker=speaker, via=via or [], outlet=source,
        attribution_id="att" if speaker else None,
    )  # fmt: skip
    features = text_features(text, start, names, LEXICON)
    features.source_label = source
    features.speaker_key = speaker.casefold() if speaker else None
    features.speaker_name = speaker
    features.speaker_stance = speaker_stance
    return Member(claim_mention_id(mention), mention, features, label)


def find(*members: Member) -> list[tuple[str, str]]:
    finder = ContradictionFinder(LEXICON, None, SameVectors())  # type: ignore[arg-type]
    return [(c.kind, c.explanation) for c in finder.find("claim-1", list(members))]


def test_negated_account() -> None:
    found = find(
        member("Ostland closed the border crossing at Velin.", "Herald"),
        member("Ostland has not closed the border crossing at Velin.", "Courier"),
    )
    assert [kind for kind, _ in found] == ["negation"]
    assert "Herald" in found[0][1] and "Courier" in found[0][1]


def test_antonyms() -> None:
    found = find(
        member("Ostland will support the Kessel accord.", "Herald"),
        member("Ostland will oppose the Kessel accord.", "Courier"),
    )
    assert [kind for kind, _ in found] == ["antonym"]
    assert "support" in found[0][1] and "oppose" in found[0][1]


def test_different_numbers_and_dates_for_one_event() -> None:
    numbers = find(
        member("Ostland forces recaptured 3,000 square kilometres near Kessel.", "Herald"),
        member("Ostland forces recaptured 1,200 square kilometres near Kessel.", "Courier"),
    )
    assert [kind for kind, _ in numbers] == ["number"]
    assert "3,000" in numbers[0][1] and "1,200" in numbers[0][1]
    dates = find(
        member("Vera Lind met the Marvian envoy in Kessel on July 2.", "Herald"),
        member("Vera Lind met the Marvian envoy in Kessel on July 9.", "Courier"),
    )
    assert [kind for kind, _ in dates] == ["date"]


def test_different_actor_for_one_event() -> None:
    found = find(
        member("Ostland shelled the Kessel grain depot overnight.", "Herald"),
        member("Marvia shelled the Kessel grain depot overnight.", "Courier"),
    )
    assert [kind for kind, _ in found] == ["actor"]


def test_opposite_stance_needs_a_denial_or_opposite_wording() -> None:
    denial = find(
        member("Ostland is arming the rebels in Kessel.", "Herald"),
        member(
            "Ostland is arming the rebels in Kessel.",
            "Courier",
            stance="relays",
            speaker="Vera Lind",
            speaker_stance="disputes",
        ),  # fmt: skip
    )
    assert [kind for kind, _ in denial] == ["opposite_stance"]
    assert "Vera Lind" in denial[0][1]
    # A paraphrase that a stance rule read as a dispute is not a contradiction.
    paraphrase = find(
        member("Ostland cannot afford a defeat of Marvia.", "Herald"),
        member("A defeat of Marvia is against Ostland's interests.", "Courier", "disputes"),
    )
    assert paraphrase == []


def test_nothing_between_agreeing_accounts_or_within_one_source() -> None:
    assert (
        find(
            member("Ostland closed the border crossing at Velin.", "Herald"),
            member("Ostland has closed the Velin border crossing.", "Courier"),
        )
        == []
    )
    assert (
        find(
            member("Ostland closed the border crossing at Velin.", "Herald"),
            member("Ostland has not closed the border crossing at Velin.", "Herald"),
        )
        == []
    )


# -- omissions: they need the rest of the document, so they run on a store ------------------

READOUTS = (
    "According to a statement from the Ostland parliament, Vera Lind assured members that "
    "Marvia supports Ostland on vital issues, in particular on Kessel. "
    "According to the Marvian news agency, Vera Lind voiced support for Ostland on core issues. "
    "In the Marvian version, Lind is not quoted as making any reference to Kessel at all."
)


def stored(store: Store, *members: Member) -> list[Member]:
    document = Document(id="doc", source_path="doc.txt", text=READOUTS)
    store.save_analysis(document, [], [])
    store.replace_claim_mentions("doc", [m.mention for m in members])
    rows = []
    for m in members:
        row = ClaimMentionRow(
            id=m.id, mention=m.mention, features=m.features.to_json(), label=m.label,
            cluster_id="claim-1", speaker_key=m.features.speaker_key,
        )  # fmt: skip
        rows.append(row)
    store.update_claim_mention_rows(rows)
    return [member_of(r) for r in rows]


def span_member(part: str, **kw: object) -> Member:
    start = READOUTS.index(part)
    return member(part, "Daily", start=start, **kw)  # type: ignore[arg-type]


def test_two_readouts_of_one_statement(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        duma = span_member(
            "Marvia supports Ostland on vital issues, in particular on Kessel",
            speaker="Vera Lind", via=["a statement from the Ostland parliament"], label=0,
        )  # fmt: skip
        agency = span_member(
            "Vera Lind voiced support for Ostland on core issues",
            speaker="the Marvian news agency", label=1,
        )  # fmt: skip
        note = span_member(
            "In the Marvian version, Lind is not quoted as making any reference to Kessel at all.",
            label=2,
        )
        members = stored(store, duma, agency, note)
        finder = ContradictionFinder(
            LEXICON,
            store,
            SameVectors(),
            lambda _: READOUTS,  # type: ignore[arg-type]
        )
        found = finder.find("claim-1", members)
    omissions = [c for c in found if c.kind == "omission"]
    assert len(omissions) == 1
    (omission,) = omissions
    assert omission.a.text.endswith("in particular on Kessel")
    assert omission.b.text.startswith("Vera Lind voiced support")
    assert omission.explanation == (
        "According to the Ostland parliament, Vera Lind mentioned Kessel; the account from the "
        "Marvian news agency does not. Daily notes: “In the Marvian version, Lind is not quoted "
        "as making any reference to Kessel at all”."
    )


def test_readouts_without_a_stated_omission_are_not_a_contradiction(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        duma = span_member(
            "Marvia supports Ostland on vital issues, in particular on Kessel",
            speaker="Vera Lind", via=["a statement from the Ostland parliament"], label=0,
        )  # fmt: skip
        agency = span_member(
            "Vera Lind voiced support for Ostland on core issues",
            speaker="the Marvian news agency", label=1,
        )  # fmt: skip
        members = stored(store, duma, agency)
        finder = ContradictionFinder(
            LEXICON,
            store,
            SameVectors(),
            lambda _: READOUTS,  # type: ignore[arg-type]
        )
        assert [c for c in finder.find("claim-1", members) if c.kind == "omission"] == []


def test_many_distinct_wordings_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import hearsay.contradictions as module

    monkeypatch.setattr(module, "MAX_COMPARED", 3)
    members = [
        member(f"Ostland closed {n} border crossings at Velin.", f"outlet{n}", document_id=f"d{n}")
        for n in range(2, 9)
    ]
    # Only the first three wordings are compared: 2, 3 and 4 crossings.
    found = find(*members)
    assert len(found) == 3


def test_a_file_name_is_replaced_by_the_document_title_in_explanations() -> None:
    finder = ContradictionFinder(
        LEXICON, None, SameVectors(),  # type: ignore[arg-type]
        document_name=lambda document_id: "the article “Velin border news”",
    )  # fmt: skip
    found = finder.find(
        "claim-1",
        [
            member("Ostland closed the border crossing at Velin.", "017_a3f.txt", document_id="x"),
            member("Ostland has not closed the border crossing at Velin.", "Courier"),
        ],
    )
    (contradiction,) = found
    assert contradiction.explanation.startswith("The article “Velin border news” says “Ostland")
    assert "017_a3f.txt" not in contradiction.explanation
    assert "Courier" in contradiction.explanation


def test_channels_are_named_as_the_document_names_them() -> None:
    from hearsay.contradictions import _channel_key
    from hearsay.profiles import channel_name

    assert channel_name("a statement from the Ostland Duma") == "the Ostland Duma"
    assert channel_name("the official Marvia News Agency") == "the Marvia News Agency"
    assert channel_name("Marvinform") == "Marvinform"
    assert _channel_key("a statement from the Ostland Duma") == _channel_key("the Ostland Duma")
