"""Negation and outcome: the claim says the reverse of its evidence.

Three patterns, each anchored on a word both texts share, so unrelated negations never fire:
- negation: the same verb or noun is negated in one text and asserted in the other ("did not
  sign" vs "signed"); implicit negators count ("kept away from providing", "refused to sign");
- outcome quantity: an outcome noun that one text hedges to nothing ("little progress",
  "no agreement") and the other asserts ("progress will be continued");
- antonyms: the two texts use opposite verbs or adjectives on shared content (rose/fell,
  acquitted/convicted, won/lost).
"""

from __future__ import annotations

from ..pipeline.lexical import content_stems
from .base import ClaimContext, Parsed, quote, register

NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without", "none", "nobody", "nothing", "nowhere", "hardly", "barely"}
NEG_IMPLICATIVE = {
    "avoid", "refrain", "refuse", "decline", "fail", "deny", "stop", "cease", "halt", "reject", "abstain",
    "prevent", "block", "forgo", "resist", "shun", "withhold", "lack", "ban", "forbid", "prohibit",
}
NEG_QUANTIFIERS = {"little", "no", "scant", "few", "minimal", "negligible", "limited", "hardly", "barely", "zero", "lack"}
OUTCOME_NOUNS = {
    "progress", "success", "agreement", "deal", "breakthrough", "headway", "improvement", "growth", "gain",
    "profit", "support", "evidence", "impact", "effect", "change", "damage", "casualty", "injury", "interest",
    "consensus", "result", "sign", "chance", "hope", "movement", "concession", "response", "comment", "increase",
    "decrease", "demand", "risk", "threat", "danger", "relief", "effort",
}
_PAIRS = [
    ("rise", "fall"), ("increase", "decrease"), ("increase", "decline"), ("grow", "shrink"), ("gain", "lose"),
    ("win", "lose"), ("acquit", "convict"), ("approve", "reject"), ("accept", "reject"), ("pass", "fail"),
    ("succeed", "fail"), ("allow", "ban"), ("allow", "forbid"), ("permit", "ban"), ("support", "oppose"),
    ("agree", "disagree"), ("confirm", "deny"), ("admit", "deny"), ("raise", "cut"), ("raise", "lower"),
    ("expand", "shrink"), ("open", "close"), ("hire", "fire"), ("strengthen", "weaken"), ("improve", "worsen"),
    ("improve", "deteriorate"), ("boost", "hurt"), ("survive", "die"), ("guilty", "innocent"), ("legal", "illegal"),
    ("victory", "defeat"), ("profit", "loss"), ("higher", "lower"), ("more", "less"), ("up", "down"),
    ("launch", "cancel"), ("start", "end"), ("begin", "end"), ("arrest", "release"), ("resign", "stay"),
    ("include", "exclude"), ("join", "leave"), ("buy", "sell"), ("import", "export"), ("ally", "enemy"),
    ("peace", "war"), ("positive", "negative"), ("strong", "weak"), ("success", "failure"), ("easy", "difficult"),
    ("early", "late"), ("maximum", "minimum"), ("majority", "minority"), ("before", "after"), ("first", "last"),
    ("best", "worst"), ("good", "bad"), ("boost", "cut"), ("boost", "blow"), ("benefit", "harm"), ("help", "hurt"),
    ("guilty", "not guilty"), ("rich", "poor"), ("refuse", "agree"), ("refuse", "accept"), ("many", "few"),
    ("earlier", "later"), ("likely", "unlikely"), ("happy", "unhappy"), ("possible", "impossible"), ("alive", "dead"), ("present", "absent"), ("true", "false"), ("largest", "smallest"), ("highest", "lowest"), ("cheap", "expensive"), ("safe", "dangerous"),
    ("above", "below"), ("inside", "outside"), ("internal", "external"), ("explicit", "implicit"),
    ("thrive", "struggle"), ("minor", "major"), ("simple", "complex"), ("manual", "automatic"), ("manual", "automated"),
    ("friend", "enemy"),
]
ANTONYMS: dict[str, set[str]] = {}
for a, b in _PAIRS:
    ANTONYMS.setdefault(a, set()).add(b)
    ANTONYMS.setdefault(b, set()).add(a)

# an adjective and the same adjective with a negative prefix are opposites ("correct" / "incorrect", "specified" /
# "unspecified"), except where the prefix does not negate ("inflammable" is flammable, "intense" is not "tense")
_NEG_PREFIXES = ("un", "in", "im", "il", "ir", "non-", "non")
_NOT_NEGATED = {
    "famous", "flammable", "valuable", "habitable", "different", "credible", "numerable", "tense", "passive",
}


