"""Entities: names the source never mentions (fabricated) and names swapped for another one.

A person is found in the source by any distinctive part of the name ("Blinken" finds "Antony
Blinken"); a country by any of its forms ("the US" = "United States" = "American"); an
organisation by its name or its acronym. A missing person or organisation is decisive; a missing
place or nationality only weighs on the score, since sources name places in more ways than a
list can hold.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from .base import DECISIVE, ClaimContext, SourceIndex, quote, register
from ..pipeline.aliases import COUNTRY_FORMS, US_STATES
from .names import TITLE_WORDS, acronym, clean, country, loose_pattern, name_parts, name_words, same_name_forms, same_person
from .quotes import _QUOTED, MIN_WORDS, SPEECH
from ..pipeline.lexical import content_stems

CONFIDENCE = {
    "PERSON": 0.9,
    "ORG": 0.8,
    "FAC": 0.8,
    "EVENT": 0.8,
    "PRODUCT": 0.8,
    "WORK_OF_ART": 0.8,
    "LAW": 0.8,
    "GPE": 0.6,
    "LOC": 0.6,
    "NORP": 0.5,
}
SWAP_MIN_COVERAGE = 0.6
_PLACES = frozenset({"GPE", "LOC", "NORP"})
NAMED = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}


def in_source(index: SourceIndex, text: str, label: str) -> bool:
    name = clean(text)
    if not name:
        return True
    c = country(name)
    if c is not None:
        return any(index.mentions(form, case=False) for form in COUNTRY_FORMS[c])
    if index.mentions(name, case=False) or re.search(loose_pattern(name), index.text, re.I):
        return True
    words = name.split()
    # a short form of a name of several words ("West Brom" for "West Bromwich Albion"); one clipped word
    # alone ("Man") would find too much
    if len(words) >= 2 and all(len(w) >= 3 for w in words) and re.search(loose_pattern(name, short=True), index.text):
        return True
    if label == "PERSON":
        return any(index.mentions(p) for p in name_parts(name))
    ac = acronym(name)
    if ac and index.mentions(ac):
        return True
    caps = [w for w in name.split() if w[:1].isupper() and len(w) > 2]
    if len(caps) >= 2:
        found = sum(1 for w in caps if index.mentions(w))
        return found / len(caps) >= 2 / 3
    return False


_SCORE = re.compile(r"[\d.,:\-\u2013]+")


@register("entities")
def check_entities(ctx: ClaimContext) -> list:
    out = []
    index = ctx.index
    for ent in ctx.claim_ents():
        label = ent.label_
        if label not in CONFIDENCE:
            continue
        # the small NER model sometimes pulls a sentence-initial verb or adverb into a name
        # ("Pondering China"); keep the name-like core only
        toks = list(ent)
        while toks and toks[0].pos_ not in {"PROPN", "NOUN", "NUM", "ADJ"} and label not in {"NORP", "GPE"}:
            toks.pop(0)
        # and sometimes a score or a bracket after it ("Liverpool 2-0", "Chelsea (H"): not part of the name
        for k, t in enumerate(toks):
            if k and t.text in {"(", "["}:
                del toks[k:]
                break
        while toks and _SCORE.fullmatch(toks[-1].text):
            toks.pop()
        if not toks or not any(ch.isupper() for t in toks for ch in t.text):
            continue
        if clean(ent.text).lower() in STOP_WORDS:
            continue  # a pronoun the model took for a name ("It\\" in text with escaped quotes)
        if toks[0].i != ent.start or toks[-1].i + 1 != ent.end:
            from spacy.tokens import Span as SpacySpan

            ent = SpacySpan(ent.doc, toks[0].i, toks[-1].i + 1, label=label)
        if in_source(index, ent.text, label):
            other = (_other_bearer(ctx, ent) or _other_surname(ctx, ent)) if label == "PERSON" else None
            out.extend([other] if other is not None else _swap(ctx, ent))
            continue
        conf = CONFIDENCE[label]
        if conf < DECISIVE and label in _PLACES:
            replaced = _place_replaced(ctx, ent)
            if replaced is not None:
                out.append(replaced)
                continue
        kind = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "NORP": "group"}.get(label, "name")
        out.append(
            ctx.finding(
                "entities",
                "fabricated_entity",
                "unsupported",
                f"The {kind} \u201c{clean(ent.text)}\u201d is not mentioned anywhere in the source.",
                at=(ent.start_char, ent.end_char),
                confidence=conf,
            )
        )
    if not any(f.error_type in ("entity", "role", "fabricated_entity", "quote_speaker") for f in out):
        out.extend(_edited_name(ctx))
    return out


def _other_bearer(ctx: ClaimContext, ent):
    """A finding when the source gives the claim's surname only to someone with another given name
    ("Ryan Washington" where the source has "Conor Washington" and no Ryan): another person, whom
    `in_source` takes for this one because a part of the name matches. Initials and given names that
    begin one another ("Chris" / "Christopher") are taken for the same person."""
    parts = name_parts(ent.text)
    if len(parts) < 2:
        return None
    given, surname = parts[0], parts[-1]
    if len(given) < 3 or ctx.index.mentions(given, case=False):
        return None
    g = given.lower()

    def differs(other: str) -> bool:
        other = other.lower()
        return other not in TITLE_WORDS and not other.startswith(g) and not g.startswith(other)

    return _named_instead(ctx, ent, surname, r"([A-Z][a-z]+)\s+" + re.escape(surname), differs)


def _other_surname(ctx: ClaimContext, ent):
    """A finding when the claim's given name stands in the source only with another surname ("Bob Dylan's
    paintings" where the source has "Bob Ross" and no Dylan): the mirror of `_other_bearer`. A surname
    spelled another way ("Zelensky" / "Zelenskyy") is the same person."""
    import difflib

    parts = name_parts(ent.text)
    if len(parts) < 2:
        return None
    given, surname = parts[0], parts[-1]
    if len(given) < 3 or len(surname) < 3 or not given[:1].isupper() or ctx.index.mentions(surname, case=False):
        return None
    b = surname.lower()

    def differs(other: str) -> bool:
        a = other.lower()
        return not (a.startswith(b) or b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.7)

    return _named_instead(ctx, ent, given, re.escape(given) + r"\s+([A-Z][a-z]+)", differs)


def _named_instead(ctx: ClaimContext, ent, kept: str, pattern: str, differs):
    """The finding that the source names someone else: the first match of `pattern` (its group: the other
    part of the name) in a source sentence holding `kept`, for which `differs(other part)`, and which is one
    person's name there ("Lake Washington" is not)."""
    index = ctx.index
    pat = re.compile(r"(?<![\w])" + pattern + r"(?![\w])")
    for i in index.containing(kept):
        for m in pat.finditer(index.sentences[i].text):
            if not differs(m.group(1)):
                continue
            p = index.parsed([i])[0]
            if any(e.label_ == "PERSON" and e.start_char <= m.start() and m.end() <= e.end_char for e in p.doc.ents):
                theirs = " ".join(m.group(0).split())
                return ctx.finding(
                    "entities",
                    "entity",
                    "contradicted",
                    f"The source names \u201c{theirs}\u201d, not \u201c{clean(ent.text)}\u201d: \u201c{quote(p.span.text, 120)}\u201d",
                    at=(ent.start_char, ent.end_char),
                    source=p.abs(m.start(), m.end()),
                    confidence=0.8,
                )
    return None


