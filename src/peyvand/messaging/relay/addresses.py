"""Street addresses in Persian, Albanian, English and German forms.

Words such as "street", "کوچه" or "rruga" are everyday words too ("I miss our old street"), so
they count only in company: a house number near them, a second address word, a proper name
written beside them ("Rruga e Kavajës", "Baker Street"). A few words are addresses by themselves
(پلاک "house number", "postcode", "kodi postar"). Without any address word, a proper name with a
house number next to a city, a postcode before a city, or "I live at <Name> <number>" still is.
"""

from __future__ import annotations

import re

from peyvand.messaging.relay.patterns import words

_CITIES = (
    "tirana", "tiranë", "tiranes", "tiranës", "durrës", "durres", "durrësi", "shkodër", "shkoder",
    "vlorë", "vlore", "elbasan", "korçë", "korce", "fier", "berat", "lezhë", "kavajë", "kavaje",
    "berlin", "hamburg", "münchen", "munich", "köln", "koln", "frankfurt", "stuttgart", "essen",
    "paris", "london", "wien", "vienna", "athens", "athina", "roma", "rome", "milano", "istanbul",
    "ankara", "oslo", "stockholm", "amsterdam", "brussels", "zürich", "zurich", "bremen",
    "dortmund", "düsseldorf", "hannover", "leipzig", "dresden", "graz", "linz",
)  # fmt: skip
_IRANIAN_CITIES = (
    "تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرج", "قم", "اهواز", "رشت", "کرمانشاه", "یزد",
    "زاهدان", "ارومیه", "همدان", "سنندج", "اراک", "قزوین", "زنجان", "کرمان", "بندرعباس", "ساری",
    "گرگان", "بوشهر", "tehran", "mashhad", "isfahan", "esfahan", "shiraz", "tabriz", "karaj",
    "qom", "ahvaz", "rasht", "kermanshah", "yazd", "urmia", "hamedan", "sanandaj",
)  # fmt: skip
_CITY = rf"(?i:{'|'.join(_CITIES)})"
# "Tehran, Narmak, Golbarg 23": a city, places narrowing it down, and a house number.
_CITY_DOWN_TO_HOUSE = re.compile(
    rf"{words(*_CITIES, *_IRANIAN_CITIES)}\s*,(?:[^,\d.!?]{{2,30}},){{1,4}}[^,\d.!?]{{0,30}}?"
    r"(?<![^\W\d_])\d{1,4}(?!\d)"
)
_PROPER = r"[A-ZÇËÄÖÜ][a-zçëäöüß]+(?:[ -][A-ZÇËÄÖÜ][a-zçëäöüß]+){0,2}"

# Address words that are addresses by themselves.
_ALONE = re.compile(
    "|".join(
        (
            words(
                "postcode",
                "post code",
                "postal code",
                "zip code",
                "po box",
                "p.o. box",
                "house number",
                "door number",
                "building number",
                "c/o",
                "kodi postar",
                "kodin postar",
                "numri i shtëpisë",
                "numri i shtepise",
                "hausnummer",
                "plz",
                "پلاک",
                "کدپستی",
                "کد پستی",
                "بن بست",
                "بنبست",
                "نبش",
                "نرسیده به",
            ),
            words("address", "adresa", "adresse", "adresa ime", "adres", "آدرس", "نشانی")
            + r"\s*(?:is|është|eshte|:|اینه|این است)",
            r"[a-zäöüß]{3,}(?:straße|strasse|str\.)",
            rf"\d{{4,5}}\s+{_CITY}(?![^\W\d_])",
            r"(?<![\d.])-?\d{1,2}\.\d{3,}\s*,\s*-?\d{1,3}\.\d{3,}",  # a map pin: 41.3275, 19.8187
        )
    )
)
# Street words: an address with a number near, a second address word or a proper name.
_STREET = re.compile(
    words(
        "street",
        "str",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "lane",
        "boulevard",
        "blvd",
        "alley",
        "square",
        "rruga",
        "rrugën",
        "rrugës",
        "rrugen",
        "rruges",
        "rr",
        "lagjja",
        "lagja",
        "lagjen",
        "lagjes",
        "lagjia",
        "bulevardi",
        "sheshi",
        "straße",
        "strasse",
        "gasse",
        "allee",
        "weg",
        "platz",
        "خیابان",
        "خیابون",
        "خ",
        "کوچه",
        "بلوار",
        "بزرگراه",
        "میدان",
        "شهرک",
        "کوی",
        "مجتمع",
        "جنب",
        "روبروی",
        "انتهای",
        "سه راه",
        "چهارراه",
        "محله",
    )
)
# Parts of a building: an address only beside another address word.
_UNIT = re.compile(
    words(
        "floor",
        "flat",
        "block",
        "building",
        "door",
        "entrance",
        "apartment",
        "apt",
        "room",
        "kati",
        "kat",
        "pallati",
        "pallatin",
        "pallatit",
        "pall",
        "hyrja",
        "hyrjen",
        "shkalla",
        "blloku",
        "bllokun",
        "apartamenti",
        "apartamentin",
        "ap",
        "nr",
        "no",
        "number",
        "numri",
        "طبقه",
        "واحد",
        "بلوک",
        "ساختمان",
        "برج",
        "فاز",
        "شماره",
        "wohnung",
    )
)
_NUMBER_NEAR = 24  # characters either side of a street word where a house number is looked for
_CASED = re.compile(
    "|".join(
        (
            rf"(?<!\w){_PROPER}\s+\d{{1,4}}[a-zA-Z]?\s*,\s*(?:\d{{4,5}}\s+)?{_CITY}",
            rf"{_CITY}\s*,\s*{_PROPER}\s+\d{{1,4}}[a-zA-Z]?(?!\d)",
            # German: "Am Bahnhof 3", "An der Alster 12"
            rf"\b(?:Am|An der|Auf der|Auf dem|Im|In der|Zum|Zur)\s+{_PROPER}\s+\d{{1,4}}[a-z]?\b",
            r"(?i:\b(?:live|living|lives|stay|staying|find me|find us|come to|i am at|i'm at|"
            r"we are at|jetoj|jetojmë|jetojme|banoj|banojmë|ndodhem|gjendem|rri|rrimë|wohne))"
            r"\s+(?i:(?:on|at|in|në|ne|tek|te|near|pranë|prane)\s+)?(?:the\s+)?"
            rf"{_PROPER}\s+\d{{1,4}}[a-zA-Z]?\b",
        )
    )
)
_STREET_CASED = re.compile(
    r"(?i:rruga|rrugën|rrugës|bulevardi|sheshi|lagjja|lagja)\s+(?:e\s+|i\s+|të\s+)?[A-ZÇË]"
    r"|(?!(?:Our|My|The|This|That|Your|His|Her|Their|Old|Main|Big|Small|Same|Every|Each|One)\b)"
    r"[A-Z][a-zçëäöü]+\s+(?i:street|avenue|road|lane|boulevard|square|alley)\b"
)


def has_address(folded: str, cased: str) -> bool:
    """Whether the text (folded, and folded keeping its capitals) seems to give an address."""
    if _ALONE.search(folded) or _CITY_DOWN_TO_HOUSE.search(folded):
        return True
    if _CASED.search(cased) or _STREET_CASED.search(cased):
        return True
    streets = list(_STREET.finditer(folded))
    units = list(_UNIT.finditer(folded))
    if len(streets) + len(units) >= 2:
        return True
    for match in streets:
        near = folded[max(0, match.start() - _NUMBER_NEAR) : match.end() + _NUMBER_NEAR]
        if re.search(r"\d", near):
            return True
    return False
