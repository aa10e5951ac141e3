"""Plumbing: the stage contract, the combiner and profiles, the model seams. No weights loaded
except spaCy (shared with the `checker` fixture's models)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from groundcheck import Checker
from groundcheck.errors import ConfigError, StageError
from groundcheck.models.fake import HashEmbedder, OverlapScorer
from groundcheck.models.hf import nli_label_indices
from groundcheck.pipeline.combine import FEATURES, Combiner
from groundcheck.pipeline.work import Models


@pytest.fixture(scope="module")
def fake_checker(checker):
    models = Models(nlp=checker.models.nlp, embedder=HashEmbedder(), scorer=OverlapScorer(), combiner=Combiner.packaged("nli"))
    return Checker(models=models)


def test_fake_models_run_the_whole_pipeline(fake_checker):
    report = fake_checker.check("The council approved the budget on Tuesday.", "The council approved the budget on Tuesday.")
    assert [v.label for v in report.claims] == ["supported"]
    assert report.models["verifier"] == "fake/overlap-scorer"


def test_a_stage_that_breaks_its_contract_is_named(fake_checker):
    broken = Checker(models=fake_checker.models)
    broken.stages = [(n, (lambda w: None) if n == "claims" else f) for n, f in broken.stages]
    with pytest.raises(StageError) as e:
        broken.check("A source sentence here.", "A derived sentence here.")
    assert e.value.code == "GC402" and "'claims'" in str(e.value)

    def boom(work):
        raise KeyError("x")

    broken.stages = [(n, boom if n == "retrieve" else f) for n, f in fake_checker.stages]
    with pytest.raises(StageError) as e:
        broken.check("A source sentence here.", "A derived sentence here.")
    assert e.value.code == "GC401" and "'retrieve'" in str(e.value)


def test_unknown_check_name_is_a_config_error(checker):
    bad = Checker(checker.settings.model_copy(update={"checks": ("numbers", "astrology")}), models=checker.models)
    with pytest.raises(ConfigError) as e:
        bad.check("The meeting lasted five hours.", "The meeting lasted five hours.")
    assert e.value.code == "GC201" and "astrology" in str(e.value)


def test_combiner_is_monotone_in_support_signals():
    c = Combiner.packaged("heuristic")
    low = {k: 0.0 for k in FEATURES}
    high = dict(low, cos=0.9, coverage=0.9, coverage_all=0.9)
    assert c.p_supported(high) > c.p_supported(low)
    assert c.p_supported(dict(high, novel_numbers=2.0)) < c.p_supported(high)


def test_profile_changes_threshold_and_temperature(tmp_path):
    c = Combiner.packaged("heuristic")
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"threshold": 0.7, "temperature": 2.0}))
    p = c.with_profile(path)
    assert p.threshold == 0.7
    feats = {k: 0.0 for k in FEATURES}
    feats.update(cos=0.9, coverage=0.9)
    # a higher temperature pulls probabilities towards 0.5
    assert abs(p.p_supported(feats) - 0.5) < abs(c.p_supported(feats) - 0.5)
    path.write_text(json.dumps({"threshold": 1.5}))
    with pytest.raises(ConfigError) as e:
        c.with_profile(path)
    assert e.value.code == "GC203"


def test_label_mapping_of_standard_classifiers():
    assert nli_label_indices({0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}) == (0, 1, 2)
    assert nli_label_indices({0: "contradiction", 1: "neutral", 2: "entailment"}) == (2, 1, 0)
    assert nli_label_indices({0: "LABEL_0", 1: "LABEL_1"}) == (1, 0, None)  # MiniCheck-style binary
    assert nli_label_indices({0: "not_supported", 1: "supported"})[0] == 1


def test_hash_embedder_is_deterministic_and_normalised():
    e = HashEmbedder()
    a = e.encode(["China denied the claims.", "China denied the claims."])
    assert np.allclose(a[0], a[1]) and np.isclose(np.linalg.norm(a[0]), 1.0)


def test_context_pass_reads_a_claim_against_its_joined_evidence(fake_checker):
    # the claim draws on two sentences far apart: no single passage covers it, the joined context does
    source = (
        "The mayor opened the new bridge on Monday. Traffic was light in the morning. "
        "Several shops on the river closed for the day. Local schools stayed open as usual. "
        "Engineers said the bridge cost 40 million dollars."
    )
    work = fake_checker.run(source, "The mayor opened the bridge, which cost 40 million dollars.")
    from groundcheck.pipeline.verify import features

    f = features(work, 0)
    assert len(work.context_nli) == len(work.claims) == 1
    assert f["ctx_entail"] > f["nli_entail"]
    assert f["coverage_doc"] == pytest.approx(1.0)


def test_whole_source_coverage_sees_words_the_source_never_uses(fake_checker):
    work = fake_checker.run("The council approved the budget on Tuesday.", "The council approved the budget after a riot.")
    from groundcheck.pipeline.verify import features

    assert features(work, 0)["coverage_doc"] < 0.8


def test_document_features_aggregate_claims_and_caps():
    from groundcheck.pipeline.document import document_features

    text = {"overlap": 0.75, "novel_2": 0.5}
    f = document_features([{"cos": 0.9, "novel_entities": 0.0}, {"cos": 0.5, "novel_entities": 2.0}], [1.0, 0.1], text)
    assert f["min_cos"] == 0.5 and f["mean_cos"] == pytest.approx(0.7)
    assert f["max_novel_entities"] == 2.0 and f["min_cap"] == 0.1 and f["overlap"] == 0.75 and f["novel_2"] == 0.5
    assert document_features([], [], text) == {}


def test_novel_ngrams_count_new_word_combinations_not_new_words():
    from groundcheck.pipeline.document import novel_ngrams

    source = "The minister denied the report on Friday."
    assert novel_ngrams("The minister denied the report.", [source]) == {"novel_2": 0.0, "novel_3": 0.0, "novel_4": 0.0}
    # the same words, recombined: word overlap is perfect, one bigram and every trigram are new
    swapped = novel_ngrams("The report denied the minister.", [source])
    assert swapped == {"novel_2": pytest.approx(1 / 4), "novel_3": 1.0, "novel_4": 1.0}
    # n-grams may come from any source, and repeats count
    assert novel_ngrams("budget passed budget passed", ["The budget passed.", "Nothing else."], orders=(2,)) == {"novel_2": pytest.approx(1 / 3)}
    # case is ignored; a text shorter than N has no N-gram to be novel
    assert novel_ngrams("THE MINISTER", [source], orders=(2, 3)) == {"novel_2": 0.0, "novel_3": 0.0}


def test_novel_ngrams_agree_with_the_plain_definition_on_a_long_source():
    import random

    from groundcheck.pipeline.document import novel_ngrams
    from groundcheck.pipeline.lexical import words

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(40)]
    source = " ".join(rng.choice(vocab) for _ in range(20_000))
    derived = " ".join(rng.choice(vocab + ["zz"]) for _ in range(300))
    d = [w.lower() for w in words(derived)]
    s = [w.lower() for w in words(source)]
    for n, got in zip((2, 3, 4), novel_ngrams(derived, [source]).values()):
        src = {tuple(s[i : i + n]) for i in range(len(s) - n + 1)}
        grams = [tuple(d[i : i + n]) for i in range(len(d) - n + 1)]
        assert got == pytest.approx(sum(g not in src for g in grams) / len(grams))


def test_irregular_forms_share_a_stem_with_their_lemma():
    from groundcheck.pipeline.document import word_overlap
    from groundcheck.pipeline.lexical import irregular_forms, stem

    assert irregular_forms()  # read from the packaged spaCy model
    assert stem("met") == stem("meeting") == stem("Meets")
    assert stem("told") == stem("tells") and stem("children") == stem("child")
    # a form that is a word family of its own stays with it
    assert stem("wound") == stem("wounded") and stem("founded") == stem("found") and stem("leaves") == stem("leave")
    # a past tense the source puts in the present is not a new word
    assert word_overlap("The envoy met the minister and said so.", ["The envoy is meeting the minister, he says."]) == 1.0
    assert word_overlap("The envoy fled.", ["The envoy is meeting the minister."]) < 1.0


def test_a_country_inside_a_hyphenated_compound_is_the_country():
    from groundcheck.pipeline.lexical import content_stems

    # "the Russia-Ukraine war" names the same countries as "Russia's war on Ukraine"
    assert set(content_stems("the Russia-Ukraine war")) == set(content_stems("Russia's war on Ukraine"))
    assert {"countrycn", "countryus"} <= set(content_stems("China-U.S. talks and EU-China trade"))
    assert "base" in content_stems("a us-based firm")  # lower-case "us" stays the pronoun
    assert "countryus" not in content_stems("Us and them: a film about the war.")  # so does a sentence-initial "Us"
    assert "countryus" in content_stems("US troops left.") and "countryus" in content_stems("US-led talks")


def test_word_overlap_counts_repeats_against_all_sources():
    from groundcheck.pipeline.document import word_overlap

    assert word_overlap("budget budget riot", ["The budget passed."]) == pytest.approx(2 / 3)
    assert word_overlap("riot", ["The budget passed.", "A riot broke out."]) == 1.0
    assert word_overlap("", ["anything"]) == 1.0


def test_closeness_in_meaning_alone_does_not_cover_an_omitted_fact(fake_checker):
    import numpy as np

    from groundcheck.pipeline.report import find_omissions

    source = ("The council approved the new budget on Tuesday after a long debate. "
              "The mayor also met the police union to discuss overtime pay for officers.")
    work = fake_checker.run(source, "The council approved the new budget on Tuesday.")
    assert [v.label for v in work.verdicts] == ["supported"]
    # an embedder that only sees the topic: every sentence is as close as can be to the claim
    same = np.ones(8, dtype=np.float32) / np.sqrt(8)
    work.source_vectors = {i: same for i in range(len(work.source_sentences))}
    work.claim_vectors = np.stack([same])
    omitted = [o.sentence.text for o in find_omissions(work).omissions]
    assert omitted == ["The mayor also met the police union to discuss overtime pay for officers."]


def test_report_carries_a_document_probability(checker):
    source = "The city council approved the new budget on Tuesday after a long debate."
    good = checker.check(source, "The city council approved the new budget on Tuesday.")
    bad = checker.check(source, "Mayor John Smith vetoed the budget in Paris after riots.")
    assert good.p_consistent is not None and bad.p_consistent is not None
    assert good.p_consistent > bad.p_consistent
    assert good.to_dict()["summary"]["p_consistent"] == round(good.p_consistent, 4)


def test_novel_arcs_find_a_relation_the_source_never_states(checker):
    from groundcheck.pipeline.analyze import Analyzer
    from groundcheck.pipeline.document import texts_parse_features

    source = ["The minister met the farmer. The farmer sold cattle."]

    def novel(derived: str) -> float:
        return texts_parse_features(derived, source, Analyzer(checker.models.nlp))["novel_arcs"]

    assert novel("The farmer sold cattle.") == 0.0
    # every word is in the source, but the source never has the minister selling anything
    assert novel("The minister sold the cattle.") == pytest.approx(0.5)


def test_novel_names_flag_a_name_with_a_word_the_source_lacks(checker):
    from groundcheck.pipeline.analyze import Analyzer
    from groundcheck.pipeline.document import texts_parse_features

    source = ["Conor Washington scored twice for Northern Ireland in Belfast on Saturday."]

    def novel(derived: str) -> float:
        return texts_parse_features(derived, source, Analyzer(checker.models.nlp))["novel_names"]

    assert novel("Conor Washington scored twice in Belfast.") == 0.0
    assert novel("Washington scored twice in Belfast.") == 0.0  # part of a name the source gives in full
    # the surname is the source's, the given name is not: a different person, which the entity check lets pass
    assert novel("Ryan Washington scored twice in Belfast.") == 1.0
    assert novel("ryan washington scored twice in belfast on saturday.") == 1.0  # found in lower case too


def test_content_arcs_join_words_across_prepositions(checker):
    from groundcheck.pipeline.document import content_arcs

    nlp = checker.models.nlp
    assert set(content_arcs(nlp("The war for Ukraine ended."))) == set(content_arcs(nlp("The Ukraine war ended."))) != set()
    assert content_arcs(nlp("It was there.")) == []  # no two content words


def test_relation_features_parse_only_sentences_that_could_hold_an_arc(checker):
    from groundcheck.pipeline.document import relation_features
    from groundcheck.pipeline.lexical import content_stems

    nlp = checker.models.nlp
    sources = ["The farmer sold cattle.", "Rain fell all day.", "The minister met the farmer."]
    asked: list[int] = []

    def parse(idx):
        asked.extend(idx)
        return [nlp(sources[i]) for i in idx]

    stems = [frozenset(content_stems(s)) for s in sources]
    f = relation_features([nlp("The farmer sold the cattle.")], stems, parse)
    assert f == {"novel_arcs": 0.0} and asked == [0]
    assert relation_features([nlp("Yes.")], stems, parse) == {"novel_arcs": 0.0}  # nothing to find: no parse


def test_the_document_score_counts_relations_the_source_never_states(checker):
    from groundcheck.pipeline.document import DocumentScorer

    assert DocumentScorer.packaged("heuristic").weights["novel_arcs"] < 0
    source = "The minister met the farmer on Monday. The farmer sold cattle at the market."
    faithful = checker.check(source, "The farmer sold cattle at the market.")
    joined = checker.check(source, "The minister sold cattle at the market.")
    assert joined.p_consistent < faithful.p_consistent


def test_parse_syntax_skips_entities_but_never_hands_parse_a_doc_without_them(checker):
    from groundcheck.pipeline.analyze import Analyzer
    from groundcheck.types import Document, Span

    doc = Document("source", "Angela Merkel met Emmanuel Macron in Paris. They spoke for an hour.")
    first, second = Span(doc, 0, 43), Span(doc, 44, len(doc.text))
    an = Analyzer(checker.models.nlp)
    light = an.parse_syntax([first])[0]
    assert light.ents == () and [t.dep_ for t in light] == [t.dep_ for t in checker.models.nlp(first.text)]
    assert an.parse([first])[0].ents != ()  # the full parse is made and cached on its own
    # what `parse` has cached serves `parse_syntax` too, and a repeated span is parsed once
    assert an.parse_syntax([first])[0].ents != ()
    docs = an.parse_syntax([second, second])
    assert docs[0] is docs[1]


def test_source_stems_are_computed_once_per_check(fake_checker):
    from groundcheck.pipeline.lexical import content_stems

    work = fake_checker.run("The council met. It approved the budget on Tuesday.", "The council approved the budget.")
    stems = work.sentence_stems()
    assert stems is work.sentence_stems()  # retrieval, the document score and omissions share one pass
    assert stems == tuple(tuple(content_stems(s.text)) for s in work.source_sentences)


def test_the_check_function_loads_the_models_once_per_settings(checker, monkeypatch):
    from collections import OrderedDict

    from groundcheck import checker as checker_mod

    loads = []

    def load(settings):
        loads.append(settings.threads)
        return checker.models

    monkeypatch.setattr(checker_mod, "load_models", load)
    monkeypatch.setattr(checker_mod, "_CHECKERS", OrderedDict())
    src, derived = "The council approved the budget on Monday.", "The council approved the budget."
    first, second = (checker_mod.check(src, derived).to_dict() for _ in range(2))
    first.pop("timing"), second.pop("timing")
    assert second == first
    assert len(loads) == 1  # the second call reused the first call's models
    checker_mod.check(src, derived, threads=2)
    checker_mod.check(src, derived, threads=2)
    assert loads == [loads[0], 2]  # other settings load their own models, once