def _edited_name(ctx: ClaimContext) -> list:
    """A near-copy of a source sentence in which a name was replaced by other capitalised words:
    "according to the CDC" -> "according to the Fry". The small NER model often misses the new
    name (or tags it with another type), so the claim is aligned with the sentence word by word
    (`ClaimContext.edits`) and a replaced source entity is reported whatever the claim side was tagged."""
    for ed in ctx.edits():
        best, new_words = ed.passage, ed.new_words
        if ed.i2 - ed.i1 > 5 or len(new_words) > 5 or not any(w[:1].isupper() for w in new_words):
            continue
        old, new = " ".join(ed.words[ed.i1: ed.i2]), " ".join(new_words)
        ents = [e for e in best.doc.ents if e.label_ in NAMED and _overlaps_words(e.text, old)]
        if not ents:
            # the small NER model misses some one-word names ("Jol said: ..."); a speaker's is still a name
            e = _unnamed_speaker(best.doc, list(ed.words[ed.i1: ed.i2]))
            if e is None or not _quoting(ctx.claim.text):
                continue
            ents = [e]
        e = ents[0]
        if _same(e.text, new, e.label_) or (e.label_ == "PERSON" and same_person(e.text, new)):
            continue  # an alias ("Britain" / "UK") or another form of the same name
        if _describes(e) and e.root.head.text in ed.words[ed.i1: ed.i2]:
            continue  # a description replaced by a name: "The Tottenham striker is nominated" -> "Kane is nominated"
        if country(new) is not None and country(e.text) is None and e.label_ != "NORP":
            continue  # a name replaced by a nationality: "the former Atletico Madrid striker" -> "the Colombian striker"
        if set(name_words(e.text)) & set(name_words(new)):
            # the name kept and words added around it ("Steve Bruce" -> "Hull manager Steve"), or only its
            # spacing changed ("FC Tokyo's" -> "fc tokyo 's")
            continue
        short = [w.strip(".").lower() for w in new_words if w.strip(".")]
        if short and len(short) <= len(old.split()) and all(o.lower().startswith(n) for n, o in zip(short, old.split())):
            continue  # initials or short forms of the words they stand for ("Conor" -> "C." or "Con")
        if not any(w[:1].isupper() and not _common(ctx.index, w) for w in new_words):
            continue  # only a capitalised common word ("Her body", "Health chiefs" at a sentence start)
        title = _title_around(list(ed.words), ed.i1, ed.i2) if e.label_ == "PERSON" else ""
        if title and in_source(ctx.index, new, "PERSON"):
            kind = "role"  # the title stays and the name under it changes
        elif not in_source(ctx.index, new, e.label_):
            kind = "fabricated_entity"  # invented, not swapped for another of the source's names
        elif _quoting(ctx.claim.text) and _speaks_a_quotation(e):
            kind = "quote_speaker"
        else:
            kind = "entity"
        return [_replacement(ctx, kind, e, new, best, ed.at, title)]
    return []


