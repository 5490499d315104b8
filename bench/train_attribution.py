"""Train hearsay's attribution scorer on PolNeAR's training split.

    .venv/bin/python bench/train_attribution.py \
        [--train ../shared/bench-data/polnear/train.jsonl] [--cache /tmp/hearsay_attr] \
        [--out src/hearsay/data/attribution_model.json]

1. Parse every article once with the configured spaCy pipeline (cached as a DocBin in --cache,
   never in the repository).
2. Learn which verb lemmas act as cues beyond the packaged lexicon, and how often each does.
3. Generate the rule candidates, label each by whether its content matches a gold quote (token
   overlap >= 50% of each), fit a logistic regression, and choose the decision threshold that
   maximises quote F1 on out-of-fold predictions (5 folds by article). Dev is never used.
4. Train the speaker chooser (``hearsay.speaker_choice``, a conditional logit over the phrases
   around each cue) on the kept candidates that match a gold quote, again 5 folds by article.
5. Write the weights as JSON (no scikit-learn needed at run time).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from polnear import Tally, load_jsonl, match_document, tokens_in, word_starts  # noqa: E402

from hearsay.attribution_model import (  # noqa: E402
    AttributionModel,
    candidate_features,
    candidate_variants,
)
from hearsay.attribution_rules import Candidate, SegmentContext  # noqa: E402
from hearsay.cues import load_cues  # noqa: E402
from hearsay.quote_attachment import link_parents, segment_candidates  # noqa: E402
from hearsay.settings import Settings  # noqa: E402

MIN_LEMMA_CUES = 3
MIN_LEMMA_RATE = 0.08
MIN_NOUN_RATE = 0.05


def parsed_docs(path: Path, records: list[dict[str, Any]], cache: Path) -> list[Any]:
    """spaCy Docs for every record, from the cache when the same file was parsed before."""
    import spacy
    from spacy.tokens import DocBin

    from hearsay.nlp import load_pipeline

    settings = Settings()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    cached = cache / f"{path.stem}-{digest}-{settings.spacy_model}.spacy"
    if cached.exists():
        vocab = spacy.blank("en").vocab
        docs = list(DocBin().from_disk(cached).get_docs(vocab))
        if len(docs) == len(records):
            return docs
    nlp = load_pipeline(settings.spacy_model)
    bin_ = DocBin()
    docs = []
    for doc in nlp.pipe((r["text"] for r in records), batch_size=32):
        bin_.add(doc)
        docs.append(doc)
    cache.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(cached)
    return docs


def lemma_statistics(
    docs: list[Any], records: list[dict[str, Any]]
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """How often each verb (noun) lemma heads a gold cue, and how often it occurs."""
    as_cue: Counter[str] = Counter()
    as_verb: Counter[str] = Counter()
    noun_cue: Counter[str] = Counter()
    as_noun: Counter[str] = Counter()
    for doc, record in zip(docs, records, strict=True):
        for token in doc:
            if token.pos_ in {"VERB", "AUX"}:
                as_verb[token.lemma_.lower()] += 1
            elif token.pos_ == "NOUN":
                as_noun[token.lemma_.lower()] += 1
        for quote in record["quotes"]:
            if not quote.get("cue"):
                continue
            span = doc.char_span(quote["cue"][0], quote["cue"][1], alignment_mode="expand")
            if span is None or not len(span):
                continue
            verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}]
            nouns = [t for t in span if t.pos_ == "NOUN"]
            if verbs:
                as_cue[verbs[-1].lemma_.lower()] += 1
            elif nouns:
                noun_cue[nouns[-1].lemma_.lower()] += 1
    return as_cue, as_verb, noun_cue, as_noun


def learn_cue_words(
    docs: list[Any], records: list[dict[str, Any]], lexicon: Any, min_rate: float
) -> tuple[list[str], list[str], dict[str, float], Counter[str]]:
    """Verb lemmas beyond the packaged lexicon that head gold cues often enough, nouns that
    do, each verb's cue rate, and its cue count."""
    as_cue, as_verb, noun_cue, as_noun = lemma_statistics(docs, records)
    lemma_rate = {
        lemma: round(as_cue[lemma] / as_verb[lemma], 4) for lemma in as_verb if as_verb[lemma] >= 3
    }
    cue_lemmas = sorted(
        lemma
        for lemma, count in as_cue.items()
        if count >= MIN_LEMMA_CUES
        and lemma_rate.get(lemma, 0) >= min_rate
        and lemma not in lexicon.verbs
    )
    cue_nouns = sorted(
        noun
        for noun, count in noun_cue.items()
        if count >= MIN_LEMMA_CUES and count / max(1, as_noun[noun]) >= MIN_NOUN_RATE
    )
    return cue_lemmas, cue_nouns, lemma_rate, as_cue


