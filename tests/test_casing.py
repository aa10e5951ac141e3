"""Capitals restored to lower-cased texts before analysis (pipeline/casing.py)."""

from __future__ import annotations

import pytest

from groundcheck.pipeline.casing import casing_table, lexicon, lower_cased, restore_case, restore_texts

SOURCE = (
    "Gateshead have not lost in nine National League matches. Guiseley went ahead when James Hurst "
    "squared to Jake Lawlor. Gateshead drew 1-1 with Guiseley on Saturday."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("gateshead drew with guiseley on saturday in the league.", True),
        ("Gateshead drew with guiseley on saturday.", True),  # capitals only where sentences start
        ("Gateshead drew with Guiseley on Saturday.", False),
        ("a draw.", False),  # too few words to tell a lower-cased text from one without names
        ("", False),
    ],
)
def test_lower_cased(text, expected):
    assert lower_cased(text) is expected


def test_casing_table_reads_forms_away_from_sentence_starts():
    table = casing_table(["The talks ended. Talks resume when NATO meets.", "the talks in Paris and paris"])
    assert table["nato"] == "NATO"
    assert table["talks"] == "talks"  # "Talks" is capitalised only where a sentence starts
    assert "resume" not in casing_table(["Resume."])
    # a tie between "Paris" and "paris" goes to the lower-case form: the table may not depend on order
    assert table["paris"] == "paris"
    assert casing_table(["the talks in paris and Paris"]) == casing_table(["the talks in Paris and paris"])


def test_restore_case_keeps_length_and_letters():
    text = "gateshead drew with guiseley. then i said: 'nato is here.'\nstraße und ß."
    out = restore_case(text, [casing_table([SOURCE]), {"nato": "NATO", "strasse": "STRASSE"}])
    assert len(out) == len(text) and out.lower() == text.lower()
    assert out.startswith("Gateshead drew with Guiseley. Then I said: 'NATO is here.'\nStraße")


def test_restore_texts_prefers_the_sources_casing_over_the_lexicon():
    src, der = restore_texts([SOURCE], "guiseley drew with gateshead and jake lawlor scored in edinburgh.")
    assert src == [SOURCE]  # a source with capitals is left alone
    assert der == "Guiseley drew with Gateshead and Jake Lawlor scored in Edinburgh."
    assert lexicon()["edinburgh"] == "Edinburgh"  # a name the source lacks comes from the packaged lexicon
    # a word the source writes in lower case keeps it, whatever the lexicon says
    assert "march" in lexicon()
    assert restore_texts(["Protesters began a march on Sunday."], "the march began on sunday in the city.")[1] == (
        "The march began on Sunday in the city."
    )


def test_a_lower_cased_rewrite_is_checked_with_capitals_and_quoted_as_read(checker):
    derived = "gateshead drew with guiseley in edinburgh. jake lawlor scored for guiseley."
    report = checker.check(SOURCE, derived)
    assert report.derived.text == derived
    assert any("lower case" in w for w in report.warnings)
    assert [v.claim.text for v in report.claims] == [
        "gateshead drew with guiseley in edinburgh.",
        "jake lawlor scored for guiseley.",
    ]
    for v in report.claims:
        assert v.claim.doc is report.derived and derived[v.claim.start : v.claim.end] == v.claim.text
        for e in v.evidence:
            assert e.passage.doc is report.sources[0]
    assert report.claims[0].error_type == "fabricated_entity"  # "Edinburgh", found only by its capital

    off = checker.__class__(checker.settings.model_copy(update={"restore_case": False}), models=checker.models)
    plain = off.check(SOURCE, derived)
    assert not any("lower case" in w for w in plain.warnings)
    assert all(v.error_type != "fabricated_entity" for v in plain.claims)


def test_two_sources_with_one_name_each_keep_their_own_text(checker):
    upper = "Gateshead drew 1-1 with Guiseley on Saturday in the National League."
    lower = "the match report said the crowd was small and the pitch was heavy after the rain."
    report = checker.check([upper, lower], "gateshead drew with guiseley. the pitch was heavy.", source_ids=["report", "report"])
    assert [d.text for d in report.sources] == [upper, lower]
    for v in report.claims:
        for e in v.evidence:
            assert e.passage.doc.text in (upper, lower) and e.passage.doc.text[e.passage.start : e.passage.end] == e.passage.text