def _opposites(tok) -> set[str]:
    """The lemmas that say the reverse of `tok`: its listed antonyms and, for an adjective, the same word
    with or without a negative prefix."""
    lemma = tok.lemma_.lower()
    out = set(ANTONYMS.get(lemma, ()))
    if tok.pos_ == "ADJ" and len(lemma) >= 4:
        out.update(p + lemma for p in _NEG_PREFIXES if lemma not in _NOT_NEGATED)
        for p in _NEG_PREFIXES:
            stem = lemma[len(p):]
            if lemma.startswith(p) and len(stem) >= 4 and stem not in _NOT_NEGATED:
                out.add(stem)
    return out

TOPIC_MIN_COVERAGE = 0.5  # for negation and antonyms: the sentences must say nearly the same thing
OUTCOME_MIN_COS = 0.3  # for outcome nouns: the same topic is enough, the noun anchors it


def _negates(child, head) -> bool:
    """Whether `child` negates `head`. A contracted "n't" is a negation however the parser attaches it (with a
    typographic apostrophe it often makes it punctuation). A negator cut off from the word by punctuation or a
    conjunction belongs to another clause the parser misattached: in "Corn was domesticated in Mexico, so I'm
    not sure", nothing denies "domesticated"."""
    if child.lower_ == "longer" and child.dep_ == "advmod":
        # "can no longer afford": the parser hangs the "no" on "longer"
        child = next((g for g in child.children if g.lower_ == "no"), child)
    low = child.lower_.replace("\u2019", "'")
    doc = child.doc
    if low == "no" and child.i + 1 < len(doc) and doc[child.i + 1].tag_ in {"JJR", "RBR"} and any(
        t.lower_ == "than" for t in doc[child.i + 2: child.i + 6]
    ):
        return False  # "were no more effective than": a comparison, however the parser hangs the "no"
    if low not in NEGATORS or (child.dep_ not in {"neg", "preconj", "cc", "det", "advmod"} and low != "n't"):
        return False
    lo, hi = sorted((child.i, head.i))
    return not any(t.is_punct or t.pos_ in {"CCONJ", "SCONJ"} for t in doc[lo + 1: hi])


# prepositions that introduce what a negative implicative denies ("refrained from", "lack of", "a ban on")
_COMPLEMENT_PREPS = {"from", "of", "on"}
_ASPECTUAL = {"stop", "cease", "halt"}


def _purpose(verb, below) -> bool:
    """"stopped to propose" stops in order to propose: an infinitive after an aspectual verb is a purpose."""
    return verb.lemma_.lower() in _ASPECTUAL and any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children)


def _negated(tok) -> bool:
    own = any(_negates(child, tok) for child in tok.children)
    if tok.lemma_.lower() == "be" and any(
        c.dep_ in {"acomp", "attr"} and any(_negates(g, c) for g in c.children) for c in tok.children
    ):
        # "would be neither sensible nor boring" denies the copula as "would no longer be sensible" does; a copula
        # denied as well ("there will not be no love lost") is denied twice
        return not own
    if own:
        return True
    # "neither relinquishes nor provides": the second verb inherits the first one's negation (only a verb that
    # shares the first one's subject and auxiliary: "did not suffer damage and the spread was halted"
    # coordinates two clauses, and in "isn't popular and has attracted viewers" the auxiliary of its own
    # puts "attracted" outside the negation)
    if tok.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children):
        own_aux = any(c.dep_ in {"aux", "auxpass"} for c in tok.children)
        # a negated copula denies its predicate only: in "he is not materialistic and fights for the fans" the
        # fighting is asserted
        copula = tok.head.lemma_.lower() == "be" and tok.pos_ != "AUX"
        if any(c.lower_ == "nor" for c in tok.head.children) or (
            not own_aux and not copula and _negated_here(tok.head)
        ):
            return True
    # "kept away from providing", "refused to sign": a negative-implicative ancestor
    cur, depth = tok, 0
    # spaCy makes a new Token object on every access: compare positions, never identities (with `is`
    # the root verb "denied" climbed to itself and counted as its own negator)
    while cur.head.i != cur.i and depth < 3:
        if cur.dep_ in {"relcl", "acl"} or any(c.tag_ in {"WP", "WDT"} for c in cur.children):
            # a clause that modifies a noun is outside its governor's scope: "refused a refund to families who had
            # to pay" refuses the refund, not the paying; so is a clause that names a thing with a wh-word
            # ("bans what it describes as ...", "refused to say what happened")
            break
        # a verb coordinated with a negator is its sibling, not its complement: in "denies the allegations and
        # insists he is innocent" nothing denies "insists"; the walk goes on to what governs both
        sibling = cur.dep_ == "conj"
        below, cur, depth = cur, cur.head, depth + 1
        if below.dep_ == "prep" and below.lower_ not in _COMPLEMENT_PREPS:
            break  # "avoided a fine after being spotted": an adverbial, not what is avoided
        # a thing refused or rejected still exists ("the court rejected their legal challenge" says there was a
        # challenge): of things, only a lack denies one
        thing = tok.pos_ not in {"VERB", "AUX", "ADJ"} and cur.lemma_.lower() != "lack"
        if not sibling and cur.lemma_.lower() in NEG_IMPLICATIVE and not _purpose(cur, below) and not thing:
            # "has not stopped Klopp from leaving": a denied denial asserts nothing either way, and denies nothing
            return not _negated_here(cur)
        if not sibling and cur.lemma_.lower() == "keep" and any(c.lower_ == "away" for c in cur.children):
            return True
        # the first verb ancestor ends the search, the direct head included: "denied claims that he is set to
        # leave" is too far from "leave" to read as its negation
        if cur.pos_ in {"VERB", "AUX"} and cur.dep_ not in {"xcomp", "pcomp", "advcl", "prep"}:
            break
    return False