def label(doc_text: str, cand: Candidate, golds: list[set[int]], starts: list[int]) -> int:
    toks = tokens_in(starts, [cand.content])
    if not toks:
        return 0
    for g in golds:
        shared = len(g & toks)
        if shared and shared >= 0.5 * len(g) and shared >= 0.5 * len(toks):
            return 1
    return 0


Extent = tuple[str, tuple[int, int], int]  # name, content, row of its features
Item = tuple[Any, dict[str, Any], SegmentContext, list[Candidate], list[list[Extent]]]


def sparse_weights(names: Any, w: Any) -> dict[str, float]:
    """Feature name → weight, rounded, without the near-zero ones (the shipped JSON)."""
    return {str(n): round(float(v), 4) for n, v in zip(names, w, strict=True) if abs(v) >= 1e-3}


def choose_extents(items: list[Item], scores: Any, ranks: Any = None) -> None:
    """Give each candidate its content extent, the best by ``ranks`` (the extent ranker) or
    else by ``scores``, and the keep probability ``scores`` gives it (as the shipped scorer)."""
    by = scores if ranks is None else ranks
    for _, _, _, cands, variants in items:
        for cand, options in zip(cands, variants, strict=True):
            extent, content, row = max(options, key=lambda option: by[option[2]])
            cand.extent, cand.content, cand.score = extent, content, float(scores[row])


def train_extent_ranker(
    x: Any, y: Any, items: list[Item], folds: int, l2: float, names: Any
) -> tuple[Any, dict[str, float], list[dict[str, float]]]:
    """A conditional logit over each candidate's content extents (its fixed features cancel
    out): out-of-fold ranks, the weights from all of train, and one set per fold."""
    import numpy as np

    owners = np.full(x.shape[0], -1)
    articles = np.full(x.shape[0], -1)
    group = 0
    for index, (_, _, _, _, variants) in enumerate(items):
        for options in variants:
            if len(options) > 1:
                for _, _, row in options:
                    owners[row], articles[row] = group, index
                group += 1
    used = owners >= 0
    ranks = np.zeros(x.shape[0])

    fold_weights = []
    for fold in range(folds):
        test = used & (articles % folds == fold)
        train = used & ~test
        w = fit_conditional_logit(x[train], y[train].astype(float), owners[train], l2)
        ranks[test] = x[test] @ w
        fold_weights.append(sparse_weights(names, w))
    all_train = fit_conditional_logit(x[used], y[used].astype(float), owners[used], l2)
    weights = sparse_weights(names, all_train)
    return ranks, weights, fold_weights


def end_to_end_f1(items: list[Item], threshold: float) -> tuple[float, float]:
    """Quote and who-said-what F1 of the candidates' own speakers (fast, for the threshold)."""
    tally = Tally()
    for doc, record, ctx, cands, _ in items:
        kept = [c for c in cands if c.score >= threshold]
        link_parents(ctx, kept)
        preds = []
        for c in kept:
            if c.parent is not None:
                continue
            speaker = None
            if c.speaker is not None:
                span = doc[c.speaker[0] : c.speaker[1]]
                speaker = [span.start_char, span.end_char]
            preds.append({"quote": list(c.content), "speaker": speaker})
        match_document(doc.text, record["quotes"], preds, tally)
    return tally.quote_prf[2], tally.who_prf[2]


