"""Stance of a document toward a claim: rules over attributions, and the trained model."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from hearsay.models import Attribution, Cue, Hedge, Speaker, TextSpan
from hearsay.stance import (
    cue_lean,
    doubt_share,
    mention_stance,
    negates_claim,
    orientation,
    voice_frame,
)
from hearsay.stance_features import load_lexicon, split_sentences
from hearsay.stance_framing import FRAMING_FEATURES, framing_features
from hearsay.stance_model import BoostedTrees, NetworkEnsemble

CLAIM = "The dam was sabotaged"


def said(content: str, cue: str = "said", lean: str = "neutral", hedges: tuple[str, ...] = ()):
    """An attribution "The minister <cue> that <content>" as the attribution stage builds it."""
    sentence = f"The minister {cue} that {content}"
    start = sentence.index(content)
    return Attribution(
        id="a1",
        document_id="d1",
        kind="indirect",
        speaker=Speaker(text="The minister", start=0, end=12),
        cue=Cue(text=cue, start=13, end=13 + len(cue), lean=lean),
        content=TextSpan(text=content, start=start, end=start + len(content)),
        hedges=[Hedge(text=h, start=0, end=len(h)) for h in hedges],
    )


def assert_distribution(scores: dict[str, float]) -> None:
    assert math.isclose(sum(scores.values()), 1.0, abs_tol=1e-6)
    assert all(0.0 <= v <= 1.0 for v in scores.values())


# --- the document's own voice ------------------------------------------------------------


def test_own_voice_sentence_asserts() -> None:
    label, scores = mention_stance(CLAIM, "The dam was sabotaged by saboteurs at night.", None)
    assert label == "asserts"
    assert_distribution(scores)


def test_own_voice_negation_disputes() -> None:
    label, _ = mention_stance(CLAIM, "The dam was not sabotaged; it failed from neglect.", None)
    assert label == "disputes"


def test_own_voice_reported_denial_disputes() -> None:
    label, _ = mention_stance(CLAIM, "The minister denied that the dam was sabotaged.", None)
    assert label == "disputes"


def test_own_voice_hedge_questions() -> None:
    label, _ = mention_stance(CLAIM, "The dam was allegedly sabotaged.", None)
    assert label == "questions"


def test_own_voice_canard_hedge_questions_not_disputes() -> None:
    text = "If this report is not a canard, the dam was sabotaged."
    assert mention_stance(CLAIM, text, None)[0] == "questions"
    assert mention_stance(CLAIM, "The dam was sabotaged, which could not be verified.")[0] == (
        "questions"
    )


def test_own_voice_rhetorical_question_questions() -> None:
    label, _ = mention_stance(CLAIM, "Was the dam really sabotaged?", None)
    assert label == "questions"


# --- inside an attribution ---------------------------------------------------------------


def test_neutral_attribution_relays() -> None:
    attribution = said("the dam was sabotaged")
    label, scores = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "relays"
    assert_distribution(scores)


def test_denying_cue_disputes() -> None:
    attribution = said("the dam was sabotaged", cue="denied")
    assert cue_lean(attribution) == "denying"  # read from the word when lean is neutral
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "disputes"


def test_denying_lean_disputes_even_when_the_whole_sentence_is_passed() -> None:
    attribution = said("the dam was sabotaged", cue="rejected claims", lean="denying")
    label, _ = mention_stance(
        CLAIM, "The minister rejected claims that the dam was sabotaged", attribution
    )
    assert label == "disputes"


def test_content_negating_the_claim_disputes() -> None:
    attribution = said("the dam was never sabotaged")
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "disputes"


def test_hedged_attribution_questions() -> None:
    attribution = said("the dam was sabotaged", hedges=("if this report is not a canard",))
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "questions"


def test_doubting_cue_questions() -> None:
    attribution = said("the dam was sabotaged", cue="claimed")
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "questions"


def test_endorsing_cue_asserts() -> None:
    attribution = said("the dam was sabotaged", cue="confirmed", lean="asserting")
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "asserts"


def test_an_insistent_speaker_is_still_only_relayed() -> None:
    # "assured" is how the speaker put it; the document does not make the claim its own.
    attribution = said("the dam was sabotaged", cue="assured", lean="asserting")
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "relays"


def test_endorsing_cue_with_hedge_does_not_assert() -> None:
    attribution = said("the dam was sabotaged", cue="confirmed", hedges=("reportedly",))
    label, _ = mention_stance(CLAIM, attribution.content.text, attribution)
    assert label == "questions"


# --- the pieces ----------------------------------------------------------------------------


def test_negation_needs_the_same_subject() -> None:
    assert negates_claim(CLAIM, "No, the dam was not sabotaged.")
    assert not negates_claim(CLAIM, "The dam was sabotaged.")
    assert not negates_claim(CLAIM, "Nobody came to the concert.")  # about something else
    assert not negates_claim("The dam was not sabotaged", "The dam wasn't sabotaged.")


def test_paraphrases_differing_in_negation_are_not_read_as_disputes() -> None:
    claim = "Beijing did not want to see Russia lose the war"
    assert not negates_claim(claim, "Russia's defeat in the war is against Beijing's interests.")
    assert negates_claim(claim, "Beijing wants to see Russia lose the war.")
    assert negates_claim(claim, "That Beijing did not want Russia to lose the war is a myth.")


# Three wordings of one claim, the first two differing in negation but not in meaning.
DOES_NOT_WANT = "Ostland did not want to see Marvia lose the war"
CANNOT_AFFORD = "Ostland cannot afford Marvia's military defeat"
AGAINST_INTERESTS = "Marvia's defeat in the war is against Ostland's interests"


def test_paraphrases_have_the_same_orientation() -> None:
    assert orientation(DOES_NOT_WANT) == orientation(CANNOT_AFFORD) == 1
    assert orientation(AGAINST_INTERESTS) == 1
    assert orientation("Ostland wants Marvia to win the war") == 1
    assert orientation("Ostland wants to see Marvia lose the war") == -1
    assert orientation("Ostland rules out Marvia as a guarantor") == -1
    assert orientation("No, the dam was not sabotaged") == -1  # the interjection repeats "not"


def test_paraphrases_differing_in_negation_agree() -> None:
    assert not negates_claim(DOES_NOT_WANT, CANNOT_AFFORD)
    assert not negates_claim(CANNOT_AFFORD, DOES_NOT_WANT)
    assert not negates_claim(CANNOT_AFFORD, AGAINST_INTERESTS)
    assert mention_stance(CANNOT_AFFORD, DOES_NOT_WANT)[0] == "asserts"
    assert mention_stance(DOES_NOT_WANT, f"{AGAINST_INTERESTS}.")[0] == "asserts"
    assert not negates_claim(
        "Marvia rules out Ostland as a security guarantor",
        "Marvia does not consider Ostland a possible security guarantor",
    )
    # ... and a real opposite still disputes
    assert negates_claim(DOES_NOT_WANT, "Ostland wanted to see Marvia lose the war")
    assert mention_stance(CANNOT_AFFORD, "Ostland can afford Marvia's military defeat.")[0] == (
        "disputes"
    )


def test_a_negation_of_something_else_does_not_dispute() -> None:
    # The claim negates its own frame ("does not mean ... is weak"); the quote negates what the
    # partnership is based on. They share the subject and a "not", not the predicate.
    claim = "This does not mean the Ostland-Marvia partnership is weak"
    quote = (
        "“The Ostland-Marvia partnership is not one based on shared values or a sense of "
        "affection. It is mostly based on interests,” wrote Lind."
    )
    assert not negates_claim(claim, quote, scoped=True)
    assert negates_claim(claim, quote)  # the learned models' plain reading
    attribution = said(quote.split("”")[0] + "”", cue="wrote")
    assert mention_stance(claim, attribution.content.text, attribution)[0] == "relays"
    # Negations of the claim's own predicate still dispute it.
    assert negates_claim(claim, "This means the Ostland-Marvia partnership is weak.", scoped=True)
    assert negates_claim(
        "The Ostland-Marvia partnership is strong", "The Ostland-Marvia partnership is not strong.",
        scoped=True,
    )


def test_negative_cue_word_belongs_to_the_content() -> None:
    """ "Ostland did not want ...": "did not want" is the cue, but its "not" is the claim's."""
    sentence = "Ostland did not want to see Marvia lose the war"
    attribution = Attribution(
        id="a2",
        document_id="d1",
        kind="indirect",
        speaker=Speaker(text="Ostland", start=0, end=7),
        cue=Cue(text="did not want", start=8, end=20, lean="intending"),
        content=TextSpan(text=sentence[21:], start=21, end=len(sentence)),
    )
    assert mention_stance(CANNOT_AFFORD, sentence, attribution)[0] == "relays"


