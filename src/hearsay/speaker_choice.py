"""Choosing each attribution's speaker among the phrases around its cue.

The rules give one speaker per candidate (the cue's subject, climbing the parse when the cue
has none; "by X"; "X's claim"). They are right about nine times in ten; most misses are a parse
that hangs the wrong subject on the cue, or a cue with no subject at all where the speaker is a
few words away ("In addition to stating that ..., Clinton has said"). The chooser ranks every
noun phrase head in the cue's sentence and the one before it, plus "nobody": a conditional
logit (the options of one cue compete) over each head's relation to the cue (dependency path,
side, distance, entity type, whether the rules chose it). It is trained by
``bench/train_attribution.py`` on PolNeAR train and shipped inside the attribution model file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hearsay.attribution_rules import (
    Candidate,
    SegmentContext,
    answers_another,
    off_heading,
    sentence_bounds,
    token_at,
)
from hearsay.speakers import speaker_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

HEAD_POS = frozenset({"PROPN", "NOUN", "PRON"})
SKIP_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod", "det", "case"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
MAX_UP = 4  # path lengths are capped here before they become features
NOBODY = -1  # the option index of "no speaker"
THING_RELATIVES = frozenset({"that", "which"})
REACH_BEFORE, REACH_AFTER = 80, 40  # tokens around the cue an option may stand at


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20, 35):
        if n <= limit:
            return str(limit)
    return "far"


def _ancestors(token: Token) -> list[int]:
    """Token indices from ``token`` up to its sentence root, ``token`` first."""
    chain = [token.i]
    current = token
    while current.head.i != current.i and len(chain) < 40:
        current = current.head
        chain.append(current.i)
    return chain


def _anchor(cand: Candidate, doc: Doc) -> int:
    if cand.cue_head is not None:
        return cand.cue_head
    return token_at(doc, cand.content[0])


def option_heads(cand: Candidate, ctx: SegmentContext) -> list[int]:
    """Token indices of the phrase heads that may be this candidate's speaker."""
    doc = ctx.doc
    anchor = _anchor(cand, doc)
    first, last = sentence_bounds(doc[anchor])
    if first > 0:
        first = sentence_bounds(doc[first - 1])[0]
    # A run-on "sentence" of thousands of words (a forum post without stops) must not make
    # every cue weigh every word.
    first, last = max(first, anchor - REACH_BEFORE), min(last, anchor + REACH_AFTER)
    c_start, c_end = cand.content
    cue = range(cand.cue[0], cand.cue[1]) if cand.cue is not None else range(0)
    heads = []
    for token in ctx.tokens[first:last]:
        if token.pos_ not in HEAD_POS or token.dep_ in SKIP_DEPS or token.i in cue:
            continue
        if c_start <= token.idx < c_end:
            continue  # what was said does not say it
        if ctx.quote_of_token[token.i] >= 0 and ctx.in_statement(token.i) is not None:
            continue
        if token.lower_ in THING_RELATIVES and token.head.dep_ == "relcl":
            # "a headline that said": the headline is the option, not "that" ("who" stays,
            # and resolves to its antecedent's entity as a speaker).
            continue
        heads.append(token.i)
    return heads