_ORDER = {"before", "after"}
_MODIFIER = {"amod", "advmod", "npadvmod", "prt"}


def _stems_under(tok) -> list[str]:
    """Content stems of the words a connective governs ("after [the suspects tried to carjack him]"); a
    conjunction hangs from its clause's verb, a preposition holds its object."""
    return _subtree_stems(tok.head if tok.dep_ == "mark" else tok, tok)


def _subtree_stems(top, tok) -> list[str]:
    """Content stems of `top`'s subtree without `tok` itself."""
    return content_stems(" ".join(x.text for x in top.subtree if x.i != tok.i))


def _about_other_things(t, e) -> bool:
    """Whether two opposite verbs or nouns are said of different things: "decreasing net debt" and "an
    increase in the dividend" share no word of what they say it of, so neither reverses the other."""
    mine, theirs = _said_of(t), _said_of(e)
    return bool(mine) and bool(theirs) and not mine & theirs


def _said_of(tok) -> set[str]:
    """Content stems of what a verb or noun is said of. A noun's own words may not name it: in "revenues from
    vaccines have begun an anticipated decline" the decline is of the revenues, so the object of a verb is read
    with that verb's clause (only there: in "the phase consists of the debt reduction and an increase in the
    dividend" the increase is not of the debt)."""
    top = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else tok
    return set(_subtree_stems(top, tok))


# verbs whose meaning lies in their complement: a reversal of one needs the same complement on both sides
LIGHT_VERBS = {"be", "have", "do", "make", "get", "take", "give"}


def _complements(tok) -> set[str]:
    """Lemmas of what a light verb says: its object, predicate noun or adjective, open complement, and the
    objects of its prepositions ("is on show" -> show)."""
    out = set()
    for c in tok.children:
        # pronouns name nothing by themselves: "made it" and "made it" need not be the same thing
        if c.dep_ in {"attr", "acomp", "dobj", "oprd", "xcomp", "ccomp"} and c.pos_ != "PRON":
            out.add(c.lemma_.lower())
        elif c.dep_ == "prep":
            out.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj" and g.pos_ != "PRON")
    return out


def _compares(tok) -> bool:
    """A light verb whose predicate is an equality comparison ("is not as secure as")."""
    return any(c.dep_ in {"acomp", "attr"} and any(g.lower_ == "as" and g.dep_ == "advmod" for g in c.children)
               for c in tok.children)


def _negated_here(tok) -> bool:
    return any(_negates(c, tok) for c in tok.children)


def _denied(tok) -> bool:
    """Negated, or the predicate of a negated copula: "is no longer open" denies "open"."""
    predicate = tok.dep_ in {"acomp", "attr"} and tok.head.lemma_.lower() == "be"
    return _negated(tok) or (predicate and _negated_here(tok.head))


def _heads_clause(t) -> bool:
    """A copula or "have" that carries its own clause ("the vaccine is not safe", also under "said that"),
    not an auxiliary of another verb."""
    return t.pos_ == "AUX" and (t.dep_ == "ROOT" or any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in t.children))