def test_circumstance_and_second_sentence_do_not_negate() -> None:
    claim = "The dam will hold"
    assert not negates_claim(claim, "If the rains fail, the dam will hold.")
    assert not negates_claim(claim, "The dam will hold. Nobody doubts it.")
    assert negates_claim(claim, "The dam will not hold; engineers are worried.")


def test_condition_with_a_falsity_word_questions_not_disputes() -> None:
    claim = "Ostland has changed its position on the border war"
    text = (
        'If this report is not a "canard", then Ostland has changed its position on the border war.'
    )
    assert not negates_claim(claim, text)
    assert mention_stance(claim, text)[0] == "questions"


def test_claim_cut_short_is_compared_with_the_same_stretch() -> None:
    claim = "Marvia pressured Ostland to stop the shelling and has been successful …"
    text = (
        "Marvia pressured Ostland to stop the shelling and has been successful where others "
        "have not."
    )
    assert not negates_claim(claim, text)


def test_doubt_and_denial_frames_in_the_documents_own_voice() -> None:
    assert voice_frame("It is unlikely that the dam was sabotaged.") == "questions"
    assert voice_frame("There is little evidence that the dam was sabotaged.") == "questions"
    assert voice_frame("It is not true that the dam was sabotaged.") == "disputes"
    assert voice_frame("The dam was sabotaged.") is None
    assert mention_stance(CLAIM, "It is unlikely that the dam was sabotaged.")[0] == "questions"
    assert mention_stance(CLAIM, "It is doubtful that the dam was sabotaged.")[0] == "questions"
    assert mention_stance(CLAIM, "It is not true that the dam was sabotaged.")[0] == "disputes"