def _unnamed_speaker(doc, old_words: list[str]):
    """The replaced words as a PERSON span of the source sentence when they are proper nouns that speak
    a quotation there; None otherwise."""
    from spacy.tokens import Span as SpacySpan

    wanted = set(old_words)
    toks = [t for t in doc if t.text in wanted and t.pos_ == "PROPN"]
    if not toks or toks[-1].i - toks[0].i + 1 != len(toks):
        return None
    span = SpacySpan(doc, toks[0].i, toks[-1].i + 1, label="PERSON")
    return span if _speaks_a_quotation(span) else None


def _title_around(words: list[str], i1: int, i2: int) -> str:
    """A role word that the near-copy keeps next to the replaced name: right before it ("Sen.
    Edwards", "Barcelona star Messi") or in an apposition after it ("Miller, head of ...")."""
    from .roles import ROLE_WORDS

    def role(w: str) -> bool:
        return w.lower() in ROLE_WORDS or w.lower().rstrip(".") in ROLE_WORDS

    for w in reversed(words[max(0, i1 - 3): i1]):
        if role(w):
            return w
        if not w[:1].isalpha():
            break
    if i2 < len(words) and words[i2] == ",":
        for w in words[i2 + 1: i2 + 7]:
            if role(w):
                return w
            if not w[:1].isalpha():
                break
    return ""


def _common(index: SourceIndex, word: str) -> bool:
    """A word the source writes in lower case (or a stop word): capitalised here only by position."""
    low = word.lower()
    return low in STOP_WORDS or index.mentions(low)


def _overlaps_words(entity: str, text: str) -> bool:
    ew = {w.lower() for w in entity.split()}
    return bool(ew & {w.lower() for w in text.split()})


def _swap(ctx: ClaimContext, ent) -> list:
    """The sentence that best matches the rest of the claim names a different entity of the same
    type, and not this one: "Police arrested Mary Jones" against "Police arrested John Smith"."""
    found = _rival(ctx, ent, across_types=True, same_slot=True)
    if found is None:
        return []
    e, best = found
    title = _shared_title(ent, e)
    # the source sentence is parsed as written, the claim's may be parsed worse around the new name
    speaks = _speaks_a_quotation(ent) or (_quoting(ctx.claim.text) and _speaks_a_quotation(e))
    kind = "role" if title else "quote_speaker" if speaks else "entity"
    return [_replacement(ctx, kind, e, ent.text, best, (ent.start_char, ent.end_char), title)]


def _place_replaced(ctx: ClaimContext, ent):
    """A place or group the source never mentions, standing where the sentence that best matches the
    rest of the claim has another of the same kind: "the invasion of Poland" against "the invasion of
    Ukraine", "a Canadian who fell" against "an American who fell". Alone, an unmentioned place only
    weighs on the score (sources name places in more ways than a list holds); in another's place it is
    a replacement."""
    found = _rival(ctx, ent, across_types=False)
    if found is None:
        return None
    e, best = found
    return _replacement(ctx, "fabricated_entity", e, ent.text, best, (ent.start_char, ent.end_char))


