"""Roles and titles: is the title the derived text gives a person the one the source gives?

Titles are bound to people from the forms news uses: before the name ("Chinese Foreign Minister
Wang Yi"), in apposition after or before it ("Wang Yi, China's top diplomat"; "China's minister
of public security, Wang Xiaohong"), in a relative or copular clause ("X, who is ...", "X was
...", "X, who heads Y"). Two titles agree when one's role words contain the other's ("Secretary"
vs "US Secretary of State") and their countries do not differ.

A title contradicts the source when the source gives it to someone else, or gives the person a
title from another country; a title the source never uses is only unverified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pipeline.lexical import stem
from ..types import Span
from .base import ClaimContext, Parsed, quote, register
from .names import COUNTRY_OF, clean, name_parts, same_person

ROLE_WORDS = frozenset(
    """
    president vice-president secretary minister premier chancellor senator congressman congresswoman
    representative governor mayor ambassador envoy diplomat spokesman spokeswoman spokesperson
    chairman chairwoman chair ceo cfo coo cto founder co-founder director head chief leader
    commander general admiral colonel captain officer lieutenant sergeant major marshal
    king queen prince princess emperor pope cardinal bishop archbishop rabbi imam
    judge justice prosecutor attorney lawyer counsel solicitor sheriff commissioner inspector
    manager boss skipper coach striker midfielder defender goalkeeper player owner chairperson
    editor correspondent reporter journalist anchor columnist professor lecturer researcher scientist
    economist analyst doctor surgeon nurse official spokesperson aide adviser advisor deputy
    treasurer auditor regulator speaker whip lawmaker legislator mp mep chief-executive
    president-elect dictator monarch sultan sheikh emir ayatollah patriarch mufti
    executive superintendent detective actor actress singer author dr dr. rep rep. sen sen. gov gov. gen gen.
    star
    """.split()
)
_ROLE_STEMS = frozenset(stem(w) for w in ROLE_WORDS)
_GLUE = {"of", "for", "the", "'s", "\u2019s", "and", "&"}
_SKIP = {"of", "for", "the", "a", "an", "'s", "\u2019s", "and", "&", "former", "then", "current", "new", "acting", "interim"}
_AFTER = re.compile(
    r"^(?:\s*,\s*(?:who\s+(?:is|was|serves\s+as|served\s+as|became)\s+)?|\s+(?:is|was|serves\s+as|became)\s+)"
    r"(?P<np>(?:(?:the|a|an|his|her|its|their)\s+)?[^,.;:()\u201c\u201d\"]{2,80}?)(?=\s*(?:[,.;:()]|$|\s+(?:who|which|that|and|said|says|told|has|had|is|was|will|would)\b))",
    re.I,
)
_HEADS = re.compile(r"^\s*,?\s*who\s+(?:heads|headed|leads|led|runs|ran|chairs|chaired|directs|directed)\s+(?P<np>[^,.;:]{2,60})", re.I)


@dataclass(frozen=True)
class Title:
    text: str
    roles: frozenset[str]
    countries: frozenset[str]
    span: Span  # where the title (and the name) stand

    @classmethod
    def parse(cls, text: str, span: Span) -> "Title | None":
        text = clean(text)
        roles: set[str] = set()
        countries: set[str] = set()
        words = re.findall(r"[\w.\-']+|\u2019s", text)
        i = 0
        while i < len(words):
            # two-word country forms first ("United States", "South Korea")
            pair = f"{words[i]} {words[i + 1]}".lower().rstrip(".") if i + 1 < len(words) else ""
            w = re.sub(r"['\u2019]s$", "", words[i]).lower()
            if pair and pair in COUNTRY_OF:
                countries.add(COUNTRY_OF[pair])
                i += 2
                continue
            if w in COUNTRY_OF:
                countries.add(COUNTRY_OF[w])
            elif w and w not in _SKIP and not w.isdigit():
                roles.add(stem(w))
            i += 1
        if not roles & _ROLE_STEMS:
            return None
        return cls(text, frozenset(roles), frozenset(countries), span)

    def compatible(self, other: "Title") -> bool:
        if self.countries and other.countries and not (self.countries & other.countries):
            return False
        return self.roles <= other.roles or other.roles <= self.roles

    def same_office(self, other: "Title") -> bool:
        """Stricter: the same office, used to say who in the source holds a title."""
        if self.countries and other.countries and not (self.countries & other.countries):
            return False
        core = self.roles - {stem("top"), stem("senior"), stem("chief")}
        return bool(core) and core <= other.roles and len(core) >= min(2, len(other.roles))


@dataclass(frozen=True)
class Binding:
    person: str
    title: Title


def _role_token(tok) -> bool:
    return stem(tok.lower_) in _ROLE_STEMS


def bindings(parsed: Parsed) -> list[Binding]:
    doc = parsed.doc
    out: list[Binding] = []
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    for ent in people:
        # 1. the title right before the name
        i = ent.start - 1
        toks = []
        while i >= 0:
            t = doc[i]
            if t.ent_type_ == "PERSON" or t.is_punct and t.text not in {"'s", "\u2019s"}:
                break
            ok = (
                _role_token(t)
                or t.lower_ in _GLUE
                or t.ent_type_ in {"GPE", "NORP", "ORG"}
                or (t.is_title and t.pos_ in {"PROPN", "NOUN", "ADJ"} and i > 0)
                or (t.is_title and t.pos_ in {"PROPN", "NOUN", "ADJ"} and _role_token(t))
            )
            if not ok or t.lower_ in {"the", "a", "an"}:
                break
            toks.insert(0, t)
            i -= 1
        while toks and toks[0].lower_ in _GLUE:
            toks.pop(0)
        if toks and any(_role_token(t) for t in toks):
            title = Title.parse(doc[toks[0].i : toks[-1].i + 1].text, parsed.token_span(toks[0], doc[ent.end - 1]))
            if title:
                out.append(Binding(ent.text, title))
        # 2. apposition or clause after the name
        rest = doc.text[ent.end_char :]
        for pat, prefix in ((_HEADS, "head of "), (_AFTER, "")):
            m = pat.match(rest)
            if m and pat is _AFTER and _verb_at(doc, ent.end_char + m.start("np")):
                m = None  # "X was put in a high chair": a passive verb, not a title after a copula
            if m:
                np = m.group("np")
                title = Title.parse(prefix + np, parsed.abs(ent.start_char, ent.end_char + m.end("np")))
                if title:
                    out.append(Binding(ent.text, title))
                    break
        # 3. apposition before the name: "China's minister of public security, Wang Xiaohong"
        if ent.start >= 2 and doc[ent.start - 1].text == ",":
            j = ent.start - 2
            toks = []
            while j >= 0 and not doc[j].is_punct and doc[j].pos_ not in {"VERB", "AUX", "ADP"} or (j >= 0 and doc[j].lower_ in {"of", "for"}):
                if doc[j].ent_type_ == "PERSON":
                    break
                toks.insert(0, doc[j])
                j -= 1
            while toks and toks[0].lower_ in {"the", "a", "an", "and"}:
                toks.pop(0)
            if toks and any(_role_token(t) for t in toks) and len(toks) <= 8:
                title = Title.parse(doc[toks[0].i : toks[-1].i + 1].text, parsed.token_span(toks[0], doc[ent.end - 1]))
                if title:
                    out.append(Binding(ent.text, title))
    return out


def _verb_at(doc, char: int) -> bool:
    tok = next((t for t in doc if t.idx >= char), None)
    return tok is not None and tok.pos_ in {"VERB", "ADP"}


def _source_bindings(ctx: ClaimContext, claim_bindings: list[Binding]) -> list[Binding]:
    """Bindings from the source sentences that can matter for these claim bindings: those naming
    one of the people, or using one of the titles' role words. Parsed once per check, on demand."""
    cache: dict[int, list[Binding]] = ctx.index.memo("role_bindings", dict)
    wanted: set[int] = set()
    for b in claim_bindings:
        for part in name_parts(b.person):
            wanted.update(ctx.index.containing(part))
        for w in re.findall(r"[\w-]+", b.title.text):
            if stem(w.lower()) in _ROLE_STEMS:
                wanted.update(ctx.index.containing(w, case=False))
    todo = sorted(wanted - cache.keys())
    for i, p in zip(todo, ctx.index.parsed(todo)):
        cache[i] = bindings(p)
    return [b for i in sorted(wanted) for b in cache[i]]