def pipeline_out_of_fold(
    docs: list[Any], records: list[dict[str, Any]], models: list[AttributionModel], folds: int,
    dump: list[dict[str, Any]] | None = None,
) -> Tally:
    """The whole attribution stage (entities, speakers, chains, the benchmark's export) on
    every article, scored by the model of the fold that did not see it. With ``dump``, each
    article's predictions are appended to it (the benchmark's record format), for reading the
    errors on train without looking at dev."""
    from attribution import as_documents, head_finder, to_record, top_level

    from hearsay import attribution, entities
    from hearsay.nlp import ParsedDocument, SegmentParse

    settings = Settings()
    cues = attribution.load_cues(settings)
    aliases = entities.load_aliases(settings)
    tally = Tally()
    for index, (doc, record, document) in enumerate(
        zip(docs, records, as_documents(records), strict=True)
    ):
        parsed = ParsedDocument(document, [SegmentParse(document.segments[0], doc)])
        mentions = entities.extract_mentions(parsed, aliases)
        found = top_level(attribution.attribute(parsed, mentions, cues, models[index % folds]))
        preds = [to_record(record["text"], a) for a in found]
        match_document(record["text"], record["quotes"], preds, tally, head_finder(doc))
        if dump is not None:
            dump.append({**record, "quotes": preds})
    return tally


def reading_value(
    doc: Any, record: dict[str, Any], cand: Candidate, golds: list[set[int]],
    starts: list[int], head_of: Any,
) -> int:
    """2 when the candidate matches a gold quote (the one it shares most words with) and names
    its speaker, 1 when it matches with another speaker, 0 when it matches none."""
    from polnear import speaker_right

    toks = tokens_in(starts, [cand.content])
    best, best_shared = None, 0
    for gold, g in zip(record["quotes"], golds, strict=True):
        shared = len(g & toks)
        if shared and shared >= 0.5 * len(g) and shared >= 0.5 * len(toks) and (
            shared > best_shared
        ):
            best, best_shared = gold, shared
    if best is None:
        return 0
    speaker = None
    if cand.speaker is not None:
        span = doc[cand.speaker[0] : cand.speaker[1]]
        speaker = [span.start_char, span.end_char]
    return 2 if speaker_right(doc.text, best, {"speaker": speaker}, head_of) else 1


