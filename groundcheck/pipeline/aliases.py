"""Aliases that news text uses for the same country (demonyms, capitals, short forms)."""

from __future__ import annotations

# Demonyms and short forms -> one canonical country key. Kept to countries that news text names
# in several forms; anything else falls back to exact (case-insensitive) matching.
COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
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
}
COUNTRY_OF: dict[str, str] = {form: key for key, forms in COUNTRY_FORMS.items() for form in forms}

