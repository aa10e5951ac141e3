import pytest

from groundcheck.errors import InputError
from groundcheck.ingest import decode, find_boilerplate, looks_english, make_document
from groundcheck.types import Document


def test_utf8_roundtrip_keeps_text_exactly():
    text = "Xi told Reuters, \u201cThis is it.\u201d Caf\u00e9 \u2013 na\u00efve.\r\nNext line."
    assert decode(text.encode("utf-8"), "x") == text


def test_latin1_is_refused_with_position():
    with pytest.raises(InputError) as e:
        decode("Caf\u00e9 au lait".encode("latin-1"), "menu.txt")
    assert e.value.code == "GC102"
    assert "offset 3" in str(e.value) and "menu.txt" in str(e.value)


def test_binary_is_refused():
    with pytest.raises(InputError) as e:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.png")
    assert e.value.code == "GC103"


def test_bom_keeps_offsets():
    text = decode("\ufeffHello world.".encode("utf-8"), "x")
    assert len(text) == len("\ufeffHello world.") and text.endswith("Hello world.")


def test_empty_and_oversized_and_foreign():
    with pytest.raises(InputError) as e:
        make_document("  \n ", "source", "source", limit=100, limit_option="--x")
    assert e.value.code == "GC101"
    with pytest.raises(InputError) as e:
        make_document("a" * 101, "source", "source", limit=100, limit_option="--max-source-chars")
    assert e.value.code == "GC105" and "--max-source-chars" in str(e.value)
    german = "Der Au\u00dfenminister traf sich am Freitag mit seinem Kollegen in Peking und sprach \u00fcber die Lage."
    with pytest.raises(InputError) as e:
        make_document(german, "source", "source", limit=10_000, limit_option="--x")
    assert e.value.code == "GC107"
    doc = make_document(german, "source", "source", limit=10_000, limit_option="--x", allow_any_language=True)
    assert doc.text == german


def test_short_english_with_few_function_words_is_not_refused():
    for claim in ("Senator Obama's health care plan covers everyone.",
                  "those who receive centrelink payments made up half of radio rental's income last year."):
        ok, why = looks_english(claim)
        assert ok and "function words" in why


def test_another_language_is_named_in_the_refusal():
    welsh = "Roedd Mr Jones yn ymgyrchu i Brydain adael yr UE cyn y refferendwm y llynedd."
    french = "Le ministre a rencontr\u00e9 vendredi son homologue chinois \u00e0 P\u00e9kin pour parler de la situation."
    assert looks_english(welsh) == (False, "Welsh")
    with pytest.raises(InputError) as e:
        make_document(french, "derived", "derived", limit=10_000, limit_option="--x")
    assert e.value.code == "GC107" and "French" in str(e.value)


def test_without_a_language_identifier_the_function_words_decide(monkeypatch):
    from groundcheck import ingest

    monkeypatch.setattr(ingest, "_detector", lambda: None)
    assert looks_english("Senator Obama's health care plan covers everyone.") == (False, "0% English function words")


def test_english_detection_accepts_news():
    ok, _ = looks_english("Chinese President Xi Jinping in his meeting with Blinken reiterated the concerns of the government.")
    assert ok


def test_boilerplate_spans_slice_the_original_text():
    text = (
        "WASHINGTON (Reuters) - The talks ended on Friday. (Image: AP)\n"
        "By Jane Doe\n"
        "Photo: Getty Images\n"
        "Officials said little progress was made. (Photo: Reuters)\n"
    )
    doc = Document("s", text)
    spans = find_boilerplate(doc)
    got = {(b.kind, b.text.strip()) for b in spans}
    assert ("credit", "(Image: AP)") in got
    assert ("credit", "(Photo: Reuters)") in got
    assert ("byline", "By Jane Doe") in got
    assert ("credit", "Photo: Getty Images") in got
    assert any(k == "dateline" and t.startswith("WASHINGTON (Reuters)") for k, t in got)
    for b in spans:
        assert text[b.start : b.end] == b.text
