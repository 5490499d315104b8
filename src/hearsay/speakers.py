"""Who is speaking: the speaker's words in the parse, whether they are anonymous, and the
entity they resolve to (names, surnames, titles, pronouns through the nearest earlier person).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hearsay.models import Entity, EntityMention, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Verbs whose subject the reporting verb borrows: "he laughed, adding ...", "was quoted as saying".
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "prep", "pobj", "dep", "ccomp"}

IMPERSONAL_VERBS = {"seem", "appear", "be", "remain", "look", "sound"}
PASSIVE_SPEAKER_VERBS = {"quote", "cite", "report"}
RAISING_VERBS = {"seem", "appear"}
# Passives whose subject holds the view: "Not everyone is convinced the issue will ...".
EXPERIENCER_VERBS = {
    "convince", "persuade", "concern", "worry", "alarm", "disappoint", "frustrate", "divide",
    "split", "impress", "surprise", "shock", "trouble", "please", "encourage", "satisfy",
    "dismay", "outrage", "anger", "disturb", "commit", "determine", "oppose", "unconvinced",
}
NOUN_CLIMB_DEPS = {"dobj", "attr"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# What someone says or writes, as the head of a speaker phrase: its owner is the speaker.
UTTERANCE_NOUNS = frozenset({
    "statement", "comment", "remark", "word", "message", "response", "reply", "answer",
    "disclosure", "takeaway", "argument", "tweet", "post", "letter", "readout", "memo",
    "release", "communique", "speech", "note", "email",
})
DASHES = frozenset({"—", "–", "-", "--"})
TITLE_WORDS = 5  # at most this many words of a title the parse left out of the speaker
TITLE_GLUE = frozenset({"$", "'s", "’s", "for", "of", "&", "-"})
SPEAKER_REACH = 1200  # characters a "he added" may reach back to a named speaker

# Words that make a speaker vague or anonymous: "informed sources", "some EU officials".
ANONYMOUS_HEADS = {
    "source", "sources", "official", "officials", "insider", "insiders", "aide", "aides",
    "expert", "experts", "analyst", "analysts", "observer", "observers", "diplomat",
    "diplomats", "people", "person", "critic", "critics", "commentator", "commentators",
    "someone", "somebody", "many", "some", "others", "other", "several", "few", "witness",
    "witnesses", "staffer", "staffers", "lawmakers", "lawmaker", "member", "members",
    "spokesman", "spokeswoman", "spokesperson", "report", "reports", "media", "rumours",
    "rumors", "voice", "voices", "figure", "figures",
}
ANONYMOUS_MARKERS = {"unnamed", "anonymous", "anonymity", "informed", "unidentified"}


def subject_of(verb: Token, max_climb: int = 5) -> Token | None:
    """The subject of ``verb``, borrowed from the verb it hangs off when it has none."""
    if verb.lemma_.lower() in RAISING_VERBS:
        return None  # "Home-state favoritism appears to play a role": nobody is speaking
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(
        c.dep_ in SUBJECT_DEPS for c in verb.children
    ):
        # "Asked whether ..., Reid said": the one asked is not the one asking — but "Asked by
        # the host to respond, ..." names the one asking.
        return _agent(verb)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in {"NOUN", "PROPN"} and (
        verb.head.dep_ not in NOUN_CLIMB_DEPS
    ):
        # "a super PAC backing Jeb Bush", "supporters seeking to defeat her" — but "issued a
        # statement saying" is the issuer's (climbed to below).
        return verb.head
    current: Token | None = verb
    for _ in range(max_climb + 1):
        if current is None:
            return None
        children = list(current.children)
        for child in children:
            if child.dep_ == "agent":
                # "was criticized by a diplomat": the agent is the speaker.
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        for child in children:
            if child.dep_ == "nsubj" and child.lower_ == "that" and current.dep_ == "relcl" and (
                current.head is not current
            ):
                # "a headline that said ...": the speaker is what "that" stands for.
                return current.head
            if child.dep_ in {"nsubj", "csubj"}:
                if child.dep_ == "nsubj" and child.lower_ == "it" and (
                    current.lemma_.lower() in IMPERSONAL_VERBS
                ):
                    return None  # "it seems", "it appears": nobody speaks
                return child
            if child.dep_ == "expl":
                return None
            if child.dep_ == "nsubjpass":
                # "Li was quoted as saying" names the speaker, and "not everyone is convinced"
                # the one who thinks; "Trump was asked about it" or "the law was criticized"
                # names the one spoken to or about.
                lemma = current.lemma_.lower()
                speaking = lemma in PASSIVE_SPEAKER_VERBS or lemma in EXPERIENCER_VERBS
                return child if speaking else None
        if current.dep_ == "relcl" and current.head is not current:
            return current.head
        nominal = current.pos_ in {"NOUN", "PROPN"} and current.dep_ in NOUN_CLIMB_DEPS
        if (current.dep_ not in CLIMB_DEPS and not nominal) or current.head is current:
            return None
        # "Clinton issued a statement saying ...": through the noun to the verb it hangs on.
        current = current.head
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _owner(head: Token) -> Token | None:
    """ "The campaign's statement said ...", "Zornick's comment suggested ...": whoever owns
    the words is the speaker (the statement is the channel)."""
    if head.lemma_.lower() not in UTTERANCE_NOUNS:
        return None
    return next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)


def speaker_tokens(head: Token, exclude: set[int]) -> tuple[int, int]:
    """Token span [start, end) of the phrase headed by ``head``, kept clear of ``exclude``.

    The whole subtree keeps appositions ("Hal Brands, a professor at ..."), but never runs
    into the cue or the content, and drops a trailing relative clause or comma.
    """
    owner = _owner(head)
    if owner is not None and owner.i not in exclude:
        return owner.left_edge.i, owner.i + 1
    left, right = head.i, head.i
    for token in head.subtree:
        if token.i in exclude:
            continue
        if token.i < left and all(t not in exclude for t in range(token.i, head.i)):
            left = token.i
        elif token.i > right and all(t not in exclude for t in range(head.i + 1, token.i + 1)):
            right = token.i
    doc = head.doc
    for child in head.children:
        if child.dep_ == "relcl" and child.i > head.i:
            right = min(right, child.left_edge.i - 1)
    # A speaker never runs over a line break (headings glued to the next sentence), nor over
    # the dash that ends a dateline ("CLEVELAND, July 19 (UPI) — Former Attorney General X").
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in doc[i].text_with_ws or _spaced_dash(doc, i):
            left = i + 1
            break
    for i in range(head.i, right):
        if "\n" in doc[i].text_with_ws:
            right = i
            break
    for i in range(head.i + 1, right):
        # "LONDON (Reuters) — Donald Trump said": the parse may make the dateline the head.
        if _spaced_dash(doc, i) and (doc[i - 1].text == ")" or doc[left].text.isupper()):
            left = i + 1
            break
    left = _opening_title(doc, left, exclude)
    while right > left and (
        doc[right].is_punct or doc[right].is_space or doc[right].dep_ in {"cc", "prep"}
        or (doc[right].ent_type_ in {"DATE", "TIME"} and not doc[left].ent_type_)
    ):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return left, right + 1


def _opening_title(doc: Doc, left: int, exclude: set[int]) -> int:
    """Where the speaker starts when the parse left a title that opens the sentence outside
    its subtree: "Trump senior adviser Jason Miller said", "Fight for $15 organizer X told"."""
    i = left - 1
    steps = 0
    while i >= 0 and steps < TITLE_WORDS and i not in exclude and "\n" not in doc[i].whitespace_:
        token = doc[i]
        # Names, titles and their words ("Trump" may come out as a VERB); never "But", "As".
        named = not token.is_stop and (
            token.pos_ in {"PROPN", "NOUN", "ADJ"} or (token.is_title and token.pos_ == "VERB"))
        if not (named or token.pos_ == "NUM" or token.text in TITLE_GLUE):
            return left
        if token.is_sent_start or i == 0 or "\n" in doc[i - 1].whitespace_:
            return i if named else left
        i -= 1
        steps += 1
    return left


def _spaced_dash(doc: Doc, i: int) -> bool:
    return doc[i].text in DASHES and bool(doc[i].whitespace_) and i > 0 and bool(
        doc[i - 1].whitespace_)


def is_anonymous(words: Sequence[str]) -> bool:
    """"informed sources", "some EU officials", "experts", "a senior official" — but not
    "Hart, the CSIS expert" or "Kremlin spokesman Dmitry Peskov", whose head is a name."""
    lowered = [w.lower() for w in words if w.strip()]
    if not lowered:
        return False
    if any(w in ANONYMOUS_MARKERS for w in lowered):
        return True
    return _head_word(lowered) in ANONYMOUS_HEADS


def _head_word(lowered: Sequence[str]) -> str:
    """The head noun of a simple phrase: the last word before "of", "from", ",", "at"."""
    head = lowered[-1]
    for word in lowered:
        if word in {"of", "from", ",", "at", "in", "with", "who", "close", "familiar"}:
            break
        head = word
    return head


def mention_for_span(
    mentions: Sequence[EntityMention], start: int, end: int
) -> EntityMention | None:
    """The entity mention inside a speaker span, preferring the one that ends last (the head:
    "Chinese Foreign Minister Wang Yi" → Wang Yi) and persons over places."""
    best: EntityMention | None = None
    for mention in mentions:
        if mention.start >= start and mention.end <= end:
            if best is None or _mention_rank(mention) > _mention_rank(best):
                best = mention
        elif mention.start < end and start < mention.end and best is None:
            best = mention
    return best


def _mention_rank(mention: EntityMention) -> tuple[int, int]:
    priority = {"PERSON": 3, "ORG": 2, "NORP": 1, "GPE": 1}.get(mention.type, 0)
    return priority, -mention.start


def entity_id_of(mention: EntityMention) -> str:
    """The id the corpus stage gives this mention's entity (it is filled in later)."""
    return mention.entity_id or Entity.make_id(mention.type, mention.canonical)


def resolve_pronoun(
    pronoun: str,
    start: int,
    mentions: Sequence[EntityMention],
    speakers: Sequence[Speaker],
    quoted: Sequence[tuple[int, int]] = (),
) -> str | None:
    """Entity id for "he"/"she"/"they": the nearest earlier named speaker (within a few
    paragraphs), else the nearest earlier compatible mention outside quotations."""
    lowered = pronoun.lower()
    for speaker in sorted(speakers, key=lambda s: -s.start):
        if speaker.end > start or start - speaker.end > SPEAKER_REACH:
            continue
        if speaker.entity_id and speaker.text.lower() not in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return speaker.entity_id
    wanted = {"PERSON"} if lowered in PERSON_PRONOUNS else {"ORG", "GPE", "NORP", "PERSON"}
    best: EntityMention | None = None
    for mention in mentions:
        if mention.end > start or mention.type not in wanted:
            continue
        if any(q_start <= mention.start < q_end for q_start, q_end in quoted):
            continue
        if best is None or mention.start > best.start:
            best = mention
    return entity_id_of(best) if best is not None else None