def test_lexicon_phrases_take_a_wildcard(tmp_path: Path) -> None:
    lexicon = load_lexicon()
    assert lexicon.has("negative_valence", "it is against ostland's interests")
    assert lexicon.has("negative_valence", "against the long-term interests")
    assert not lexicon.has("negative_valence", "the war against marvia")
    extra = tmp_path / "more.json"
    extra.write_text('{"polarity_negators": ["balks at"]}', encoding="utf-8")
    assert orientation("Ostland balks at the deal") == 1
    assert orientation("Ostland balks at the deal", load_lexicon([extra])) == -1


def test_doubt_share_counts_doubt_against_plain_reporting() -> None:
    assert doubt_share(CLAIM, "Officials said the dam was sabotaged.") == 0.0
    assert doubt_share(CLAIM, "The dam was allegedly sabotaged, unconfirmed reports say.") > 0.5
    assert doubt_share("Allegedly the dam was sabotaged", "Allegedly the dam was sabotaged.") == 0


def test_sentences_split_on_ends_not_on_abbreviations() -> None:
    text = 'Mr. Smith left the U.S. on Monday. "Is it true?" Nobody knows.\n\nNew paragraph'
    assert split_sentences(text) == [
        "Mr. Smith left the U.S. on Monday.",
        '"Is it true?"',
        "Nobody knows.",
        "New paragraph",
    ]
    assert split_sentences("   ") == []


def test_lexicon_is_user_extendable(tmp_path: Path) -> None:
    extra = tmp_path / "more.json"
    extra.write_text('{"denying_cues": ["poured cold water on"]}', encoding="utf-8")
    assert not load_lexicon().has("denying_cues", "he poured cold water on it")
    assert load_lexicon([extra]).has("denying_cues", "he poured cold water on it")
    attribution = said("the dam was sabotaged", cue="poured cold water on")
    assert mention_stance(CLAIM, "the dam was sabotaged", attribution)[0] == "relays"
    label, _ = mention_stance(CLAIM, "the dam was sabotaged", attribution, lexicon_files=[extra])
    assert label == "disputes"


def framing(claim: str, headline: str) -> dict[str, float]:
    values = framing_features(claim, headline, load_lexicon())
    return dict(zip(FRAMING_FEATURES, values, strict=True))