def _carries_polarity(t) -> bool:
    # verbs count even when they are stop words ("made", "is"): they carry the polarity
    return t.pos_ == "VERB" or _heads_clause(t) or (t.pos_ in {"NOUN", "ADJ"} and not t.is_stop)


def _polarity(tokens) -> dict[str, bool]:
    """lemma -> negated?, for content verbs, nouns and adjectives."""
    out: dict[str, bool] = {}
    for t in tokens:
        if _carries_polarity(t):
            out[t.lemma_.lower()] = out.get(t.lemma_.lower(), False) or _negated(t)
    return out


def _polarity_values(tokens) -> dict[str, set[bool]]:
    """lemma -> the polarities it occurs with. A sentence may say "X was not ready but Y was glad": the
    lemma 'be' occurs both ways, and a claim using either way is not a reversal."""
    out: dict[str, set[bool]] = {}
    for t in tokens:
        if _carries_polarity(t):
            out.setdefault(t.lemma_.lower(), set()).add(_negated(t))
    return out


_SPACE = __import__("re").compile(r"\s+")


def _verbatim(claim: str, source_lower: str) -> bool:
    """The claim's words stand in the source as they are: it cannot reverse the source."""
    c = _SPACE.sub(" ", claim.lower()).strip().rstrip(".!?;,").strip("\"'“”‘’ ")
    return len(c) >= 20 and c in source_lower


def _hedged(tokens) -> dict[str, object]:
    """Outcome nouns hedged to nothing: lemma -> the quantifier token."""
    out = {}
    for t in tokens:
        free = t.i + 2 < len(t.doc) and t.nbor(1).text == "-" and t.nbor(2).lower_ == "free"
        if t.lemma_.lower() in OUTCOME_NOUNS and free:
            out[t.lemma_.lower()] = t.nbor(2)  # "a risk-free trial" has no risk, whatever the tagger makes of "Risk"
            continue
        if t.lemma_.lower() in OUTCOME_NOUNS and t.pos_ == "NOUN":
            for c in t.children:
                if c.lower_ in NEG_QUANTIFIERS and c.dep_ in {"amod", "det", "advmod", "neg"}:
                    if c.i > 0 and c.doc[c.i - 1].lower_ == "a" and c.lower_ in {"few", "little"}:
                        continue  # "a few changes", "a little progress": some, not next to none
                    out[t.lemma_.lower()] = c
    return out


def _sentences(ctx: ClaimContext, min_cov: float | None, min_cos: float | None) -> list[Parsed]:
    keep = []
    for cand in ctx.candidates:
        if min_cov is not None and cand.coverage < min_cov:
            continue
        if min_cos is not None and cand.cos < min_cos:
            continue
        keep.extend(p for p in ctx.evidence if cand.passage.start <= p.span.start and p.span.end <= cand.passage.end)
    return keep


def _coverage(a: str, b: str) -> float:
    sa = content_stems(a)
    sb = set(content_stems(b))
    return sum(1 for t in sa if t in sb) / len(sa) if sa else 0.0