def _rival(ctx: ClaimContext, ent, across_types: bool, same_slot: bool = False):
    """(the source entity the claim's `ent` took the place of, the sentence holding it), or None: the
    sentence that best matches the rest of the claim must not name `ent` and must have exactly one name
    the claim lacks, of `ent`'s type (or, `across_types`, of another type when it is the only one). With
    `same_slot`, for a name the source has elsewhere, the two must fill the same slot (see below); a name the
    source never has is new wherever it stands."""
    if not ctx.candidates or ent.label_ not in NAMED:
        return None
    rest = content_stems(ctx.claim.text.replace(ent.text, " "))
    if not rest:
        return None
    best, best_cov = None, 0.0
    named_in_match = False  # a claim merged from two sentences: the name may stand in the other one
    for p in ctx.evidence:
        pstems = set(content_stems(p.span.text))
        cov = sum(1 for t in rest if t in pstems) / len(rest)
        if cov >= SWAP_MIN_COVERAGE and _present(p.span.text, ent.text, ent.label_):
            named_in_match = True
        if cov > best_cov:
            best, best_cov = p, cov
    # a claim merged from two sentences is covered by a retrieved window of both far better than by
    # either sentence; the name may stand in the other one
    for c in ctx.candidates:
        if named_in_match or not _present(c.passage.text, ent.text, ent.label_):
            continue
        cstems = set(content_stems(c.passage.text))
        named_in_match = sum(1 for t in rest if t in cstems) / len(rest) >= max(SWAP_MIN_COVERAGE, best_cov + 0.15)
    if best is None or best_cov < SWAP_MIN_COVERAGE or named_in_match:
        return None
    claim_text = ctx.claim.text
    rivals = [
        e
        for e in best.doc.ents
        if e.label_ in NAMED and not _present(claim_text, e.text, e.label_)
    ]
    # two countries are of one type whatever the tagger called them: it takes some capitals for people ("Tallinn")
    ent_country = country(ent.text)
    same_type = [e for e in rivals if e.label_ == ent.label_ or (ent_country and country(e.text))]
    # and one country named twice ("the Libyan coast guard ... off Tripoli") is one rival: the one of ent's type
    one_each, seen = [], set()
    for e in sorted(same_type, key=lambda rival: rival.label_ != ent.label_):
        c = country(e.text)
        if c is not None and c in seen:
            continue
        one_each.append(e)
        seen.add(c)
    same_type = one_each
    # a rewrite may swap across types ("the Justice Department" -> "Trump"); take a rival of
    # another type only when it is the sentence's one unmatched name
    pick = same_type if same_type or not across_types else rivals
    if len(pick) != 1:
        return None  # none, or several candidates: we cannot say which one was replaced
    e = pick[0]
    if same_name_forms(e.text, ent.text):
        return None  # the same name, or a short form of it ("Tokyo" for "FC Tokyo"), perhaps tagged another type
    places = {"GPE", "LOC", "FAC"}
    person_for_place = ent.label_ == "PERSON" and e.label_ in places
    place_for_person = e.label_ == "PERSON" and ent.label_ in places and any(country(w) for w in ent.text.split())
    if (person_for_place or place_for_person) and not (ent_country and country(e.text)):
        # a person does not stand where a place stood, nor a place where a person stood: "Britt Lapthorne was
        # found dead in Croatia" against "the student's body came to be in nearby Boninovo Bay", "in west London"
        # against "where Mr Arwani used to pray". But the tagger errs: a "person" that is a country's form is a
        # place ("Tallinn"), and a new name it calls a place may be a person ("Ozil was on the bench" for "Jack
        # Wilshere"), unless a country's form shows it is one.
        return None
    if e.label_ != ent.label_ and ("NORP" in (e.label_, ent.label_) or _describes(e) or _describes(ent)):
        # a summary names whom the source describes and describes whom it names: "the Colombian striker" for
        # "Falcao", "Kane" for "the Tottenham striker", "Steve Bruce's side" for "Hull". Across types, a name
        # that only qualifies a common noun is a description, not the one the claim puts in its place
        return None
    mine, theirs = (_anchor(ent), _anchor(e)) if same_slot else (None, None)
    if same_slot and mine and theirs and mine != theirs and all(t.lemma_.lower() != mine for t in best.doc):
        # the claim's name hangs from a word the sentence lacks, and the sentence's name from another: "Chelsea
        # move clear at the top of the Premier League" against "Chelsea moved clear of nearest challengers
        # Arsenal" adds where Chelsea stand and names no one in Arsenal's place. (Where the sentence has the
        # word, its own parse may hang the name elsewhere: "Bayern, who beat Hertha" for "Wolfsburg beat Hertha".)
        return None
    if _PLACES >= {e.label_, ent.label_} and _place_kind(e.text) != _place_kind(ent.text):
        # a country for a city is the summary widening the place ("in Sydney" -> "in Australia"), a city for a
        # country often metonymy ("Beijing" for China's government): only a country for a country, a state
        # for a state, or a place that is neither for another, is a swap
        return None
    return e, best