def test_headline_naming_its_source_before_a_colon() -> None:
    claim = "The U.S. killed Ahmed Abdi Godane in an airstrike"
    named = framing(claim, "Pentagon: Somali terror group leader killed in U.S. airstrike")
    assert named["source_before_colon"] == named["source_noun_before_colon"] == 1.0
    # A topic before the colon is the claim's own subject, not a source.
    topic = framing("Kim Jong Un broke both of his ankles", "Kim Jong-un: leader had surgery")
    assert topic["source_before_colon"] == topic["source_noun_before_colon"] == 0.0


def test_headline_reporting_verb_and_where_the_claim_stands() -> None:
    inside = framing(CLAIM, "Officials say the dam was sabotaged")
    assert inside["reporting_verb"] == inside["reporting_verb_before_claim"] == 1.0
    assert inside["reporting_verb_after_claim"] == 0.0
    tagged = framing(CLAIM, "Dam was sabotaged, report says")
    assert tagged["reporting_verb_after_claim"] == tagged["source_after_statement"] == 1.0
    flat = framing(CLAIM, "The dam was sabotaged at night")
    assert flat["reporting_verb"] == flat["source_after_statement"] == flat["hedge"] == 0.0


def test_headline_hedges_and_prospects_count_only_where_the_claim_lacks_them() -> None:
    assert framing(CLAIM, "The dam was reportedly sabotaged")["hedge"] == 1.0
    assert framing("The dam was reportedly sabotaged", "Dam reportedly sabotaged")["hedge"] == 0.0
    assert framing("Apple bought Path", "Apple to buy Path")["prospect"] == 1.0
    assert framing("Apple will buy Path", "Apple to buy Path")["prospect"] == 0.0
    media = framing("The Apple Watch will ship in April", "Watch: Apple Watch video leaks")
    assert media["media_pointer"] == 1.0  # "video"; "watch" is the claim's own word
    assert framing(CLAIM, "Dam sabotaged")["new_word_share"] == 0.0



def test_a_claim_that_is_itself_a_statement_and_a_headline_reporting_it() -> None:
    """ "A priest says he met God": a headline where the priest "claims" it carries the claim
    as the claim has it; a reporting headline on a plain claim is a report, nothing more."""
    both = framing("A priest says he met God", "Priest claims he met God")
    assert both["claim_reports"] == both["both_report"] == 1.0
    plain = framing("The priest met God", "Priest claims he met God")
    assert plain["claim_reports"] == plain["both_report"] == 0.0
    assert plain["reporting_verb"] == 1.0
    flat = framing("A priest says he met God", "Priest met God")
    assert flat["claim_reports"] == 1.0 and flat["both_report"] == 0.0


def test_a_debunking_idiom_disputes_in_the_documents_own_voice() -> None:
    """The mention rules read "made it all up" or "alive and well" as a dispute, as the
    headline model does; a claim that itself carries the idiom is not disputed by it."""
    assert mention_stance("A schoolboy made 72 million", "The schoolboy made it all up")[0] == (
        "disputes"
    )
    assert mention_stance("The singer is dead", "The singer is alive and well")[0] == "disputes"
    assert mention_stance("The singer is dead", "The singer died on Monday")[0] == "asserts"
    same = "Reports that the singer is alive and well"
    assert mention_stance("The singer is alive and well", same)[0] != "disputes"


def test_a_debunking_idiom_counts_only_where_the_claim_lacks_it() -> None:
    assert framing("A schoolboy made 72 million", "Boy investor made it all up")["debunking"] == 1.0
    assert framing("Rapper joined ISIS", "Someone trolled Twitter over rapper")["debunking"] == 1.0
    assert framing("The singer is alive and well", "Singer alive and well")["debunking"] == 0.0
    assert framing(CLAIM, "The dam was sabotaged at night")["debunking"] == 0.0


# --- the model file: plain arrays, no pickle ------------------------------------------------


