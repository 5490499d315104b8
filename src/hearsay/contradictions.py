"""Contradictions: pairs of claim mentions that cannot both hold, each with a short explanation
that names both sources.

Within one claim cluster:
- ``opposite_stance``: one source asserts the claim, another disputes it;
- ``negation``: the same wording, one negated ("does not consider" / "considers");
- ``antonym``: the same wording with opposite words (support / oppose, win / lose);
- ``number``, ``date``, ``actor``: the same event with different figures, dates or agents.
Across the accounts of one statement:
- ``omission``: two channels report one speaker's statement and one names something the other
  lacks, while a document says so ("the Chinese readout makes no reference to Ukraine"); or a
  document reports a claim and says, in the same sentence, that another account omits it.

Pairs are compared among the distinct wordings of a cluster only (a flood of identical copies
is one wording), at most ``MAX_COMPARED`` per cluster, so the cost stays linear in mentions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hearsay.claim_lexicon import ClaimLexicon
from hearsay.claim_text import MentionFeatures, jaccard, shorten
from hearsay.models import (
    ClaimMention,
    Contradiction,
    ContradictionSide,
    StanceLabel,
    content_id,
)
from hearsay.profiles import channel_name

if TYPE_CHECKING:
    from hearsay.claim_index import ClaimIndex
    from hearsay.store import ClaimMentionRow, Store

logger = logging.getLogger(__name__)

MAX_COMPARED = 60  # distinct wordings compared pairwise in one cluster
MAX_PER_CLUSTER = 25
SAME_EVENT = 0.75  # cosine above which two mentions describe one event (numbers, dates)
SAME_WORDING = 0.5  # concept overlap above which a negation or antonym flips one claim
ABOUT_THE_SAME = 0.55  # cosine below which two mentions of a cluster are too far to compare
ACCOUNT_SIMILARITY = 0.45  # two accounts of one statement talk about the same matter
MAX_ACCOUNTS = 300  # mentions of one speaker compared with a touched mention
# A source label that is only a file name ("004_12e3.txt") is replaced by the document's title.
FILE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".md", ".warc", ".gz", ".eml", ".pdf")


@dataclass
class Member:
    """A clustered claim mention with what contradiction checks read."""

    id: str
    mention: ClaimMention
    features: MentionFeatures
    label: int  # the vector's row in the index

    @property
    def position(self) -> StanceLabel | None:
        """Where this source stands: its own voice, or the quoted speaker's."""
        if self.mention.stance in ("asserts", "disputes"):
            return self.mention.stance
        if self.mention.attribution_id and self.features.speaker_stance in ("asserts", "disputes"):
            return self.features.speaker_stance  # type: ignore[return-value]
        return None

    @property
    def source(self) -> tuple[str, str | None]:
        return self.features.source_label, self.features.speaker_key

    def describe(self, label: str | None = None) -> str:
        label = label or self.features.source_label or self.mention.document_id
        speaker = self.features.speaker_name or self.mention.speaker
        if not speaker:
            return label
        chain = f" via {', '.join(self.mention.via)}" if self.mention.via else ""
        return f"{label} (quoting {speaker}{chain})"

    def quote(self) -> str:
        return f"“{shorten(self.features.core, 18)}”"

    def side(self) -> ContradictionSide:
        m = self.mention
        return ContradictionSide(
            document_id=m.document_id, start=m.start, end=m.end, text=m.text, stance=m.stance
        )


Check = Callable[[Member, Member, float], tuple[str, str] | None]