def _anchor(ent) -> str | None:
    """The lemma of the word a name hangs from, through prepositions and other function words ("at Villa
    Park" -> "rescue", "QPR's Onuoha" -> "onuoha"); None for a name that heads its sentence, and for one the
    parser glued to the next word ("property in Q.C. costs" read as "Q.C. costs", a noun): a new name is often
    parsed so, and where it hangs is then unknown."""
    tok = ent.root
    if tok.dep_ == "compound":
        return None
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        if not ent.start <= head.i < ent.end and head.pos_ in {"VERB", "NOUN", "PROPN", "ADJ"}:
            return head.lemma_.lower()
        tok = head
    return None


def _place_kind(name: str) -> str:
    if country(name) is not None:
        return "country"
    return "state" if clean(name).lower() in US_STATES else "other"


def _speaks_a_quotation(ent) -> bool:
    """The name is the speaker of a speech verb in a sentence that quotes someone (or that a claim cut
    through a quotation, leaving one quotation mark): swapping it gives the quotation to another speaker.
    The speaker is the verb's subject, or the name right after the verb in an inverted attribution
    ("..., said fashion designer Allina Liu"), which the small parser often attaches elsewhere."""
    if not _quoting(ent.doc.text):
        return False
    if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in SPEECH for t in ent):
        return True
    if ent.end < len(ent.doc) and ent.doc[ent.end].pos_ in ("NOUN", "PROPN"):
        return False  # the name only modifies the speaker's noun phrase ("says KFC spokesperson Rausch")
    for k in range(ent.start - 1, max(-1, ent.start - 5), -1):
        tok = ent.doc[k]
        if tok.lemma_.lower() in SPEECH and tok.pos_ in ("VERB", "AUX"):
            # inverted only when the verb has no subject of its own ("X said Y" is not Y speaking)
            return not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i for c in tok.children)
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ", "DET") or tok.is_punct:
            return False
    return False


_SHORT_TERM = re.compile(r"(?<!\w)['\u2018][^'\u2018\u2019]{1,40}['\u2019](?!\w)")  # "is 'great'"
_SINGLE_OPENER = re.compile(r"(?:^|(?<=[\s(\[:]))['\u2018](?=\w)(?!(?:s|t|re|ll|ve|d|m|em|n)\b)")


def _quoting(text: str) -> bool:
    return _quotes(text) or _unbalanced(text)


def _unbalanced(text: str) -> bool:
    """A quotation mark without its partner: the sentence is part of a quotation running over several
    sentences, or a claim cut through one. For single quotes (apostrophes too), an opening mark that
    starts no whole quotation."""
    if text.count("\u201c") != text.count("\u201d") or text.count('"') % 2 == 1:
        return True
    starts = {m.start() for m in _QUOTED.finditer(text)} | {m.start() for m in _SHORT_TERM.finditer(text)}
    return any(m.start() not in starts for m in _SINGLE_OPENER.finditer(text))


def _quotes(text: str) -> bool:
    """Whether the text quotes someone's words: a quotation of a few words (the floor the quote checks
    use) or a short utterance ending in punctuation ("\u201cThat\u2019s great!\u201d"), not a quoted term
    ("yelling 'mum'", "'total shock'")."""
    for m in _QUOTED.finditer(text):
        inner = m.group(0)[1:-1].rstrip()
        if len(inner.split()) >= MIN_WORDS or inner[-1:] in (",", ".", "!", "?"):
            return True
    return False