def test_boosted_trees_walk_in_numpy() -> None:
    """One stump: feature 0 <= 0.5 goes left (raw -1), else right (+1); NaN goes right."""
    trees = BoostedTrees(
        feature=np.array([0, 0, 0]),
        threshold=np.array([0.5, 0.0, 0.0]),
        missing_left=np.array([False, False, False]),
        left=np.array([1, 1, 2]),
        right=np.array([2, 1, 2]),
        value=np.array([0.0, -1.0, 1.0]),
        roots=np.array([[0]]),
        baseline=np.array([0.0]),
        depth=1,
    )
    proba = trees.predict_proba(np.array([[0.0], [1.0], [np.nan]]))
    sigmoid = 1.0 / (1.0 + math.exp(-1.0))
    assert np.allclose(proba[:, 1], [1.0 - sigmoid, sigmoid, sigmoid])


def test_model_file_round_trips_without_pickle(tmp_path: Path) -> None:
    from hearsay.stance_model import StanceClassifier, load_classifier, save_classifier

    rng = np.random.default_rng(0)
    layer = tuple(
        rng.normal(size=shape).astype(np.float32) for shape in ((4, 3), (4,), (3, 4), (3,))
    )
    stump = BoostedTrees(
        feature=np.array([1, 0, 0]),
        threshold=np.array([0.0, 0.0, 0.0]),
        missing_left=np.array([True, False, False]),
        left=np.array([1, 1, 2]),
        right=np.array([2, 1, 2]),
        value=np.array([0.0, 0.3, -0.3]),
        roots=np.array([[0]]),
        baseline=np.array([0.1]),
        depth=1,
    )
    classifier = StanceClassifier(
        idf={"dam": 2.0, "": 5.0},
        relatedness=stump,
        related_stance=NetworkEnsemble(np.zeros(3), np.ones(3), [layer]),  # type: ignore[list-item]
        meta={"split": "test"},
    )
    path = tmp_path / "model.npz"
    save_classifier(classifier, path)
    with np.load(path, allow_pickle=False) as data:  # no object arrays anywhere
        assert "header" in data.files
    loaded = load_classifier(path)
    x = rng.normal(size=(5, 3)).astype(np.float32)
    blocks = np.zeros((5, 0), dtype=np.float32)
    assert np.allclose(loaded.probabilities(x, blocks), classifier.probabilities(x, blocks))
    assert loaded.idf == classifier.idf and loaded.meta == {"split": "test"}


def test_short_text_model_from_before_new_inputs_is_refused() -> None:
    """A model file whose short-text part reads another number of dense inputs than
    short_dense gives is refused with how to retrain it, not with a shape error."""
    from hearsay.errors import ModelNotInstalledError
    from hearsay.stance_model import ShortTextClassifier

    layer = tuple(np.zeros(shape, dtype=np.float32) for shape in ((4, 5), (4,), (3, 4), (3,)))
    short = ShortTextClassifier(
        vocabulary={},
        word_idf=np.zeros(0),
        word_coef=np.zeros((3, 0)),
        dense_coef=np.zeros((3, 4)),  # 2 scalars + 2 dense inputs
        intercept=np.zeros(3),
        scalar_mean=np.zeros(2),
        scalar_scale=np.ones(2),
        networks=NetworkEnsemble(np.zeros(5), np.ones(5), [layer]),  # type: ignore[list-item]
    )
    scalars, blocks = np.zeros((1, 2), dtype=np.float32), np.zeros((1, 3), dtype=np.float32)
    assert short.predict_proba([""], scalars, blocks, np.zeros((1, 2))).shape == (1, 3)
    with pytest.raises(ModelNotInstalledError, match="--short-into"):
        short.predict_proba([""], scalars, blocks, np.zeros((1, 3)))


def test_claim_masked_keeps_the_frame_and_drops_the_story() -> None:
    """What a headline says around the claim survives; the claim's words, inflected or not,
    become one "_" per run."""
    from hearsay.stance_features import claim_masked

    claim = "ISIS beheaded Steve Sotloff"
    assert claim_masked(claim, "Report: ISIS beheads Steve Sotloff?") == "Report : _ ?"
    assert claim_masked(claim, "Sotloff beheading video is a hoax") == "_ video is a hoax"


