from groundcheck.ingest import find_boilerplate
from groundcheck.pipeline.segment import segment
from groundcheck.types import Document


def sents(text: str) -> list[str]:
    doc = Document("d", text)
    out = segment(doc, find_boilerplate(doc))
    for s in out:
        assert text[s.start : s.end] == s.text  # offsets are into the text as given
    return [s.text for s in out]


def test_abbreviations_do_not_split():
    assert sents("Mr. Blinken met Wang Yi on Fri. Jan. 5 in the U.S. capital. He left.") == [
        "Mr. Blinken met Wang Yi on Fri. Jan. 5 in the U.S. capital.",
        "He left.",
    ]


def test_a_title_abbreviation_opening_a_sentence_stays_with_its_name():
    assert sents("Sen. Harlan attacked the budget. Sen. Edwards criticized it. Gov. Hale left.") == [
        "Sen. Harlan attacked the budget.",
        "Sen. Edwards criticized it.",
        "Gov. Hale left.",
    ]


def test_headline_without_full_stop_is_its_own_sentence():
    text = "Blinken pins China over Russia\n\nChinese President Xi Jinping met Blinken. They talked."
    out = segment(Document("d", text))
    assert [s.text for s in out] == ["Blinken pins China over Russia", "Chinese President Xi Jinping met Blinken.", "They talked."]
    assert out[0].kind == "heading" and out[1].kind == "content"


def test_bullets_drop_their_markers():
    text = "Key points:\n- Exports fell 5% in March\n* Imports rose\n1. Talks resume in May"
    out = segment(Document("d", text))
    assert [s.text for s in out][1:] == ["Exports fell 5% in March", "Imports rose", "Talks resume in May"]
    assert all(s.kind == "bullet" for s in out[1:])


def test_quote_spanning_sentences_stays_together():
    text = "Xi told Reuters, \u201cThis is fundamental. It must be put right.\u201d Blinken left."
    assert sents(text) == ["Xi told Reuters, \u201cThis is fundamental. It must be put right.\u201d", "Blinken left."]


def test_credits_are_set_aside():
    text = "The meeting lasted five hours. (Image: AP)\nChina denied the claims. (Image: Reuters)"
    assert sents(text) == ["The meeting lasted five hours.", "China denied the claims."]


def test_crlf_and_unicode_offsets():
    text = "Caf\u00e9 owners protested.\r\nThe na\u00efve plan failed \u2014 again."
    assert sents(text) == ["Caf\u00e9 owners protested.", "The na\u00efve plan failed \u2014 again."]


def test_punctuation_only_text_has_no_sentences():
    assert sents("... --- !!!") == []