def option_features(
    cand: Candidate, ctx: SegmentContext, head: int, rule_head: int | None, anchor_path: list[int]
) -> list[str]:
    """Sparse features of one option (``head`` = NOBODY for "no speaker")."""
    doc = ctx.doc
    rule = cand.rule
    if head == NOBODY:
        anchor_token = doc[anchor_path[0]]
        return ["nobody", f"nobody_rule={rule}", f"nobody_kind={cand.kind}",
                f"nobody_has_rule_speaker={rule_head is not None}",
                f"nobody_anchor={anchor_token.tag_}_{anchor_token.dep_}",
                f"nobody_cue={anchor_token.lemma_.lower() if cand.cue_head is not None else '-'}"]
    token = ctx.tokens[head]
    anchor = anchor_path[0]
    chosen = head == rule_head
    side = "before" if head < anchor else "after"
    same_sentence = sentence_bounds(token)[0] == sentence_bounds(doc[anchor])[0]
    where = f"{side}_{'same' if same_sentence else 'prev'}"
    up_token = _ancestors(token)
    on_anchor_path = {i: n for n, i in enumerate(anchor_path)}
    up = next((n for n, i in enumerate(up_token) if i in on_anchor_path), None)
    if up is None:
        path = "none"
    else:
        down = on_anchor_path[up_token[up]]
        path = f"{min(up, MAX_UP)}_{min(down, MAX_UP)}"
    pronoun = token.lower_ if token.pos_ == "PRON" else "-"
    ent = token.ent_type_ or "-"
    feats = [
        f"rule_choice={chosen}",
        f"rule_choice_rule={chosen}_{rule}",
        f"dep={token.dep_}",
        f"dep_where={token.dep_}_{where}",
        f"dep_path={token.dep_}_{path}",
        f"path={path}",
        f"path_rule={path}_{rule}",
        f"where={where}",
        f"dist={_bucket(abs(head - anchor))}_{side}",
        f"pos={token.pos_}",
        f"ent={ent}",
        f"ent_dep={ent}_{token.dep_}",
        f"pron={pronoun}",
        f"title={token.is_title}",
        f"head_dep={token.dep_}_{token.head.dep_}",
    ]
    if token.pos_ == "NOUN":
        feats.append(f"lemma={token.lemma_.lower()}")
    if token.dep_ in SUBJECTS and token.head.i in on_anchor_path:
        feats.append(f"subject_of_anchor_path={min(on_anchor_path[token.head.i], MAX_UP)}")
    if token.head.dep_ == "agent":
        feats.append("agent")
    if doc[anchor].dep_ == "relcl" and doc[anchor].head.i == head:
        feats.append("relative_antecedent")  # "a headline that said ..."
    if ctx.quote_of_token[head] >= 0:
        feats.append("in_quotation")
    cue_lemma = doc[anchor].lemma_.lower() if cand.cue_head is not None else "-"
    feats.append(f"cue_path={cue_lemma}_{path}")
    feats.append(f"cue_dep={cue_lemma}_{token.dep_}_{side}")
    feats.append(f"anchor_dep_path={doc[anchor].dep_}_{path}")
    feats.append(f"anchor_tag_dep={doc[anchor].tag_}_{token.dep_}_{where}")
    feats.append(f"rule_dep_where={rule}_{token.dep_}_{where}")
    rule_kind = _kind(doc[rule_head]) if rule_head is not None else "nobody"
    if chosen:
        feats.append(f"rule_choice_kind={rule_kind}")
        feats.append(f"rule_choice_kind_rule={rule_kind}_{rule}")
        if token.pos_ == "NOUN":
            feats.append(f"rule_choice_lemma={token.lemma_.lower()}")
    else:
        feats.append(f"alt={_kind(token)}_over_{rule_kind}")
        feats.append(f"alt_where={_kind(token)}_over_{rule_kind}_{where}")
    return feats


def _kind(token: Token) -> str:
    """What sort of thing a head names: a person, a group, a pronoun, a thing."""
    if token.pos_ == "PRON":
        return f"pron_{token.lower_}"
    if token.ent_type_:
        return token.ent_type_
    return token.pos_


def candidate_options(
    cand: Candidate, ctx: SegmentContext
) -> tuple[list[int], list[list[str]]]:
    """The option heads (NOBODY last) and the features of each."""
    doc = ctx.doc
    rule_head = doc[cand.speaker[0] : cand.speaker[1]].root.i if cand.speaker else None
    heads = option_heads(cand, ctx)
    if rule_head is not None and rule_head not in heads:
        heads.append(rule_head)
    heads.append(NOBODY)
    anchor_path = _ancestors(doc[_anchor(cand, doc)])
    return heads, [option_features(cand, ctx, h, rule_head, anchor_path) for h in heads]


def choose_speakers(
    candidates: list[Candidate], ctx: SegmentContext, weights: Mapping[str, float]
) -> None:
    """Replace each candidate's speaker by the likeliest option (no weights: keep the rules').

    Grammar that names the speaker outright beats the statistics: a candidate citing a
    source ("X reported, citing Y"), an authored statement ("a statement made by X") and a
    relative clause ("a headline that said ...") keep the rules' speaker; so does a report
    another speaker answers ("Wang rejected accusations that ...": not Wang's).
    """
    if not weights:
        return
    doc = ctx.doc
    for cand in candidates:
        if cand.cited is not None or cand.authored or _relative_subject(cand, doc) or (
            cand.rule in {"noun", "noun_object"} and cand.cue_head is not None
            and answers_another(doc[cand.cue_head])
        ):
            continue
        heads, features = candidate_options(cand, ctx)
        # A conditional logit: the options of one candidate compete, so the likeliest
        # is the one with the largest linear score.
        scores = [sum(weights.get(f, 0.0) for f in feats) for feats in features]
        best = max(range(len(heads)), key=scores.__getitem__)
        head = heads[best]
        rule_head = doc[cand.speaker[0] : cand.speaker[1]].root.i if cand.speaker else None
        if head == rule_head:
            continue
        if head == NOBODY:
            cand.speaker = None
            continue
        exclude = set(range(cand.cue[0], cand.cue[1])) if cand.cue is not None else set()
        c_first = token_at(doc, cand.content[0])
        c_last = token_at(doc, max(cand.content[0], cand.content[1] - 1))
        exclude |= set(range(c_first, c_last + 1))
        exclude.discard(head)
        # A heading line above the cue is not its speaker, whatever the weights say.
        cand.speaker = off_heading(doc, speaker_tokens(doc[head], exclude), _anchor(cand, doc))


def _relative_subject(cand: Candidate, doc: Doc) -> bool:
    """Whether the cue heads a relative clause whose subject is "that", "which" or "who"."""
    if cand.cue_head is None:
        return False
    verb = doc[cand.cue_head]
    return verb.dep_ == "relcl" and any(
        c.dep_ in SUBJECTS and c.lower_ in THING_RELATIVES | {"who"} for c in verb.children
    )