_REPLACED = {  # kind -> (label, confidence)
    "role": ("contradicted", 0.85),
    "quote_speaker": ("contradicted", 0.85),
    "entity": ("contradicted", 0.8),
    "fabricated_entity": ("unsupported", 0.8),
}


def _replacement(ctx: ClaimContext, kind: str, source_ent, new: str, passage, at: tuple[int, int], title: str = ""):
    """The finding for a source name replaced in the claim: by someone else under the source's title
    (`role`), by another name the source uses (`entity`), or by one it never uses (`fabricated_entity`)."""
    src, new, where = clean(source_ent.text), clean(new), quote(passage.span.text, 120)
    if kind == "role":
        reason = f"The source gives the title \u201c{title}\u201d to {src}, not to {new}: \u201c{where}\u201d"
    elif kind == "quote_speaker":
        reason = f"In the source {src} says this, not {new}: \u201c{where}\u201d"
    elif kind == "fabricated_entity":
        reason = f"\u201c{new}\u201d is not mentioned anywhere in the source, which says \u201c{src}\u201d here: \u201c{where}\u201d"
    else:
        reason = f"The source says \u201c{src}\u201d here, not \u201c{new}\u201d: \u201c{where}\u201d"
    label, confidence = _REPLACED[kind]
    return ctx.finding(
        "entities", kind, label, reason, at=at,
        source=passage.abs(source_ent.start_char, source_ent.end_char), confidence=confidence,
    )


def _title_before(ent) -> list[str]:
    """Role words right before a name ("Stoke boss", "Senator", "Chinese Foreign Minister"), lower case."""
    from .roles import _role_token

    out = [tok.lower_ for tok in ent if _role_token(tok)]  # "Pope Francis" comes as one entity
    for tok in reversed(ent.doc[max(0, ent.start - 4): ent.start]):
        if _role_token(tok):
            out.append(tok.lower_)
        elif tok.lower_ in ("-", "elect"):  # "President-elect Donald Trump"
            continue
        elif tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP", "PRON", "SCONJ", "CCONJ"):
            break
    return out


def _title_after(ent) -> list[str]:
    """Role words in an apposition right after a name ("Joe Brittman, a student at ...", "Hughes, the
    Stoke manager,"), lower case; up to the next punctuation or verb."""
    from .roles import _role_token

    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return []
    out = []
    for tok in doc[ent.end + 1: ent.end + 8]:
        if tok.is_punct or tok.pos_ in ("VERB", "AUX", "PRON") or tok.ent_type_ == "PERSON":
            break
        if _role_token(tok):
            out.append(tok.lower_)
    return out


def _shared_title(claim_ent, source_ent) -> str:
    """The role word that stands before both names, or '' (then the swap is of a person, not a title)."""
    if claim_ent.label_ != "PERSON" and source_ent.label_ != "PERSON":
        return ""
    common = set(_title_before(claim_ent)) & set(_title_before(source_ent))
    if common:
        words = [t.text for t in source_ent.doc[max(0, source_ent.start - 4): source_ent.end] if t.lower_ in common]
        return " ".join(words)
    after = set(_title_after(claim_ent)) & set(_title_after(source_ent))
    if after:
        return " ".join(t.text for t in source_ent.doc[source_ent.end: source_ent.end + 8] if t.lower_ in after)
    return ""


def _same(a: str, b: str, label: str) -> bool:
    ca, cb = country(a), country(b)
    if ca and cb:
        # two forms of countries whatever the tagger called them: it takes some capitals for people ("Tallinn")
        return ca == cb
    if label == "PERSON":
        return same_person(a, b)
    if ca or cb:
        return ca == cb
    return clean(a).lower() == clean(b).lower()


def _describes(ent) -> bool:
    """The name only qualifies a common noun: "the Tottenham striker", "Steve Bruce's side", "Jamaican team"."""
    root = ent.root
    return root.dep_ in {"compound", "amod", "poss", "nmod"} and root.head.pos_ == "NOUN" and not (ent.start <= root.head.i < ent.end)


def _present(text: str, name: str, label: str) -> bool:
    name = clean(name)
    c = country(name)
    if c is not None:
        return any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text, re.I) for f in COUNTRY_FORMS[c])
    if label == "PERSON" and name_parts(name):  # a bare title-like surname ("King") has no parts
        # capitals tell a surname from a word ("King"), except in a text written all in lower case
        flags = re.I if text == text.lower() else 0
        return any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text, flags) for p in name_parts(name))
    return re.search(loose_pattern(name), text, re.I) is not None
