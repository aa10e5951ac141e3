"""Unit tests for groundcheck.synth on small texts written here (no data files)."""

from __future__ import annotations

import random
import re

import pytest

from groundcheck import synth
from groundcheck.synth import Article, _Ctx

ARTICLE = Article(
    index=3,
    id="t-1",
    text=(
        "Prime Minister Jane Harlow met Tom Becker in Paris on Tuesday to discuss the trade deal.\n"
        "The talks made little progress, according to officials from Britain and France.\n"
        "Becker said: \"We are not ready to sign this agreement in its current form.\"\n"
        "Exports rose 12% to $4.5bn in 2023, the highest level in a decade.\n"
        "The Finance Ministry did not comment on the figures, but analysts expect a deal by March.\n"
        "Harlow, the leader of the Labour Party, won the election in May with 54 percent of the vote.\n"
        "Officials from Acme Corp and the World Bank are expected to attend the next round of talks.\n"
    ),
)


@pytest.fixture(scope="module")
def nlp():
    return synth.get_nlp()


@pytest.fixture(scope="module")
def sents(nlp):
    return synth._analyse(ARTICLE, nlp)


def _ctx(sents):
    return _Ctx(sents=sents, pool=synth._pool(sents), evidence="")


def _find(sents, needle):
    return next(s for s in sents if needle in s.text)


def test_split_sentences():
    s = synth.split_sentences("One sentence here. Another one follows!\n\nA new paragraph.")
    assert s == ["One sentence here.", "Another one follows!", "A new paragraph."]


def test_test_split_rule():
    assert synth.is_test_article(0) and synth.is_test_article(30)
    assert not synth.is_test_article(3)
    arts = [Article(i, f"a{i}", ARTICLE.text) for i in range(4)]
    assert {p.article_id for p in synth.make_pairs(arts, seed=1, split="test", per_article=3)} <= {"a0"}
    assert "a0" not in {p.article_id for p in synth.make_pairs(arts, seed=1, split="train", per_article=3)}


def test_deterministic(nlp):
    arts = [Article(i, f"a{i}", ARTICLE.text) for i in range(1, 4)]
    a = list(synth.make_pairs(arts, seed=7, per_article=6, nlp=nlp))
    b = list(synth.make_pairs(arts, seed=7, per_article=6, nlp=nlp))
    c = list(synth.make_pairs(arts, seed=8, per_article=6, nlp=nlp))
    assert a == b and len(a) > 0
    assert a != c


def test_labels_and_evidence(nlp):
    arts = [Article(i, f"a{i}", ARTICLE.text) for i in range(1, 6)]
    pairs = list(synth.make_pairs(arts, seed=3, per_article=10, nlp=nlp))
    assert pairs
    for p in pairs:
        assert p.label3 == synth.LABEL_OF[p.error_type]
        assert p.label3 in synth.LABELS
        assert p.claim and p.evidence
        # evidence is 1-3 consecutive source sentences from the article
        assert p.evidence in " ".join(synth.split_sentences(ARTICLE.text))
        if p.label3 == "contradiction" or p.error_type == "fabricated_entity":
            assert p.claim.strip() != p.original.strip()
        if p.error_type == "copy":
            assert p.claim in p.evidence


def test_entity_swap_uses_same_article(sents):
    s = _find(sents, "Prime Minister")
    out = synth.corrupt_entity(s, _ctx(sents), random.Random(0))
    assert out and out != s.text
    pool = {n for names in synth._pool(sents).values() for n in names}
    assert any(n in out and n not in s.text for n in pool)


def test_role_moves_title(sents):
    s = _find(sents, "the leader of the Labour Party")
    out = synth.corrupt_role(s, _ctx(sents), random.Random(0))
    assert out is not None
    assert out.endswith("the leader of the Labour Party, won the election in May with 54 percent of the vote.")
    assert not out.startswith("Harlow")