class ContradictionFinder:
    def __init__(
        self,
        lexicon: ClaimLexicon,
        store: Store | None,
        index: ClaimIndex,
        document_text: Callable[[str], str] = lambda document_id: "",
        document_name: Callable[[str], str | None] = lambda document_id: None,
    ) -> None:
        self.lexicon = lexicon
        self.store = store
        self.index = index
        self.document_text = document_text
        # A readable name for a document whose only label is its file name (its title).
        self.document_name = document_name
        self._by_speaker: dict[str, list[ClaimMentionRow]] = {}
        self._by_document: dict[str, list[ClaimMentionRow]] = {}
        self.checks: tuple[Check, ...] = (
            self.opposite_stance, self.negation, self.antonym, self.number, self.date, self.actor,
        )  # fmt: skip

    def find(self, cluster_id: str, members: list[Member]) -> list[Contradiction]:
        found: dict[str, Contradiction] = {}
        for contradiction in self._within(cluster_id, members):
            found.setdefault(contradiction.id, contradiction)
            if len(found) >= MAX_PER_CLUSTER:
                break
        if self.store is not None:
            for contradiction in self._accounts(cluster_id, members):
                found.setdefault(contradiction.id, contradiction)
            for contradiction in self._stated_omissions(cluster_id, members):
                found.setdefault(contradiction.id, contradiction)
        return list(found.values())

    # -- within a cluster -------------------------------------------------------------------

    def _within(self, cluster_id: str, members: list[Member]) -> Iterator[Contradiction]:
        distinct: dict[tuple[str, str, str | None, str | None], Member] = {}
        for member in members:
            key = (member.features.core.casefold(), member.mention.stance, *member.source)
            distinct.setdefault(key, member)
        compared = list(distinct.values())[:MAX_COMPARED]
        if len(compared) < 2:
            return
        if len(distinct) > MAX_COMPARED:
            logger.info(
                "cluster %s: %d distinct wordings, contradictions checked among the first %d",
                cluster_id, len(distinct), MAX_COMPARED,
            )  # fmt: skip
        vectors = self.index.vectors([m.label for m in compared])
        similarity = vectors @ vectors.T
        for i, a in enumerate(compared):
            for j in range(i + 1, len(compared)):
                b = compared[j]
                if a.source == b.source or similarity[i, j] < ABOUT_THE_SAME:
                    continue  # one source restating itself is not two accounts
                for check in self.checks:
                    verdict = check(a, b, float(similarity[i, j]))
                    if verdict is not None:
                        kind, explanation = verdict
                        yield _contradiction(cluster_id, kind, a, b, explanation)
                        break

    def describe(self, member: Member) -> str:
        features = member.features
        return member.describe(
            self._label(
                member.mention.document_id, features.source_label, features.source_label_from
            )
        )

    def _label(self, document_id: str, label: str | None, stand_in: str | None = None) -> str:
        """The outlet, or "the article “<title>”" when the label only stands in for one."""
        if stand_in == "title" or not label or label.endswith(FILE_SUFFIXES):
            return self.document_name(document_id) or label or document_id
        return label if label != document_id else self.document_name(document_id) or label

    def opposite_stance(self, a: Member, b: Member, similarity: float) -> tuple[str, str] | None:
        if {a.position, b.position} != {"asserts", "disputes"}:
            return None
        asserting, disputing = (a, b) if a.position == "asserts" else (b, a)
        if disputing.features.speaker_stance != "disputes":
            # No denial ("rejected", "denied"): the dispute was read from the wording, so the
            # wordings must really say opposite things, not the same thing in other words
            # ("cannot afford a defeat" / "is against its interests").
            if a.features.negated == b.features.negated:
                return None
            if jaccard(set(a.features.concepts), set(b.features.concepts)) < SAME_WORDING:
                return None
        return "opposite_stance", (
            f"{self.describe(asserting)} asserts {asserting.quote()}; "
            f"{self.describe(disputing)} disputes it: {disputing.quote()}"
        )

    def negation(self, a: Member, b: Member, similarity: float) -> tuple[str, str] | None:
        if a.features.negated == b.features.negated:
            return None
        if jaccard(set(a.features.concepts), set(b.features.concepts)) < SAME_WORDING:
            return None
        negative, positive = (a, b) if a.features.negated else (b, a)
        return "negation", (
            f"{self.describe(positive)} says {positive.quote()}; "
            f"{self.describe(negative)} says the opposite: {negative.quote()}"
        )

    def antonym(self, a: Member, b: Member, similarity: float) -> tuple[str, str] | None:
        sides_a = dict(a.features.antonyms)
        for pair, side in b.features.antonyms:
            if pair in sides_a and sides_a[pair] != side:
                left, right = self.lexicon.antonyms[pair]
                rest_a = set(a.features.concepts) - {left, right}
                rest_b = set(b.features.concepts) - {left, right}
                if jaccard(rest_a, rest_b) < SAME_WORDING - 0.1:
                    return None
                word_a, word_b = (left, right) if sides_a[pair] == 0 else (right, left)
                return "antonym", (
                    f"{self.describe(a)} says “{word_a}…” ({a.quote()}) where "
                    f"{self.describe(b)} says “{word_b}…” ({b.quote()})"
                )
        return None

    def number(self, a: Member, b: Member, similarity: float) -> tuple[str, str] | None:
        if similarity < SAME_EVENT:
            return None
        units_a: dict[str, set[float]] = {}
        for value, unit in a.features.numbers:
            units_a.setdefault(unit, set()).add(value)
        units_b: dict[str, set[float]] = {}
        for value, unit in b.features.numbers:
            units_b.setdefault(unit, set()).add(value)
        for unit in sorted(set(units_a) & set(units_b)):
            if unit and not units_a[unit] & units_b[unit]:
                x, y = _figure(min(units_a[unit])), _figure(min(units_b[unit]))
                return "number", (
                    f"{self.describe(a)} gives {x} where {self.describe(b)} gives {y} "
                    f"for the same account ({a.quote()} / {b.quote()})"
                )
        return None

    def date(self, a: Member, b: Member, similarity: float) -> tuple[str, str] | None:
        if similarity < SAME_EVENT:
            return None
        for kind in ("day", "year", "weekday"):
            dates_a = {d for d in a.features.dates if _date_kind(d) == kind}
            dates_b = {d for d in b.features.dates if _date_kind(d) == kind}
            if dates_a and dates_b and not dates_a & dates_b:
                return "date", (
                    f"{self.describe(a)} dates it {', '.join(sorted(dates_a))}, "
                    f"{self.describe(b)} {', '.join(sorted(dates_b))} ({a.quote()} / {b.quote()})"
                )
        return None

    def actor(self, a: Member, b: Member, similarity: float) -> tuple[str, str] | None:
        fa, fb = a.features, b.features
        if similarity < SAME_EVENT + 0.05 or not fa.actor or not fb.actor:
            return None
        if fa.actor == fb.actor or fa.actor_type != fb.actor_type:
            return None
        if fa.actor in fb.entities or fb.actor in fa.entities:
            return None
        if jaccard(set(fa.concepts), set(fb.concepts)) < SAME_WORDING:
            return None
        return "actor", (
            f"{self.describe(a)} names {fa.actor.title()} ({a.quote()}) where "
            f"{self.describe(b)} names {fb.actor.title()} ({b.quote()}) for the same event"
        )

    # -- across accounts of one statement ---------------------------------------------------

    def _accounts(self, cluster_id: str, members: list[Member]) -> Iterator[Contradiction]:
        """Two channels' accounts of one speaker's statement, one naming what the other lacks.

        Each account must name its channel ("according to a statement from the State Duma, Li
        assured ..." or "Li expressed ..., according to Xinhua"), and a document must say the
        name is missing from the other ("Li is not quoted as making any reference to Ukraine").
        """
        best: dict[tuple[str, str, str], tuple[float, Contradiction]] = {}
        for member in members:
            account = _account(member)
            if account is None:
                continue
            candidates = {
                row.id: row
                for row in (
                    *self._speaker_rows(member.features.speaker_key or ""),
                    *self._document_rows(member.mention.document_id),
                )
                if row.features and row.id != member.id
            }
            others: list[tuple[Member, Account]] = []
            for row in candidates.values():
                other = member_of(row)
                other_account = _account(other)
                if (
                    other_account
                    and other_account.reported == account.reported
                    and other_account.channel != account.channel
                ):
                    others.append((other, other_account))
            if not others:
                continue
            vectors = self.index.vectors([member.label] + [o.label for o, _ in others])
            similarity = vectors[1:] @ vectors[0]
            for (other, other_account), sim in zip(others, similarity, strict=True):
                if float(sim) < ACCOUNT_SIMILARITY:
                    continue
                named_only_here = set(member.features.entities) - set(other.features.entities)
                named_only_here.discard(account.reported)
                statement = self._omission_statement(named_only_here, member, other)
                if statement is None:
                    continue
                missing, note = statement
                contradiction = _contradiction(
                    cluster_id,
                    "omission",
                    member,
                    other,
                    f"According to {account.channel_name}, {account.reported_name} mentioned "
                    f"{missing}; the account from {other_account.channel_name} does not. {note}",
                )
                # One contradiction per account and missing topic ("Ukraine" and "Ukrainian"
                # are one): its closest counterpart.
                pair = (account.reported, account.channel, missing.casefold())
                if pair not in best or best[pair][0] < float(sim):
                    best[pair] = (float(sim), contradiction)
        for _, contradiction in best.values():
            yield contradiction

    def _omission_statement(
        self, named_only_here: set[str], a: Member, b: Member
    ) -> tuple[str, str] | None:
        """A statement in either document that the missing name is absent from an account:
        the topic as that statement words it ("Ukraine"), and the note quoting it."""
        if not named_only_here:
            return None
        for document_id in dict.fromkeys((a.mention.document_id, b.mention.document_id)):
            for row in self._document_rows(document_id):
                features = row.features or {}
                topic = (features.get("omission_topic") or "").casefold()
                if not features.get("omission") or not topic:
                    continue
                for name in sorted(named_only_here):
                    if _same_name(name, topic):
                        label = self._label(
                            document_id,
                            features.get("source_label"),
                            features.get("source_label_from"),
                        )
                        quoted = shorten(row.mention.text, 30)
                        note = f"{_sentence_start(label)} notes: “{quoted}”."
                        return features.get("omission_topic") or _title(name), note
        return None

    def _stated_omissions(self, cluster_id: str, members: list[Member]) -> Iterator[Contradiction]:
        """ "X said Y — claims that are not included in the statement from the other side"."""
        for member in members:
            if not member.features.omission or member.mention.attribution_id:
                continue
            for row in self._document_rows(member.mention.document_id):
                reported = row.mention
                gap = member.mention.start - reported.end
                between = self.document_text(reported.document_id)[
                    reported.end : member.mention.start
                ]
                same_sentence = not re.search(r"[.!?\n]", between)
                if reported.attribution_id and 0 <= gap <= 4 and same_sentence and row.features:
                    other = member_of(row)
                    yield _contradiction(
                        cluster_id,
                        "omission",
                        other,
                        member,
                        f"{self.describe(other)} reports {other.quote()}; {self.describe(member)} "
                        f"notes the other account lacks it: “{shorten(member.mention.text, 20)}”",
                    )

    def _speaker_rows(self, key: str) -> list[ClaimMentionRow]:
        if key not in self._by_speaker:
            assert self.store is not None
            rows = self.store.claim_mention_rows(speaker_keys=[key])
            self._by_speaker[key] = [r for r in rows if r.label is not None][:MAX_ACCOUNTS]
        return self._by_speaker[key]

    def _document_rows(self, document_id: str) -> list[ClaimMentionRow]:
        if document_id not in self._by_document:
            assert self.store is not None
            if len(self._by_document) > 1000:
                self._by_document.clear()
            self._by_document[document_id] = self.store.claim_mention_rows(
                document_ids=[document_id]
            )
        return self._by_document[document_id]