def test_char_terms_are_padded_word_ngrams() -> None:
    """Character 2-5-grams inside each lowercased word, the word padded with a space; a word
    no longer than n (padded) is one term, counted once."""
    from hearsay.stance_model import char_terms

    assert char_terms("_") == [" _", "_ ", " _ "]
    grams = char_terms("Mulls _")
    assert grams[:5] == [" m", "mu", "ul", "ll", "ls"]
    assert " mull" in grams and "ulls " in grams and "mulls" in grams
    assert " mulls " not in grams  # 7 characters padded: longer than the longest n-gram
    assert char_terms("") == []


def test_char_terms_match_scikit_learn_char_wb() -> None:
    """The run-time n-grams are the ones scikit-learn's char_wb analyzer counts, so a model
    trained with either reads the same terms."""
    text = pytest.importorskip("sklearn.feature_extraction.text")
    from hearsay.stance_model import char_terms

    analyzer = text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for sample in ("Video purports to show _", "_ : REPORT", "a  _ ?", "Seth Rogen eyed for _"):
        assert sorted(char_terms(sample)) == sorted(analyzer(sample))


def test_short_text_model_with_masked_networks_round_trips(tmp_path: Path) -> None:
    """The claim-masked network and the character view are saved, loaded and used (3:1:1 with
    the words and the other networks); without the masked embeddings or texts it refuses to
    guess."""
    from hearsay.stance_model import (
        ShortTextClassifier,
        StanceClassifier,
        load_classifier,
        save_classifier,
    )

    rng = np.random.default_rng(1)

    def ensemble(inputs: int) -> NetworkEnsemble:
        shapes = ((4, inputs), (4,), (3, 4), (3,))
        layer = tuple(rng.normal(size=shape).astype(np.float32) for shape in shapes)
        return NetworkEnsemble(np.zeros(inputs), np.ones(inputs), [layer])  # type: ignore[list-item]

    short = ShortTextClassifier(
        vocabulary={"hoax": 0},
        word_idf=np.ones(1),
        word_coef=rng.normal(size=(3, 1)),
        dense_coef=rng.normal(size=(3, 4)),  # 2 scalars + 2 dense inputs
        intercept=np.zeros(3),
        scalar_mean=np.zeros(2),
        scalar_scale=np.ones(2),
        networks=ensemble(5),  # 2 scalars + a 3-wide block
        masked_networks=ensemble(6),  # 2 scalars + 2 dense inputs + a 2-wide embedding
        char_vocabulary={" h": 0, "oax ": 1},
        char_idf=np.ones(2),
        char_coef=rng.normal(size=(3, 2)),
    )
    stump = BoostedTrees(
        feature=np.array([0]),
        threshold=np.array([0.0]),
        missing_left=np.array([True]),
        left=np.array([0]),
        right=np.array([0]),
        value=np.array([0.0]),
        roots=np.array([[0]]),
        baseline=np.array([0.0]),
        depth=0,
    )
    classifier = StanceClassifier(
        idf={"": 1.0}, relatedness=stump, related_stance=ensemble(5), short_stance=short
    )
    path = tmp_path / "model.npz"
    save_classifier(classifier, path)
    loaded = load_classifier(path).short_stance
    assert loaded is not None and loaded.masked_networks is not None
    scalars = rng.normal(size=(2, 2)).astype(np.float32)
    blocks = rng.normal(size=(2, 3)).astype(np.float32)
    extra, masked = rng.normal(size=(2, 2)), rng.normal(size=(2, 2)).astype(np.float32)
    novel = ["_ is a hoax", "_"]
    texts = ["_ is a hoax", "_"]
    proba = loaded.predict_proba(novel, scalars, blocks, extra, masked, texts)
    assert np.allclose(
        proba, short.predict_proba(novel, scalars, blocks, extra, masked, texts), atol=1e-5
    )
    assert np.allclose(proba.sum(axis=1), 1.0)
    without = ShortTextClassifier(**{**short.__dict__, "masked_networks": None})
    assert not np.allclose(proba, without.predict_proba(novel, scalars, blocks, extra, None, texts))
    no_chars = ShortTextClassifier(**{**short.__dict__, "char_vocabulary": {}})
    assert not np.allclose(proba, no_chars.predict_proba(novel, scalars, blocks, extra, masked))
    with pytest.raises(ValueError, match="claim-masked text's embedding"):
        short.predict_proba(novel, scalars, blocks, extra, None, texts)
    with pytest.raises(ValueError, match="characters"):
        short.predict_proba(novel, scalars, blocks, extra, masked)


