"""Build `groundcheck/resources/countries-en.json`: the forms news uses for the countries that the hand-kept
table in `groundcheck/pipeline/aliases.py` does not list (name, English alternative names, demonym and its
plural, capital), from the `countryinfo` package's data (MIT).

    pip install countryinfo==1.0.1 && python scripts/build_countries.py

Only what a reader would take for that country and nothing else gets in:
- sovereign states of at least 100,000 people: a territory ("Puerto Rico", "Hong Kong", "Greenland") belongs to
  another country, and naming it for that country is no swap;
- no form the hand table already has ("Chinese" is Hong Kong's demonym there), no form two countries share
  ("Congolese", "Dominican"), no code ("KEN"), nothing outside ASCII once accents are folded;
- no form that is also a common word, a person's name or another place ("Jordan", "Georgia", "Chad", "Guinea",
  "Niger" of the Niger Delta, "Male", "Kingston", "Victoria");
- a capital only for a country of at least a million people (small capitals are rarely named alone, and
  more often share their name with a town elsewhere).
The output is sorted, so a rebuild from the same package version gives the same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "groundcheck" / "resources" / "countries-en.json"

# territories and former states in the package's data (ISO alpha-2)
NOT_SOVEREIGN = set(
    "HK MO PR GU VI AS MP UM GF RE MQ GP YT PF NC PM WF BL MF TF GL FO AW CW SX BQ AN GI BM KY IM GG JE VG AI MS TC "
    "FK SH IO PN NU TK CK NF CX CC AX SJ BV HM GS AQ EH CS VA".split()
)
# forms that news uses for something else as often as for the country
AMBIGUOUS = {
    "jordan", "georgia", "georgian", "georgians", "chad", "guinea", "niger", "male", "mann", "viti", "guiana",
    "kingston", "victoria", "hamilton", "douglas", "stanley", "georgetown", "nassau", "plymouth", "jamestown",
    "sucre", "panama city", "san jose", "moroni", "sarnam", "yugoslavia", "congo", "dr congo", "abode of peace",
    "central african", "central africans",
}
# demonyms and short forms the package lacks or spells unusually; added to the package's own
EXTRA = {
    "KG": ["kyrgyz", "kyrgyzstani"], "TJ": ["tajik", "tajiks", "tajikistani"], "UZ": ["uzbek", "uzbeks"],
    "SI": ["slovenian", "slovenians", "slovenes"], "SK": ["slovakian", "slovaks"], "CV": ["cape verdean"],
    "TL": ["timor-leste", "timorese"], "CI": ["cote d'ivoire", "ivorians"], "MK": ["north macedonia"],
    "SZ": ["eswatini"], "BA": ["bosnia", "bosnians"], "CD": ["drc", "democratic republic of congo"],
    "CG": ["congo-brazzaville"], "TT": ["trinidad", "trinidadians"], "LA": ["lao", "laotians"],
    "TM": ["turkmens"], "MV": ["maldivian", "maldivians"], "BH": ["bahrainis"], "KW": ["kuwaitis"], "OM": ["omanis"],
}
EXTRA_COUNTRIES = {"XK": ["kosovo", "kosovar", "kosovars", "pristina"]}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().strip()


def plural(demonym: str) -> list[str]:
    # "Kenyan" -> "Kenyans", "Omani" -> "Omanis", "Luxembourger" -> "Luxembourgers"; "Nepalese", "Swiss" stay
    return [demonym + "s"] if re.search(r"(an|i|er)$", demonym) else []


def forms_of(entry: dict) -> list[str]:
    out = [entry["name"]]
    out += [a for a in entry.get("altSpellings", []) if len(a) > 3 and not a.isupper()]
    for d in re.split(r"[,/]", entry.get("demonym") or ""):
        if d.strip():
            out += [d.strip(), *plural(d.strip())]
    if (entry.get("population") or 0) >= 1_000_000 and isinstance(entry.get("capital"), str):
        out.append(entry["capital"])
    folded = []
    for f in out:
        g = fold(f)
        # a letter that folding drops ("Azərbaycan", "Großherzogtum", another script) would leave a misspelling
        if sum(c.isalpha() for c in g) == sum(c.isalpha() for c in f):
            folded.append(g[4:] if g.startswith("the ") else g)
    return folded


def build(data_dir: Path) -> dict[str, list[str]]:
    from groundcheck.pipeline.aliases import HAND_COUNTRY_FORMS

    taken = {f for forms in HAND_COUNTRY_FORMS.values() for f in forms}
    keys_taken = set(HAND_COUNTRY_FORMS)
    found: dict[str, list[str]] = {}
    for path in sorted(data_dir.glob("*.json")):
        entry = json.loads(path.read_text("utf-8"))
        code = (entry.get("ISO") or {}).get("alpha2")
        if not entry.get("name") or not code or code in NOT_SOVEREIGN or (entry.get("population") or 0) < 100_000:
            continue
        if fold(entry["name"]) in taken:
            continue  # the hand table has it, with forms chosen one by one
        key = code if code not in keys_taken else (entry.get("ISO") or {}).get("alpha3")
        found.setdefault(key, []).extend(forms_of(entry) + EXTRA.get(code, []))
    for key, forms in EXTRA_COUNTRIES.items():
        found.setdefault(key, []).extend(forms)
    owners: dict[str, set[str]] = {}
    for key, forms in found.items():
        for f in forms:
            owners.setdefault(f, set()).add(key)
    out = {}
    for key, forms in sorted(found.items()):
        keep = sorted({f for f in forms if f not in taken and f not in AMBIGUOUS and len(owners[f]) == 1
                       and re.fullmatch(r"[a-z][a-z .'-]*[a-z.]", f)})
        if keep:
            out[key] = keep
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    import countryinfo

    data_dir = Path(countryinfo.__file__).parent / "data"
    countries = build(data_dir)
    doc = {
        "source": "countryinfo 1.0.1 (MIT), filtered by scripts/build_countries.py",
        "countries": countries,
    }
    Path(args.out).write_text(json.dumps(doc, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {sum(len(v) for v in countries.values())} forms -> {args.out}")


if __name__ == "__main__":
    main()