def train_nesting(
    items: list[Item], threshold: float, folds: int, C: float
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """The pair model of ``hearsay.nesting`` on the kept out-of-fold candidates: of two nested
    reports of which one is the better reading (it matches a gold quote and the other does
    not, or both match and only it names the gold speaker), which one. Returns the weights
    from all of train and one set per fold (for the whole-stage figure)."""
    import numpy as np
    from attribution import head_finder
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    from hearsay.nesting import BIAS, nested_pair, pair_features

    rows: list[str] = []
    labels: list[int] = []
    articles: list[int] = []
    greedy: list[int] = []
    for index, (doc, record, ctx, cands, _) in enumerate(items):
        kept = [c for c in cands if c.score >= threshold]
        starts = word_starts(doc.text)
        golds = [tokens_in(starts, q.get("quote_fragments") or [q["quote"]])
                 for q in record["quotes"]]
        head_of = head_finder(doc)
        right = {id(c): reading_value(doc, record, c, golds, starts, head_of) for c in kept}
        for i, a in enumerate(kept):
            for b in kept[i + 1 :]:
                pair = nested_pair(a, b, ctx)
                if pair is None or right[id(pair[0])] == right[id(pair[1])]:
                    continue
                inner, outer = pair
                rows.append(" ".join(pair_features(inner, outer, ctx)))
                better = int(right[id(inner)] > right[id(outer)])
                labels.append(better)
                articles.append(index)
                greedy.append(int((inner.score > outer.score) == bool(better)))
    vectorizer = CountVectorizer(tokenizer=str.split, lowercase=False, token_pattern=None,
                                 binary=True, min_df=2)
    x = vectorizer.fit_transform(rows)
    y, group = np.array(labels), np.array(articles)
    names = vectorizer.get_feature_names_out()

    def weights_of(clf: Any) -> dict[str, float]:
        return {**sparse_weights(names, clf.coef_[0]), BIAS: round(float(clf.intercept_[0]), 4)}

    right_oof = 0
    fold_weights = []
    for fold in range(folds):
        test = group % folds == fold
        clf = LogisticRegression(C=C, max_iter=3000).fit(x[~test], y[~test])
        right_oof += int((clf.predict(x[test]) == y[test]).sum())
        fold_weights.append(weights_of(clf))
    print(f"nesting: {len(rows)} nested pairs with one better reading; the likelier one is "
          f"right {100 * sum(greedy) / max(1, len(rows)):.1f}%, the pair model out of fold "
          f"{100 * right_oof / max(1, len(rows)):.1f}%")
    clf = LogisticRegression(C=C, max_iter=3000).fit(x, y)
    return weights_of(clf), fold_weights


SpeakerRows = tuple[list[str], list[int], list[int], list[int], list[int]]


def speaker_rows(items: list[Item], threshold: float) -> SpeakerRows:
    """The speaker options of every kept top-level candidate whose content matches a gold
    quote: (features, label, article, candidate group, whether the rules' speaker was right)."""
    from attribution import head_finder
    from polnear import speaker_right

    from hearsay.speaker_choice import NOBODY, candidate_options
    from hearsay.speakers import speaker_tokens

    rows: list[str] = []
    labels: list[int] = []
    articles: list[int] = []
    owners: list[int] = []
    rule_right: list[int] = []

    def chars(doc: Any, tokens: tuple[int, int] | None) -> list[int] | None:
        if tokens is None:
            return None
        span = doc[tokens[0] : tokens[1]]
        return [span.start_char, span.end_char]

    for index, (doc, record, ctx, cands, _) in enumerate(items):
        kept = [c for c in cands if c.score >= threshold]
        link_parents(ctx, kept)
        top = [c for c in kept if c.parent is None and c.cited is None and not c.authored]
        preds = [{"quote": list(c.content), "speaker": chars(doc, c.speaker)} for c in top]
        head_of = head_finder(doc)
        for gi, pi in match_document(doc.text, record["quotes"], preds, Tally(), head_of):
            gold, cand = record["quotes"][gi], top[pi]
            heads, features = candidate_options(cand, ctx)
            cue = set(range(*cand.cue)) if cand.cue is not None else set()
            group = len(rule_right)
            rule_right.append(int(speaker_right(doc.text, gold, preds[pi], head_of)))
            for head, feats in zip(heads, features, strict=True):
                option = None if head == NOBODY else chars(doc, speaker_tokens(doc[head], cue))
                rows.append(" ".join(feats))
                labels.append(int(speaker_right(doc.text, gold, {"speaker": option}, head_of)))
                articles.append(index)
                owners.append(group)
    return rows, labels, articles, owners, rule_right


def fit_conditional_logit(x: Any, y: Any, owners: Any, l2: float) -> Any:
    """Weights of a conditional logit: within each group the options compete by softmax,
    and the likelihood is that of the right options (groups with none are skipped)."""
    import numpy as np
    from scipy import sparse
    from scipy.optimize import minimize

    _, inverse = np.unique(owners, return_inverse=True)
    n_groups = int(inverse.max()) + 1
    member = sparse.csr_matrix(
        (np.ones(len(inverse)), (inverse, np.arange(len(inverse)))), shape=(n_groups, len(y))
    )
    has_right = (member @ y) > 0
    mask = has_right[inverse]

    def loss(w: Any) -> tuple[float, Any]:
        score = x @ w
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, inverse, score)
        e = np.exp(score - top[inverse])
        total = member @ e
        right = member @ (e * y)
        value = -np.sum(np.log(right[has_right] + 1e-12) - np.log(total[has_right]))
        p_all = e / total[inverse]
        p_right = np.where(y > 0, e / np.maximum(right[inverse], 1e-12), 0.0)
        grad = x.T @ ((p_all - p_right) * mask) + 2 * l2 * w
        return float(value + l2 * w @ w), grad

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": 500})
    return result.x