def test_number_changes_a_number(sents):
    s = _find(sents, "Exports rose")
    for seed in range(5):
        out = synth.corrupt_number(s, _ctx(sents), random.Random(seed))
        assert out and out != s.text
        nums = lambda t: re.findall(r"\d+(?:\.\d+)?", t)  # noqa: E731
        assert nums(out) != nums(s.text)


def test_date_changes_a_date(sents):
    s = _find(sents, "on Tuesday")
    out = synth.corrupt_date(s, _ctx(sents), random.Random(1))
    assert out and out != s.text
    assert "Tuesday" not in out or re.search(r"\b(19|20)\d\d\b", out)


def test_negation_flips(sents):
    s = _find(sents, "did not comment")
    out = synth.corrupt_negation(s, _ctx(sents), random.Random(0))
    assert out and "did comment" in out
    s2 = _find(sents, "Officials from Acme")
    out2 = synth.corrupt_negation(s2, _ctx(sents), random.Random(0))
    assert out2 and " not " in out2


def test_outcome_flips(sents):
    s = _find(sents, "won the election")
    out = synth.corrupt_outcome(s, _ctx(sents), random.Random(0))
    assert out and "lost the election" in out


def test_quote_altered_changes_inside_quote(sents):
    s = _find(sents, "We are not ready")
    out = synth.corrupt_quote_altered(s, _ctx(sents), random.Random(0))
    assert out and out != s.text
    assert out.startswith("Becker said:")  # outside of the quote untouched


def test_quote_speaker_changes_speaker(sents):
    s = _find(sents, "We are not ready")
    out = synth.corrupt_quote_speaker(s, _ctx(sents), random.Random(0))
    assert out and not out.startswith("Becker")
    assert out.endswith('"We are not ready to sign this agreement in its current form."')


def test_fabricated_entity_not_in_article(sents):
    s = _find(sents, "Officials from Acme")
    out = synth.corrupt_fabricated_entity(s, _ctx(sents), random.Random(0))
    assert out
    added = [n for names in synth.FAKE_NAMES.values() for n in names if n in out]
    assert added and all(n not in ARTICLE.text for n in added)


def test_supported_rewrites():
    rng = random.Random(0)
    m = synth.merge("The talks ended.", "They will resume in May.", rng)
    assert "talks ended" in m and "resume in May" in m
    c = synth.split_clause("The talks ended on Friday, but officials said they will resume in May.", rng)
    assert c and len(c.split()) >= 5
    p = synth.paraphrase("However, the minister said the plan (announced in 2020) would work.", random.Random(0))
    assert p and p != "However, the minister said the plan (announced in 2020) would work."


# Each corruption must carry the one error its label names: a swapped titled person is a role
# error, a change inside quotation marks a quote_altered one, an age is not a date, and a
# quote's speaker is the subject of the speech verb, not its listener.
STRICT = Article(
    index=5,
    id="t-2",
    text=(
        "Coach Maria Lopez told reporters on Friday: \"We scored 3 goals against Leeds and we did not deserve to lose.\"\n"
        "The 30-year-old striker Ben Adams joined Leeds from Chelsea in a deal worth 12 million pounds.\n"
        "Ben Adams told Sky Sports: \"I have never felt better and I will play on Sunday.\"\n"
        "Officials from Leeds and Chelsea met in London to agree the fee.\n"
        "The Leeds manager (right) embraces Tom Hill (left) after the final whistle at Elland Road.\n"
    ),
)


@pytest.fixture(scope="module")
def strict(nlp):
    return synth._analyse(STRICT, nlp)


def test_corruptions_leave_quotations_alone(strict):
    s = _find(strict, "We scored 3 goals")
    quoted = s.text[s.text.index('"'):]
    for seed in range(6):
        for fn in (synth.corrupt_number, synth.corrupt_negation, synth.corrupt_entity, synth.corrupt_fabricated_entity):
            out = fn(s, _ctx(strict), random.Random(seed))
            assert out is None or out.endswith(quoted), (fn.__name__, out)