@register("roles")
def check_roles(ctx: ClaimContext) -> list:
    claim_bindings = [
        b for b in bindings(ctx.sentence) if ctx.claim.start <= b.title.span.start and b.title.span.end <= ctx.claim.end
    ]
    if not claim_bindings:
        return []
    source = _source_bindings(ctx, claim_bindings)
    out = []
    for b in claim_bindings:
        own = [s for s in source if same_person(s.person, b.person)]
        if any(b.title.compatible(s.title) for s in own):
            continue
        if not own and not any(ctx.index.mentions(p) for p in name_parts(b.person)):
            continue  # a person the source never mentions: the entity check reports an invented name
        holders = [s for s in source if not same_person(s.person, b.person) and b.title.same_office(s.title)]
        at = (b.title.span.start - ctx.sentence.span.start, b.title.span.end - ctx.sentence.span.start)
        shown = own[0] if own else (holders[0] if holders else None)
        if holders:
            h = holders[0]
            src = own[0].title.span if own else h.title.span
            reason = (
                f"source: \u201c{quote(src.text, 80)}\u201d; rewrite: \u201c{quote(b.title.span.text, 80)}\u201d "
                f"(the source gives the title \u201c{quote(h.title.text, 50)}\u201d to {clean(h.person)})."
            )
            out.append(ctx.finding("roles", "role", "contradicted", reason, at=at, source=src, confidence=0.9))
        elif own and all(b.title.countries and s.title.countries and not (b.title.countries & s.title.countries) for s in own):
            src = own[0].title.span
            reason = f"source: \u201c{quote(src.text, 80)}\u201d; rewrite: \u201c{quote(b.title.span.text, 80)}\u201d."
            out.append(ctx.finding("roles", "role", "contradicted", reason, at=at, source=src, confidence=0.8))
        elif shown is not None:
            src = shown.title.span
            reason = (
                f"The source does not call {clean(b.person)} \u201c{quote(b.title.text, 60)}\u201d; "
                f"it says \u201c{quote(src.text, 80)}\u201d."
            )
            out.append(ctx.finding("roles", "role", "unsupported", reason, at=at, source=src, confidence=0.5))
    return out