def member_of(row: ClaimMentionRow) -> Member:
    features = {k: v for k, v in (row.features or {}).items() if k != "twin"}
    label = row.label if row.label is not None else -1
    if label < 0 and row.features and "twin" in row.features:
        label = int(row.features["twin"])
    return Member(row.id, row.mention, MentionFeatures.from_json(features), label)


def _contradiction(
    cluster_id: str, kind: str, a: Member, b: Member, explanation: str
) -> Contradiction:
    sides = sorted([a.id, b.id])
    return Contradiction(
        id=content_id("contradiction", kind, *sides),
        claim_id=cluster_id,
        kind=kind,
        a=a.side(),
        b=b.side(),
        explanation=explanation[:1].upper() + explanation[1:],
    )


@dataclass(frozen=True)
class Account:
    """Whose statement, through which channel (both casefolded, to compare), and how to
    name them in an explanation ("the State Duma", "Xinhua", "Li Zhanshu")."""

    reported: str
    channel: str
    reported_name: str
    channel_name: str


def _account(member: Member) -> Account | None:
    """Whose statement and through which channel, for a reported statement, else None.

    "According to the State Duma, Li assured ..." is Li's statement through the State Duma;
    "Li expressed ..., according to Xinhua" (Xinhua the speaker, Li the actor) is Li's
    statement through Xinhua.
    """
    mention, features = member.mention, member.features
    if not mention.attribution_id or not mention.speaker:
        return None
    name = features.speaker_name or mention.speaker
    speaker = name.casefold()
    if mention.via and mention.via[0].casefold() not in (speaker, mention.speaker.casefold()):
        channel = mention.via[0]
        return Account(speaker, _channel_key(channel), name, channel_name(channel))
    if features.actor and features.actor_type == "PERSON" and features.actor != speaker:
        return Account(
            features.actor,
            _channel_key(mention.speaker),
            _title(features.actor),
            channel_name(mention.speaker),
        )
    return None


def _channel_key(text: str) -> str:
    """ "a statement from the State Duma" and "the State Duma" are one channel."""
    return re.sub(r"^(?:the|an?)\s+", "", channel_name(text).casefold())


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(name: str) -> str:
    """'state duma' -> 'State Duma' (for names only known casefolded)."""
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in name.split())


def _date_kind(date: str) -> str:
    if "-" in date:
        return "day"
    return "year" if date.isdigit() else "weekday"


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _same_name(name: str, topic: str) -> bool:
    """'ukraine' is the topic 'Ukraine', 'the situation in Ukraine' or 'the Ukrainian issue'."""
    name, topic = name.casefold(), topic.casefold()
    if name in topic:
        return True
    stem = name[: max(4, min(len(name), 6))]
    return any(word.startswith(stem) for word in topic.split())