def test_entity_swap_leaves_titled_people_to_the_role_corruption(strict):
    s = _find(strict, "Coach Maria Lopez")
    for seed in range(6):
        out = synth.corrupt_entity(s, _ctx(strict), random.Random(seed))
        assert out is None or "Coach Maria Lopez" in out
    assert synth.corrupt_role(s, _ctx(strict), random.Random(0)) is not None


def test_an_age_is_not_a_date(strict):
    s = _find(strict, "30-year-old")
    for seed in range(6):
        out = synth.corrupt_date(s, _ctx(strict), random.Random(seed))
        assert out is None or "30-year-old" in out


def test_quote_speaker_replaces_the_speaker_not_the_listener(strict):
    s = _find(strict, "Sky Sports")
    for seed in range(4):
        out = synth.corrupt_quote_speaker(s, _ctx(strict), random.Random(seed))
        assert out is not None and "told Sky Sports" in out and not out.startswith("Ben Adams")


def test_a_title_must_stand_next_to_the_name(strict):
    s = _find(strict, "embraces Tom Hill")
    assert synth.corrupt_role(s, _ctx(strict), random.Random(0)) is None


def test_entity_swap_leaves_a_quotations_speaker_to_the_quote_speaker_corruption(strict):
    s = _find(strict, "Sky Sports")
    for seed in range(6):
        out = synth.corrupt_entity(s, _ctx(strict), random.Random(seed))
        assert out is None or out.startswith("Ben Adams told")


def test_supported_paraphrases_and_outcome_flips_leave_quotations_alone():
    text = "The coach said \u2018we played the best football of the season (sic) and won the cup\u2019 after the final whistle."
    quoted = text[text.index("\u2018"): text.index("\u2019") + 1]
    for seed in range(8):
        out = synth.paraphrase(text, random.Random(seed))
        assert out is None or quoted in out
    s = synth._Sent(text=text)
    assert synth.corrupt_outcome(s, _Ctx(sents=[s], pool={}, evidence=""), random.Random(0)) is None


def _article(nlp, id_: str, text: str):
    """The analysed sentences of a small test article (one paragraph per line)."""
    return synth._analyse(Article(index=5, id=id_, text=text), nlp)


def test_a_title_inside_the_name_or_in_a_long_apposition_makes_a_role_not_a_quote_speaker_error(nlp):
    sents = _article(nlp, "t-3", (
        "Dr Kidson-Gerber added: \"If we had waited she would surely have died.\"\n"  # tagged ORG
        "\"Foley went to Syria to bear witness,\" Sandra Rowe, the group's chair, said in a statement.\n"
        "Doctors treated Ben Adams and Tom Hill at the hospital.\n"
    ))
    for needle in ("Kidson-Gerber", "Sandra Rowe"):
        s = _find(sents, needle)
        assert any(needle in txt for _, _, txt in synth._title_person(s)), needle


def test_entity_swap_leaves_a_group_that_speaks_a_quotation_alone(nlp):
    sents = _article(nlp, "t-4", (
        "Ronny Deila called it the worst afternoon of his career at Celtic Park.\n"
        "\u2018I sat and stared at the walls for hours,\u2019 said the Norwegian of the aftermath.\n"
        "The Scottish club lost to Inverness and the English side drew with Leeds.\n"
    ))
    s = _find(sents, "stared at the walls")
    for seed in range(6):
        out = synth.corrupt_entity(s, _ctx(sents), random.Random(seed))
        assert out is None or "said the Norwegian" in out


def test_a_speaker_of_a_quotation_running_over_sentences_is_left_to_the_quote_speaker_kind(nlp):
    sents = _article(nlp, "t-5", (
        "The prosecutor showed a picture of Dzhokhar Tsarnaev and his brother in the crowd.\n"
        "The day of the bombings, Chakravarty said, \"they felt they were soldiers.\n"
        "They were the mujahedeen and they were bringing the fight home,\" he added.\n"
    ))
    s = _find(sents, "felt they were soldiers")
    assert any("Chakravarty" in e[3] for e in synth._speakers(s))