# --- the trained model (slower: loads the sentence encoder) -----------------------------

_has_model = resources.files("hearsay.data").joinpath("stance_model.npz").is_file()
model_test = pytest.mark.skipif(not _has_model, reason="stance model not trained")


@model_test
def test_model_scores_bare_strings() -> None:
    import hearsay

    claim = "Divers found a sunken Roman ship full of gold coins off Sicily"
    body = (
        "Divers off the coast of Sicily have found the wreck of a Roman merchant ship. "
        "The ship was carrying hundreds of gold coins, archaeologists said on Tuesday. "
        "The coins date from the second century."
    )
    label, scores = hearsay.stance(claim, body)
    assert label in ("asserts", "relays")
    assert_distribution(scores)
    assert set(scores) == {"asserts", "relays", "disputes", "questions", "unrelated"}

    label, _ = hearsay.stance(claim, "The city council approved a new bus timetable for June.")
    assert label == "unrelated"


@model_test
def test_model_sees_a_debunking() -> None:
    from hearsay.stance import stance

    claim = "Divers found a sunken Roman ship full of gold coins off Sicily"
    body = (
        "A story claiming that divers found a Roman ship full of gold coins off Sicily is a hoax. "
        "The photo was taken in a museum in 2009, and the coastguard said no such find was made. "
        "The fake report spread on social media before being debunked."
    )
    label, scores = stance(claim, body)
    assert label == "disputes", scores


@model_test
def test_model_on_single_sentences() -> None:
    """Headlines and sentences go to the short-text classifier (trained on Emergent)."""
    from hearsay.stance import stance

    assert stance(CLAIM, "The minister denied that the dam was sabotaged.")[0] == "disputes"
    assert stance(CLAIM, "Reports that the dam was sabotaged are a hoax.")[0] == "disputes"
    assert stance(CLAIM, "Police say the dam may have been sabotaged")[0] == "relays"
    hedged = "Officials said the dam was allegedly sabotaged, but this is unconfirmed."
    assert stance(CLAIM, hedged)[0] == "questions"


@model_test
def test_model_on_a_negated_claim_against_its_plain_statement() -> None:
    """A model trained on headlines has seen few negated claims; where the rules read the
    polarity they weigh more, so the plain statement disputes the negated claim and a
    paraphrase with the negation elsewhere agrees with it."""
    from hearsay.stance import stance

    claim = "Marvia did not attack the convoy near Velin"
    assert stance(claim, "Marvia attacked the convoy near Velin")[0] == "disputes"
    assert stance("Ostland wants Marvia to win the war", "Ostland wants Marvia to lose")[0] == (
        "disputes"
    )
    assert stance("Kessel did not lose the vote", "Kessel won the vote")[0] == "asserts"


def test_rules_weigh_more_where_they_read_the_polarity() -> None:
    from hearsay.stance import DECISIVE_RULES_WEIGHT, SHORT_TEXT_RULES_WEIGHT, rules_weight

    assert DECISIVE_RULES_WEIGHT > SHORT_TEXT_RULES_WEIGHT
    negated = ("Marvia did not attack the convoy", "Marvia attacked the convoy")
    assert rules_weight(*negated) == DECISIVE_RULES_WEIGHT
    alike = ("Ostland cannot afford to let Marvia collapse", "A Marvian collapse hurts Ostland")
    assert rules_weight(*alike) == DECISIVE_RULES_WEIGHT
    plain = ("Marvia attacked the convoy", "Officials say Marvia attacked the convoy")
    assert rules_weight(*plain) == SHORT_TEXT_RULES_WEIGHT


def test_package_function_survives_submodule_import() -> None:
    """``import hearsay.stance`` rebinds the name; ``hearsay.stance(...)`` must still work."""
    import hearsay
    import hearsay.stance

    assert callable(hearsay.stance)


def test_importing_stance_loads_no_model() -> None:
    import subprocess
    import sys

    code = "import sys, hearsay.stance, hearsay.stance_model; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@model_test
