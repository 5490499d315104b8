"""A statement that goes on with the one before takes its channel and date (carry_circumstances)."""

from __future__ import annotations

from hearsay.circumstances import carry_circumstances
from hearsay.models import Attribution, Cue, Speaker, TextSpan

TEXT = (
    "“The border will hold,” Vera Lind wrote on Twitter on Monday. "
    "Later, Lind added, the talks could fail. "
    "“Marvia will not sign,” she wrote. "
    "“Nothing is settled,” Tomas Berg said. "
    "“The talks are over,” she added. "
    "Lind said the vote was close."
)


def report(
    sentence: str, speaker: str, entity: str, cue: str, content: str, **kw: str
) -> Attribution:
    """An attribution in the one ``sentence`` of TEXT that holds its speaker, cue and content."""
    base = TEXT.index(sentence)
    s, c, q = (base + sentence.index(part) for part in (speaker, cue, content))
    return Attribution(
        id=Attribution.make_id("d", q, q + len(content)), document_id="d", kind="direct",
        speaker=Speaker(text=speaker, start=s, end=s + len(speaker), entity_id=entity),
        cue=Cue(text=cue, start=c, end=c + len(cue), lean="neutral"),
        content=TextSpan(text=content, start=q, end=q + len(content)), **kw,
    )  # fmt: skip


def first(**kw: str) -> Attribution:
    return report("“The border will hold,” Vera Lind wrote", "Vera Lind", "lind", "wrote",
                  "“The border will hold,”", **kw)  # fmt: skip


def test_added_and_the_same_verb_go_on_with_the_statement_before() -> None:
    added = report("Lind added, the talks could fail", "Lind", "lind", "added", "the talks")
    again = report("“Marvia will not sign,” she wrote", "she", "lind", "wrote", "“Marvia")
    found = [first(channel="Twitter", date="2025-03-03"), added, again]
    carry_circumstances(found)
    assert [(a.channel, a.date) for a in found] == [("Twitter", "2025-03-03")] * 3


def test_another_voice_in_between_ends_the_run() -> None:
    again = report("“Marvia will not sign,” she wrote", "she", "lind", "wrote", "“Marvia",
                   channel="Twitter")  # fmt: skip
    other = report("“Nothing is settled,” Tomas Berg said", "Tomas Berg", "berg", "said",
                   "“Nothing is settled,”")  # fmt: skip
    later = report("“The talks are over,” she added", "she", "lind", "added", "“The talks")
    carry_circumstances([again, other, later])
    assert (other.channel, later.channel) == (None, None)


def test_a_new_verb_or_an_own_channel_is_not_carried_over() -> None:
    own = report("Lind added, the talks could fail", "Lind", "lind", "added", "the talks",
                 channel="a radio interview")  # fmt: skip
    said = report("Lind said the vote was close", "Lind", "lind", "said", "the vote was close")
    found = [first(channel="Twitter"), own, said]
    carry_circumstances(found)
    assert [a.channel for a in found] == ["Twitter", "a radio interview", None]


def test_told_a_news_outlet_the_model_takes_for_a_person() -> None:
    from hearsay.attribution import attributions_in_text

    text = "“The talks in Geneva are over,” Vera Lind told Bloomberg on Tuesday."
    (told,) = [a for a in attributions_in_text(text) if a.cue is not None and a.cue.text == "told"]
    assert told.addressee is not None and told.addressee.text == "Bloomberg"
    assert told.channel == "Bloomberg"