def test_a_quoted_term_does_not_make_its_sentence_a_quotation_with_a_speaker(nlp):
    sents = _article(nlp, "t-6", (
        "Diane Morris claims her life with Mike Holpin is 'great' and has brushed off the rumours.\n"
        "Ms Morris said: 'I was overjoyed when he proposed but we haven't set a date yet.\n"
    ))
    assert synth._speakers(_find(sents, "is 'great'")) == []
    assert any("Morris" in e[3] for e in synth._speakers(_find(sents, "overjoyed")))


def _sent(nlp, text):
    doc = nlp(text)
    return synth._Sent(text=text, ents=[(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents], doc=doc)


def test_compress_drops_adjuncts_and_their_commas(nlp):
    s = _sent(nlp, "Michael Howard, who had been due to welcome delegates on Friday, will address them in a "
                   "lunchtime speech.")
    outs = {synth.compress(s, random.Random(i)) for i in range(12)} - {None}
    assert "Michael Howard will address them in a lunchtime speech." in outs
    for out in outs:
        assert len(out.split()) < len(s.text.split())
        assert ",," not in out and " ," not in out and not re.search(r"[a-z][A-Z]", out)
        # every word kept is the source's, in the source's order
        words = re.findall(r"\w+", s.text)
        it = iter(words)
        assert all(w in it for w in re.findall(r"\w+", out))


def test_compress_refuses_where_the_shorter_sentence_would_not_follow(nlp):
    for text in ("He did not win the race in Paris in 2010, officials said on Monday.",
                 "The minister will resign if the vote goes against her in the spring.",
                 "Only three players scored in the final on Sunday.",
                 'She said: "We will win the league in May, whatever happens."'):
        assert all(synth.compress(_sent(nlp, text), random.Random(i)) is None for i in range(8)), text


def test_add_detail_adds_words_the_article_lacks(nlp):
    text = "Jane Harlow said the government would publish its plans for the railways."
    s = _sent(nlp, text)
    article = text + " The plans are due to be published in the spring, said Jane Harlow."
    outs = {synth.add_detail(s, article, random.Random(i)) for i in range(30)} - {None}
    assert len(outs) >= 5
    for out in outs:
        new = set(re.findall(r"[a-z0-9]+", out.lower())) - set(re.findall(r"[a-z0-9]+", article.lower()))
        assert new, out  # something the article does not say
        assert out.endswith(".")
    assert any(re.match(r"Jane Harlow, (\d+|a [a-z ]+), said", o) for o in outs)  # an apposition on the speaker


def test_add_detail_leaves_quotations_and_one_word_names_alone(nlp):
    assert synth.add_detail(_sent(nlp, 'Becker said: "We are ready."'), "x", random.Random(1)) is None
    s = _sent(nlp, "Ray has been nominated in six Oscar categories including best film.")
    for i in range(20):
        out = synth.add_detail(s, s.text, random.Random(i))
        assert out is None or not re.search(r"Oscar, (\d+|a [a-z ]+),", out)


def test_summary_mix_pairs_are_labelled_by_kind(nlp):
    arts = [Article(i, f"a{i}", ARTICLE.text) for i in range(1, 6)]
    pairs = list(synth.make_pairs(arts, seed=4, split="train", per_article=6, nlp=nlp,
                                  mix={"compress": 0.5, "extra_detail": 0.5}))
    kinds = {p.error_type for p in pairs}
    assert kinds == {"compress", "extra_detail"}
    for p in pairs:
        assert p.label3 == ("entailment" if p.error_type == "compress" else "neutral")
        assert p.claim != p.original and p.original in ARTICLE.text