def test_mention_stance_with_model_keeps_the_voice_from_the_attribution() -> None:
    from hearsay.stance import default_model

    model = default_model()
    attribution = said("the dam was sabotaged")
    label, scores = mention_stance(CLAIM, "the dam was sabotaged", attribution, model=model)
    assert label == "relays"
    assert_distribution(scores)
    label, _ = mention_stance(CLAIM, "The dam was sabotaged on Sunday night.", None, model=model)
    assert label == "asserts"
    label, _ = mention_stance(
        CLAIM, "Reports that the dam was sabotaged are a hoax.", None, model=model
    )
    assert label == "disputes"


def test_texts_without_words_are_unrelated() -> None:
    from hearsay.stance import stance, stances

    assert stance(CLAIM, "") == (
        "unrelated",
        {"asserts": 0.0, "relays": 0.0, "disputes": 0.0, "questions": 0.0, "unrelated": 1.0},
    )
    assert stance("", "The dam was sabotaged.")[0] == "unrelated"
    assert stance(CLAIM, " ... !!! ")[0] == "unrelated"
    assert stances([]) == []


class SurfaceModel:
    """A stand-in for the stance model that reads a negation word on one side only as
    disagreement: the mistake the polarity rules are there to correct."""

    NEGATIONS = ("not", "n't", "cannot", "never", "failed")

    def __init__(self) -> None:
        self.lexicon = load_lexicon()

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        rows = []
        for claim, text in pairs:
            one_sided = self._negated(claim) != self._negated(text)
            agree, disagree = (0.25, 0.60) if one_sided else (0.60, 0.25)
            rows.append([agree, disagree, 0.14, 0.01])  # FNC order: agree, disagree, discuss
        return np.array(rows)

    def _negated(self, text: str) -> bool:
        lowered = f" {text.lower()} "
        return any(f" {w} " in lowered or f"{w} " in lowered for w in self.NEGATIONS)


ALIKE_DESPITE_NEGATION = [
    ("Ostland did not want to see Marvia lose", "Ostland cannot afford a Marvian defeat"),
    ("The rebels never captured the airport", "The rebels failed to take the airport"),
    ("Ostland cannot afford to let Marvia collapse", "A Marvian collapse would hurt Ostland"),
    ("Kessel did not lose the vote", "Kessel won the vote"),
]
OPPOSED = [
    ("Ostland wants Marvia to win the war", "Ostland wants to see Marvia lose the war"),
    ("Marvia did not attack the convoy near Velin", "Marvia attacked the convoy near Velin"),
    ("The harbour at Kessel is open again", "The harbour at Kessel is not open again"),
]


@pytest.mark.parametrize(("claim", "text"), ALIKE_DESPITE_NEGATION + OPPOSED)
def test_bare_string_stance_agrees_with_the_mention_rules_in_orientation(
    claim: str, text: str
) -> None:
    from hearsay.stance import same_orientation, stance

    expected = (claim, text) in ALIKE_DESPITE_NEGATION
    assert same_orientation(claim, text) is expected
    assert same_orientation(text, claim) is expected
    rules, _ = mention_stance(claim, text)
    label, scores = stance(claim, text, SurfaceModel())  # type: ignore[arg-type]
    assert label == rules == ("asserts" if expected else "disputes")
    assert math.isclose(sum(scores.values()), 1.0)


def test_orientation_follows_the_rules_only_where_the_model_is_torn() -> None:
    from hearsay.stance import ORIENTATION_MARGIN, oriented

    claim, text = ALIKE_DESPITE_NEGATION[0]
    torn = {"asserts": 0.35, "relays": 0.1, "disputes": 0.45, "questions": 0.05, "unrelated": 0.05}
    assert oriented(claim, text, torn)["asserts"] == 0.45
    sure = {**torn, "asserts": 0.1, "disputes": 0.1 + ORIENTATION_MARGIN + 0.2}
    assert oriented(claim, text, sure) == sure
    unrelated_words = oriented("Ostland did not sign", "The weather in Velin is fine", torn)
    assert unrelated_words == torn  # no shared word: the rules cannot tell


def test_the_written_out_stances_are_the_models_own() -> None:
    """hearsay.stance spells the four stances out to stay free of pydantic; they must stay
    the records' own, in the same order."""
    from hearsay.models import STANCE_LABELS
    from hearsay.stance import MENTION_STANCES

    assert MENTION_STANCES == STANCE_LABELS