def train_speaker_choice(
    items: list[Item], threshold: float, folds: int, l2: float
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """The speaker chooser's weights (all of train, and one per fold), with its out-of-fold
    accuracy printed next to the rules'."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    rows, labels, articles, owners, rule_right = speaker_rows(items, threshold)
    vectorizer = CountVectorizer(
        tokenizer=str.split, lowercase=False, token_pattern=None, binary=True, min_df=2
    )
    x = vectorizer.fit_transform(rows)
    y = np.array(labels, dtype=float)
    article_arr, owner_arr = np.array(articles), np.array(owners)
    names = vectorizer.get_feature_names_out()

    fold_weights = []
    oof = np.zeros(len(y))
    for fold in range(folds):
        test = article_arr % folds == fold
        w = fit_conditional_logit(x[~test], y[~test], owner_arr[~test], l2)
        oof[test] = x[test] @ w
        fold_weights.append(sparse_weights(names, w))
    right = 0
    order = np.argsort(owner_arr, kind="stable")
    bounds = np.searchsorted(owner_arr[order], np.arange(len(rule_right) + 1))
    for group in range(len(rule_right)):
        idx = order[bounds[group] : bounds[group + 1]]
        right += int(y[idx[np.argmax(oof[idx])]])
    groups = max(1, len(rule_right))
    print(f"speaker choice out of fold: right {100 * right / groups:.1f}% of {groups} matched "
          f"candidates (rules alone {100 * sum(rule_right) / groups:.1f}%)")
    return sparse_weights(names, fit_conditional_logit(x, y, owner_arr, l2)), fold_weights


def to_model(
    clf: Any, names: Any, base: AttributionModel, threshold: float
) -> AttributionModel:
    return AttributionModel(
        weights=sparse_weights(names, clf.coef_[0]), bias=round(float(clf.intercept_[0]), 4),
        threshold=threshold,
        cue_lemmas=base.cue_lemmas, cue_nouns=base.cue_nouns, lemma_rate=base.lemma_rate,
        extents=base.extents,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", default="../shared/bench-data/polnear/train.jsonl")
    parser.add_argument("--cache", default="/tmp/hearsay_attr")
    parser.add_argument("--out", default="src/hearsay/data/attribution_model.json")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--C", type=float, default=0.3)
    parser.add_argument("--no-extents", action="store_true",
                        help="keep each candidate's rule-given content (no extent choice)")
    parser.add_argument("--no-pipeline", action="store_true",
                        help="skip the whole-stage out-of-fold run (about a CPU-minute)")
    parser.add_argument("--min-lemma-rate", type=float, default=MIN_LEMMA_RATE,
                        help="how often a verb must head a gold cue to become a cue lemma")
    parser.add_argument("--speaker-l2", type=float, default=1.0,
                        help="L2 penalty of the speaker chooser (a conditional logit)")
    parser.add_argument("--extent-l2", type=float, default=1.0,
                        help="L2 penalty of the extent ranker (a conditional logit)")
    parser.add_argument("--no-extent-ranker", action="store_true",
                        help="choose extents by the keep probability (no ranker)")
    parser.add_argument("--no-nesting", action="store_true",
                        help="of nested reports, the likelier stands (no pair model)")
    parser.add_argument("--nesting-C", type=float, default=0.3)
    parser.add_argument("--oof-pred", default=None,
                        help="write the whole stage's out-of-fold predictions at the chosen "
                        "threshold to this JSONL file (for reading errors on train)")
    parser.add_argument("--no-speaker-choice", action="store_true",
                        help="keep the rules' speakers (no speaker chooser)")
    args = parser.parse_args()

    import numpy as np
    from sklearn.feature_extraction import FeatureHasher  # noqa: F401  (kept for users)
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.process_time()
    path = Path(args.train)
    records = load_jsonl(path)
    docs = parsed_docs(path, records, Path(args.cache))
    if args.limit:
        records, docs = records[: args.limit], docs[: args.limit]
    print(f"parsed {len(docs)} articles ({time.process_time() - started:.0f} CPU-s)")

    lexicon = load_cues()
    cue_lemmas, cue_nouns, lemma_rate, as_cue = learn_cue_words(
        docs, records, lexicon, args.min_lemma_rate
    )
    print(f"{len(cue_lemmas)} cue verbs and {len(cue_nouns)} cue nouns learned")
    model = AttributionModel(cue_lemmas=frozenset(cue_lemmas), cue_nouns=frozenset(cue_nouns),
                             lemma_rate=lemma_rate, extents=not args.no_extents)

    items: list[Item] = []
    rows: list[str] = []
    labels: list[int] = []
    groups: list[int] = []
    for index, (doc, record) in enumerate(zip(docs, records, strict=True)):
        ctx = SegmentContext.build(doc, lexicon, model.cue_lemmas, model.cue_nouns)
        cands = segment_candidates(ctx)
        starts = word_starts(doc.text)
        golds = [
            tokens_in(starts, q.get("quote_fragments") or [q["quote"]]) for q in record["quotes"]
        ]
        variants = []
        for cand in cands:
            options = []
            for extent, content in candidate_variants(cand, ctx, model):
                cand.extent, cand.content = extent, content
                options.append((extent, content, len(rows)))
                rows.append(" ".join(candidate_features(cand, ctx, model, cand.parent is not None)))
                labels.append(label(doc.text, cand, golds, starts))
                groups.append(index)
            cand.extent, cand.content = options[0][0], options[0][1]
            variants.append(options)
        items.append((doc, record, ctx, cands, variants))
    print(f"{sum(len(i[3]) for i in items)} candidates, {len(rows)} extents, "
          f"{sum(labels)} positive")

    vectorizer = CountVectorizer(
        tokenizer=str.split, lowercase=False, token_pattern=None, binary=True, min_df=2
    )
    x = vectorizer.fit_transform(rows)
    y = np.array(labels)
    group_arr = np.array(groups)
    names = vectorizer.get_feature_names_out()

    # Out-of-fold scores for choosing the threshold end to end.
    oof = np.zeros(len(y))
    folds = 5
    fold_clfs = []
    for fold in range(folds):
        test = group_arr % folds == fold
        clf = LogisticRegression(C=args.C, max_iter=3000)
        clf.fit(x[~test], y[~test])
        oof[test] = clf.predict_proba(x[test])[:, 1]
        fold_clfs.append(clf)
    ranks, extent_weights, fold_extents = None, {}, [{}] * folds
    if not args.no_extent_ranker and model.extents:
        ranks, extent_weights, fold_extents = train_extent_ranker(
            x, y, items, folds, args.extent_l2, names
        )
    choose_extents(items, oof, ranks)
    best = (0.0, 0.0, 0.5)
    for threshold in [i / 20 for i in range(4, 14)]:
        quote_f1, who_f1 = end_to_end_f1(items, threshold)
        print(f"  threshold {threshold:.2f}: quote F1 {quote_f1:.1f}  who F1 {who_f1:.1f}")
        if quote_f1 + who_f1 > best[0] + best[1]:
            best = (quote_f1, who_f1, threshold)
    print(f"chosen threshold {best[2]:.2f} (candidates out of fold: quote F1 {best[0]:.1f}, "
          f"who {best[1]:.1f})")
    speaker_weights, fold_speakers = (
        ({}, [{}] * folds) if args.no_speaker_choice
        else train_speaker_choice(items, best[2], folds, args.speaker_l2)
    )
    nesting_weights, fold_nesting = (
        ({}, [{}] * folds) if args.no_nesting
        else train_nesting(items, best[2], folds, args.nesting_C)
    )
    if not args.no_pipeline:
        fold_models = [to_model(clf, names, model, best[2]) for clf in fold_clfs]
        for fold, (fold_model, weights_) in enumerate(zip(fold_models, fold_speakers,
                                                           strict=True)):
            fold_model.speaker_weights = weights_
            fold_model.extent_weights = fold_extents[fold]
            fold_model.nesting_weights = fold_nesting[fold]
            # The held-out fold's own cues must not choose the cue words it is scored with
            # (the candidate weights still saw candidates found with all of train's words).
            seen = [i for i in range(len(docs)) if i % folds != fold]
            lemmas, nouns, rates, _ = learn_cue_words(
                [docs[i] for i in seen], [records[i] for i in seen], lexicon,
                args.min_lemma_rate,
            )
            fold_model.cue_lemmas, fold_model.cue_nouns = frozenset(lemmas), frozenset(nouns)
            fold_model.lemma_rate = rates
        # The candidates' own F1 is flat near its best threshold; the whole stage (nesting,
        # speakers, the export) decides between it and its neighbours.
        stage: list[tuple[float, float, list[dict[str, Any]]]] = []
        for threshold in (best[2] - 0.05, best[2], best[2] + 0.05):
            for fold_model in fold_models:
                fold_model.threshold = threshold
            dump: list[dict[str, Any]] = []
            tally = pipeline_out_of_fold(docs, records, fold_models, folds, dump)
            recall = ", ".join(f"{k} {v:.1f}%" for k, v in tally.kind_recall().items())
            print(
                f"whole stage out of fold (5 folds by article) at {threshold:.2f}: quote P/R/F1 "
                + " / ".join(f"{v:.1f}" for v in tally.quote_prf)
                + "; who-said-what P/R/F1 "
                + " / ".join(f"{v:.1f}" for v in tally.who_prf)
                + f"; recall by kind: {recall}"
            )
            stage.append((tally.quote_prf[2] + tally.who_prf[2], threshold, dump))
        _, chosen, chosen_dump = max(stage, key=lambda s: (s[0], s[1]))
        if args.oof_pred:
            with open(args.oof_pred, "w", encoding="utf-8") as out_file:
                for row in chosen_dump:
                    out_file.write(json.dumps(row, ensure_ascii=False) + "\n")
        best = (best[0], best[1], chosen)
        print(f"threshold for the whole stage: {chosen:.2f}")

    clf = LogisticRegression(C=args.C, max_iter=3000)
    clf.fit(x, y)
    weights = to_model(clf, names, model, best[2]).weights
    out = {
        "trained_on": path.name,
        "articles": len(docs),
        "candidates": len(rows),  # content extents scored, over all candidates
        "C": args.C,
        "threshold": best[2],
        "extents": model.extents,
        "bias": round(float(clf.intercept_[0]), 4),
        "cue_lemmas": cue_lemmas,
        "cue_nouns": cue_nouns,
        "lemma_rate": {k: v for k, v in sorted(lemma_rate.items()) if as_cue[k] > 0},
        "weights": dict(sorted(weights.items())),
        "extent_l2": args.extent_l2,
        "extent_weights": dict(sorted(extent_weights.items())),
        "speaker_l2": args.speaker_l2,
        "speaker_weights": dict(sorted(speaker_weights.items())),
        "nesting_weights": dict(sorted(nesting_weights.items())),
    }
    Path(args.out).write_text(
        json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    size = Path(args.out).stat().st_size
    print(
        f"wrote {args.out} ({size / 1024:.0f} KiB, {len(weights)} weights) "
        f"in {time.process_time() - started:.0f} CPU-s"
    )


if __name__ == "__main__":
    main()