@register("polarity")
def check_polarity(ctx: ClaimContext) -> list:
    ctoks = list(ctx.claim_tokens())
    out = []
    src_lower = ctx.index.memo("space_lower", lambda: _SPACE.sub(" ", ctx.index.text_lower))
    if _verbatim(ctx.claim.text, src_lower):
        return out
    cpol = _polarity(ctoks)
    chedge = _hedged(ctoks)
    clemmas = {t.lemma_.lower(): t for t in ctoks}

    for p in _sentences(ctx, None, OUTCOME_MIN_COS):
        ehedge = _hedged(p.doc)
        elemmas = {t.lemma_.lower(): t for t in p.doc}
        for noun, q in ehedge.items():
            if noun in clemmas and noun not in chedge and not cpol.get(noun, False):
                t = clemmas[noun]
                first, last = sorted((q, elemmas[noun]), key=lambda x: x.idx)  # "no risk", "risk-free"
                src = p.abs(first.idx, last.idx + len(last.text))
                out.append(
                    ctx.finding(
                        "polarity",
                        "outcome",
                        "contradicted",
                        f"The source reports \u201c{src.text}\u201d; the rewrite presents {noun} as made: "
                        f"\u201c{quote(p.span.text, 110)}\u201d",
                        at=(t.idx, t.idx + len(t.text)),
                        source=src,
                        confidence=0.8,
                    )
                )
        for noun, q in chedge.items():
            if noun in elemmas and noun not in ehedge and not _negated(elemmas[noun]):
                t = clemmas[noun]
                src = p.abs(elemmas[noun].idx, elemmas[noun].idx + len(noun))
                first, last = sorted((q, t), key=lambda x: x.idx)
                said = t.doc.text[first.idx : last.idx + len(last.text)]
                out.append(
                    ctx.finding(
                        "polarity",
                        "outcome",
                        "contradicted",
                        f"The rewrite says \u201c{said}\u201d; the source reports {noun}: "
                        f"\u201c{quote(p.span.text, 110)}\u201d",
                        at=(first.idx, last.idx + len(last.text)),
                        source=src,
                        confidence=0.75,
                    )
                )

    opposites = {t.i: sorted(_opposites(t)) for t in ctoks}  # the same for every evidence sentence
    for p in _sentences(ctx, None, None):
        if _coverage(ctx.claim.text, p.span.text) < TOPIC_MIN_COVERAGE:
            continue
        epol = _polarity_values(p.doc)
        etoks = {t.lemma_.lower(): t for t in p.doc}
        # the claim's word counts as present only in its own part of speech: "closer" (lemma "close")
        # does not stand for the verb in "the line closed"
        epos = {(t.lemma_.lower(), t.pos_) for t in p.doc}
        for lemma, neg in cpol.items():
            if lemma in epol and neg not in epol[lemma] and clemmas[lemma].pos_ in {"VERB", "AUX"}:
                t = clemmas[lemma]
                e = next((x for x in p.doc if x.lemma_.lower() == lemma and _negated(x) != neg), etoks[lemma])
                if lemma in LIGHT_VERBS:
                    # "is", "has", "made" say little alone: "was not the only thing to be ripped apart" and "were on
                    # show" share the verb, not the statement. They must share what is said of the subject too.
                    t = next((x for x in ctoks if x.lemma_.lower() == lemma and _negated(x) == neg), t)
                    if _compares(t):
                        continue  # "is not as secure as" says "less secure", and denies no security
                    mine = _complements(t)
                    e = next((x for x in p.doc if x.lemma_.lower() == lemma and _negated(x) != neg
                              and mine & _complements(x)), None)
                    if e is None:
                        continue
                out.append(
                    ctx.finding(
                        "polarity",
                        "negation",
                        "contradicted",
                        f"The rewrite {'denies' if neg else 'asserts'} \u201c{lemma}\u201d where the source "
                        f"{'asserts' if neg else 'denies'} it: \u201c{quote(p.span.text, 110)}\u201d",
                        at=(t.idx, t.idx + len(t.text)),
                        source=p.abs(e.idx, e.idx + len(e.text)),
                        confidence=0.8,
                    )
                )
                break
        for t in ctoks:  # every token: "closed ... closer" share a lemma, and only the verb is reversed
            lemma = t.lemma_.lower()
            listed = ANTONYMS.get(lemma, set())
            for anti in opposites[t.i]:
                # a verb is looked up with its part of speech ("closer" is no "closed"); other words by lemma
                # alone ("after" as a preposition and as a conjunction is the same word)
                present = (lemma, t.pos_) in epos if t.pos_ == "VERB" else lemma in etoks
                if anti in etoks and not present:
                    e = etoks[anti]
                    if anti not in listed and e.pos_ != "ADJ":
                        continue  # a prefixed form is an opposite only as an adjective ("in" + "put")
                    if _denied(e) != _denied(t):
                        continue  # "did not fall" vs "rose", "is not open" vs "is closed": not a reversal
                    if t.dep_ in _MODIFIER and e.dep_ in _MODIFIER and t.head.lemma_.lower() != e.head.lemma_.lower():
                        # they qualify different things: "the first team" and "last season", "more people" and
                        # "less road heavy", "calm down" and "bubbled up"
                        continue
                    mine, theirs = (set(_stems_under(x)) for x in (t, e)) if lemma in _ORDER else (set(), set())
                    if mine and theirs and not mine & theirs:
                        # "lit after they tried to carjack him" and "before the fire, they tried to carjack him"
                        # put the same two events in the same order: each word orders a different event
                        continue
                    if {t.pos_, e.pos_} <= {"VERB", "NOUN"} and _about_other_things(t, e):
                        continue
                    out.append(
                        ctx.finding(
                            "polarity",
                            "outcome",
                            "contradicted",
                            f"The rewrite says \u201c{t.text}\u201d; the source says \u201c{e.text}\u201d: "
                            f"\u201c{quote(p.span.text, 110)}\u201d",
                            at=(t.idx, t.idx + len(t.text)),
                            source=p.abs(e.idx, e.idx + len(e.text)),
                            confidence=0.8,
                        )
                    )
    return out
