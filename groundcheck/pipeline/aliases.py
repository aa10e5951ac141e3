"""Aliases that news text uses for the same country (demonyms, capitals, short forms)."""

from __future__ import annotations

import json
from importlib import resources

# Demonyms and short forms -> one canonical country key; anything else falls back to exact
# (case-insensitive) matching. These are kept by hand; the other countries come from
# resources/countries-en.json (scripts/build_countries.py), after them.
HAND_COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("us", "u.s.", "u.s", "usa", "u.s.a.", "united states", "united states of america", "america", "american", "americans", "washington"),
    "CN": ("china", "chinese", "prc", "people's republic of china", "beijing"),
    "RU": ("russia", "russian", "russians", "russian federation", "moscow", "kremlin"),
    "UK": ("uk", "u.k.", "britain", "great britain", "united kingdom", "british", "england", "english", "london"),
    "UA": ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    "TW": ("taiwan", "taiwanese", "taipei"),
    "FR": ("france", "french", "paris"),
    "DE": ("germany", "german", "germans", "berlin"),
    "JP": ("japan", "japanese", "tokyo"),
    "IN": ("india", "indian", "indians", "new delhi", "delhi"),
    "IL": ("israel", "israeli", "israelis"),
    "IR": ("iran", "iranian", "iranians", "tehran"),
    "KP": ("north korea", "north korean", "pyongyang", "dprk"),
    "KR": ("south korea", "south korean", "seoul"),
    "EU": ("eu", "e.u.", "european union", "brussels"),
    "CA": ("canada", "canadian", "canadians", "ottawa"),
    "AU": ("australia", "australian", "australians", "canberra"),
    "MX": ("mexico", "mexican", "mexicans"),
    "IT": ("italy", "italian", "italians", "rome"),
    "ES": ("spain", "spanish"),
    "PK": ("pakistan", "pakistani", "pakistanis", "islamabad"),
    "SA": ("saudi arabia", "saudi", "saudis", "riyadh"),
    "TR": ("turkey", "turkish", "ankara", "turkiye"),
    "SY": ("syria", "syrian", "syrians", "damascus"),
    "IQ": ("iraq", "iraqi", "iraqis", "baghdad"),
    "AF": ("afghanistan", "afghan", "afghans", "kabul"),
    "EG": ("egypt", "egyptian", "egyptians", "cairo"),
    "BR": ("brazil", "brazilian", "brazilians"),
    "IE": ("ireland", "irish", "dublin"),
    "SC": ("scotland", "scottish"),
    "WL": ("wales", "welsh"),
    # more countries that news names, with their people and, where no other place, person or common word
    # shares it, the capital ("Jordan", "Georgia", "Chad", "Poles", "Sofia", "Manila" are left out)
    "AR": ("argentina", "argentine", "argentinian", "argentinians", "buenos aires"),
    "AT": ("austria", "austrian", "austrians", "vienna"),
    "BE": ("belgium", "belgian", "belgians"),
    "BD": ("bangladesh", "bangladeshi", "bangladeshis", "dhaka"),
    "BY": ("belarus", "belarusian", "belarusians", "minsk"),
    "BG": ("bulgaria", "bulgarian", "bulgarians"),
    "CL": ("chile", "chilean", "chileans"),
    "CO": ("colombia", "colombian", "colombians", "bogota"),
    "CU": ("cuba", "cuban", "cubans", "havana"),
    "CZ": ("czech republic", "czechia", "czech", "czechs", "prague"),
    "DK": ("denmark", "danish", "danes", "copenhagen"),
    "DZ": ("algeria", "algerian", "algerians", "algiers"),
    "EC": ("ecuador", "ecuadorian", "ecuadorians", "quito"),
    "ET": ("ethiopia", "ethiopian", "ethiopians", "addis ababa"),
    "FI": ("finland", "finnish", "finns", "helsinki"),
    "GH": ("ghana", "ghanaian", "ghanaians", "accra"),
    "GR": ("greece", "greek", "greeks", "athens"),
    "HU": ("hungary", "hungarian", "hungarians", "budapest"),
    "ID": ("indonesia", "indonesian", "indonesians", "jakarta"),
    "IS": ("iceland", "icelandic", "icelanders", "reykjavik"),
    "KE": ("kenya", "kenyan", "kenyans", "nairobi"),
    "KZ": ("kazakhstan", "kazakh", "kazakhs", "astana"),
    "LB": ("lebanon", "lebanese", "beirut"),
    "LY": ("libya", "libyan", "libyans", "tripoli"),
    "MA": ("morocco", "moroccan", "moroccans", "rabat"),
    "MM": ("myanmar", "burma", "burmese"),
    "MY": ("malaysia", "malaysian", "malaysians", "kuala lumpur"),
    "NG": ("nigeria", "nigerian", "nigerians", "abuja"),
    "NL": ("netherlands", "the netherlands", "holland", "dutch", "amsterdam"),
    "NO": ("norway", "norwegian", "norwegians", "oslo"),
    "NZ": ("new zealand", "new zealander", "new zealanders"),
    "PE": ("peru", "peruvian", "peruvians"),
    "PH": ("philippines", "the philippines", "filipino", "filipinos"),
    "PL": ("poland", "polish", "warsaw"),
    "PS": ("palestine", "palestinian", "palestinians"),
    "PT": ("portugal", "portuguese", "lisbon"),
    "QA": ("qatar", "qatari", "qataris", "doha"),
    "RO": ("romania", "romanian", "romanians", "bucharest"),
    "RS": ("serbia", "serbian", "serbians", "serbs", "belgrade"),
    "SE": ("sweden", "swedish", "swedes", "stockholm"),
    "CH": ("switzerland", "swiss", "bern"),
    "SG": ("singapore", "singaporean", "singaporeans"),
    "SO": ("somalia", "somali", "somalis", "mogadishu"),
    "SD": ("sudan", "sudanese", "khartoum"),
    "TH": ("thailand", "thai", "thais", "bangkok"),
    "TN": ("tunisia", "tunisian", "tunisians", "tunis"),
    "VE": ("venezuela", "venezuelan", "venezuelans", "caracas"),
    "VN": ("vietnam", "vietnamese", "hanoi"),
    "YE": ("yemen", "yemeni", "yemenis", "sanaa"),
    "ZA": ("south africa", "south african", "south africans", "pretoria"),
    "ZW": ("zimbabwe", "zimbabwean", "zimbabweans", "harare"),
    "AE": ("united arab emirates", "uae", "u.a.e.", "emirati", "emiratis", "abu dhabi"),
}


def _built_forms() -> dict[str, tuple[str, ...]]:
    text = resources.files("groundcheck.resources").joinpath("countries-en.json").read_text("utf-8")
    return {key: tuple(forms) for key, forms in json.loads(text)["countries"].items()}


COUNTRY_FORMS: dict[str, tuple[str, ...]] = {**HAND_COUNTRY_FORMS, **_built_forms()}
COUNTRY_OF: dict[str, str] = {form: key for key, forms in COUNTRY_FORMS.items() for form in forms}


# A state is wider than its cities and narrower than its country: a summary that names one for the
# other widens or narrows the place rather than swapping it ("in Dallas" -> "in Texas").
US_STATES: frozenset[str] = frozenset({
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york state", "north carolina", "north dakota",
    "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee",
    "texas", "utah", "vermont", "virginia", "washington state", "west virginia", "wisconsin", "wyoming",
})
