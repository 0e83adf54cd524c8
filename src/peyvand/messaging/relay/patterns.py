"""E-mail addresses, links, messenger handles and street addresses in folded text (see
``normalise.fold``): lower case, one spelling of each letter, invisible characters gone.

Each pattern is written for the way a person who wants to get past a reader writes, in Persian,
English and Albanian: "ali at gmail dot com", "علی اَت جیمیل دات کام", "t . me /", "whats app",
"Rruga e Kavajës". Words that families use every day ("signal", "floor", "at") count only in the
company that makes them a contact detail.
"""

from __future__ import annotations

import re

_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


def _words(*words: str) -> str:
    """A group matching any of ``words`` as whole words (Latin or Persian)."""
    return rf"{_NOT_LETTER_BEFORE}(?:{'|'.join(words)}){_NOT_LETTER_AFTER}"


def _spaced(word: str) -> str:
    """``word`` with up to two separators between its letters: "w.h.a.t.s a.p.p"."""
    return r"[\W_]{0,2}".join(re.escape(letter) for letter in word)


AT = (
    r"(?:@|[(\[{<]\s*(?:at|a|et)\s*[)\]}>]|"
    + _words("at", "ät", "et", "majmun", "majmuni", "ات", "اَت", "ادساین", "اتساین", "ات ساین")
    + r"|at\s*sign)"
)
DOT = r"(?:\.|[(\[{<]\s*(?:dot|d)\s*[)\]}>]|" + _words(
    "dot", "dat", "punkt", "point", "pikë", "pike", "pika", "دات", "نقطه", "دت", "دوت"
) + ")"
TLDS = (
    "com", "net", "org", "info", "biz", "de", "al", "ir", "ru", "uk", "fr", "gr", "tr", "ch",
    "nl", "se", "eu", "io", "ca", "au", "es", "pl", "ua", "xyz", "online", "site", "app", "ws",
    "cc", "gl", "su", "ly", "cz", "dk", "fi", "hu", "ro", "bg", "rs", "mk", "xk",
)  # fmt: skip
# Real top-level domains that are also everyday words: only with a path or a known host.
WORD_TLDS = ("me", "it", "to", "in", "at", "be", "us", "no", "co", "tv", "is")
_PERSIAN_TLDS = ("کام", "نت", "ارگ", "اورگ", "آی آر", "ای آر", "آیآر")
PROVIDERS = (
    "gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "protonmail",
    "proton", "icloud", "yandex", "gmx", "aol", "mail", "zoho", "web",
    "جیمیل", "جی میل", "یاهو", "هاتمیل", "هات میل",
)  # fmt: skip
# Providers whose name is not an everyday word: naming one is naming an e-mail address.
_PROVIDER_NAMES = ("gmail", "googlemail", "ymail", "hotmail", "protonmail", "icloud", "yandex")
_PROVIDER_NAMES_FA = ("جیمیل", "جی میل", "هاتمیل", "هات میل", "یاهو")

_LOCAL = r"[\w][\w.+\-]*"
_ANY_TLD = rf"(?:{'|'.join(TLDS + WORD_TLDS + _PERSIAN_TLDS)})"
EMAIL = re.compile(
    "|".join(
        (
            rf"{_LOCAL}\s*@\s*[\w\-]+(?:\s*{DOT}\s*[\w\-]+)*",
            rf"{_LOCAL}\s*{AT}\s*[\w\-]+(?:\s*{DOT}\s*[\w\-]+)*\s*{DOT}\s*{_ANY_TLD}{_NOT_LETTER_AFTER}",
            rf"{AT}\s*{_words(*PROVIDERS)}",
            _words(*_PROVIDER_NAMES, *_PROVIDER_NAMES_FA),
        )
    )
)

_HOSTS = (
    "t", "wa", "bit", "goo", "tinyurl", "telegram", "instagram", "instagr", "facebook", "fb",
    "youtu", "youtube", "tiktok", "vk", "ok", "signal", "viber", "linktr", "linkedin", "x",
    "twitter", "wechat", "imo", "skype", "snapchat", "m", "chat", "api", "web",
)  # fmt: skip
LINK = re.compile(
    "|".join(
        (
            r"h\s*[tx]\s*[tx]\s*p\s*s?\s*:\s*/\s*/",
            _words("www") + r"\s*" + DOT,
            _words("tg", "tel", "sms", "mailto", "viber", "whatsapp", "skype", "signal")
            + r"\s*:\s*/*\s*[\w+@]",
            rf"{_NOT_LETTER_BEFORE}[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{'|'.join(TLDS)})"
            + _NOT_LETTER_AFTER,
            rf"{_NOT_LETTER_BEFORE}[a-z0-9][a-z0-9\-]*\s*{DOT}\s*{_ANY_TLD}\s*/",
            rf"{_words(*_HOSTS)}\s*{DOT}\s*{_ANY_TLD}{_NOT_LETTER_AFTER}",
            rf"{DOT}\s*{_words('com', 'net', 'org', 'کام')}",
            _words("دات کام", "نقطه کام", "دات نت", "دات ارگ", "دات آی آر"),
        )
    )
)

_MESSENGERS = "|".join(
    _spaced(word)
    for word in (
        "whatsapp", "whatsap", "watsapp", "watsap", "wattsapp", "whatapp", "whtsapp", "uatsap",
        "uacap", "vatsap", "wotsap", "telegram", "telegramm", "telegrem", "instagram", "insta",
        "viber", "vajber", "facebook", "fejsbuk", "tiktok", "snapchat", "skype", "skajp",
        "messenger", "mesenxher", "wechat", "linkedin", "botim",
    )
)  # fmt: skip
HANDLE = re.compile(
    "|".join(
        (
            rf"{_NOT_LETTER_BEFORE}(?:{_MESSENGERS})",
            _words("imo", "fb", "ig", "tele", "wa", "vk", "twitter", "snap"),
            _words(
                "تلگرام", "تلگرم", "تلگ", "واتساپ", "واتسآپ", "واتس آپ", "واتس اپ", "واتزاپ",
                "وتساپ", "واتس", "واتزآپ", "اینستاگرام", "اینستا", "اینستاگرم", "ایمو", "وایبر",
                "فیسبوک", "فیس بوک", "اسکایپ", "روبیکا", "ایتا", "سروش", "تیک تاک", "مسنجر",
                "تلگرامم", "واتساپم", "اینستام", "ایمو", "بله مسنجر",
            ),
            r"(?:آیدی|ایدی|آی دی|ای دی|یوزرنیم|یوزر نیم|یوزر|پیج)\W{0,12}@?[a-z0-9_.]{3,}",
            _words("id", "username", "user name", "user", "handle", "nick", "nickname", "profile")
            + r"\s*(?:[:=]|is|eshte|është)\s*@?[a-z0-9_.]*[0-9_.][a-z0-9_.]*",
            rf"{_words('signal', 'سیگنال')}\s*(?:app|messenger|number|id|account|اپ|برنامه)",
            rf"{_words('on', 'via', 'in', 'use', 'install', 'download', 'through', 'në', 'ne', 'تو', 'در', 'توی')}"
            r"\s*" + _words("signal", "سیگنال") + r"(?!\s*(?:is|was|ضعیف|خوب|نیست|weak|strong))",
            r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{2,}",
            rf"{_NOT_LETTER_BEFORE}[a-z][a-z0-9]*_[a-z0-9_.]+",
        )
    )
)

_CITIES = (
    "tirana", "tiranë", "tiranes", "tiranës", "durrës", "durres", "durrësi", "shkodër", "shkoder",
    "vlorë", "vlore", "elbasan", "korçë", "korce", "fier", "berat", "lezhë", "kavajë", "kavaje",
    "berlin", "hamburg", "münchen", "munich", "köln", "koln", "frankfurt", "stuttgart", "essen",
    "paris", "london", "wien", "vienna", "athens", "athina", "roma", "rome", "milano", "istanbul",
    "ankara", "oslo", "stockholm", "amsterdam", "brussels", "zürich", "zurich", "bremen",
    "dortmund", "düsseldorf", "hannover", "leipzig", "dresden", "graz", "linz",
)  # fmt: skip
_PROPER = r"[A-ZÇËÄÖÜ][a-zçëäöüß]+(?:[ -][A-ZÇËÄÖÜ][a-zçëäöüß]+){0,2}"
ADDRESS = re.compile(
    "|".join(
        (
            _words(
                "street", "str", "avenue", "ave", "road", "lane", "boulevard", "blvd", "alley",
                "apartment", "apt", "postcode", "post code", "postal code", "zip code", "zip",
                "po box", "p.o. box", "house number", "door number", "building number", "c/o",
                "rruga", "rrugën", "rrugës", "rrugen", "rruges", "rr", "pallati", "pallatin",
                "pallatit", "pall", "hyrja", "hyrjen", "lagjja", "lagja", "lagjen", "lagjes",
                "lagjia", "apartamenti", "apartamentin", "blloku", "bllokun", "kodi postar",
                "kodin postar", "numri i shtëpisë", "numri i shtepise", "bulevardi", "sheshi",
                "straße", "strasse", "gasse", "allee", "hausnummer", "wohnung", "plz",
                "خیابان", "خیابون", "کوچه", "پلاک", "بلوک", "کدپستی", "کد پستی", "بزرگراه",
                "بلوار", "بن بست", "بنبست", "نبش", "جنب", "کوی", "مجتمع", "شهرک", "فاز",
                "نرسیده به", "روبروی", "انتهای", "سه راه", "چهارراه",
            ),
            _words("address", "adresa", "adresse", "آدرس", "نشانی", "آدرسم", "adresa ime")
            + r"\s*(?:is|është|eshte|:|اینه|این است)",
            r"[a-zäöüß]+(?:straße|strasse|str\.|weg|platz|gasse|allee)" + _NOT_LETTER_AFTER,
            _words("floor", "flat", "block", "building", "door", "kati", "kat", "ap", "nr", "no",
                   "number", "numri", "shkalla", "طبقه", "واحد", "شماره", "ساختمان", "برج")
            + r"\s*[.:#]?\s*\d",
            r"\d+\s*(?:st|nd|rd|th|-?të|-?te)?\s*" + _words("floor", "kati", "طبقه"),
            rf"\d{{4,5}}\s+{_words(*_CITIES)}",
        )
    )
)
# Read on text that keeps its capitals: a proper name with a house number, then a city.
ADDRESS_CASED = re.compile(
    "|".join(
        (
            rf"(?<!\w){_PROPER}\s+\d{{1,4}}[a-zA-Z]?\s*,\s*(?:\d{{4,5}}\s+)?(?i:{'|'.join(_CITIES)})",
            rf"(?i:{'|'.join(_CITIES)})\s*,\s*{_PROPER}\s+\d{{1,4}}[a-zA-Z]?(?!\d)",
            rf"(?i:\b(?:live|living|lives|stay|staying|find me|find us|come to|i am at|i'm at|"
            rf"we are at|jetoj|jetojmë|jetojme|banoj|banojmë|ndodhem|gjendem|rri|rrimë|wohne))"
            rf"\s+(?i:(?:on|at|in|në|ne|tek|te|near|pranë|prane)\s+)?(?:the\s+)?{_PROPER}\s+\d{{1,4}}[a-zA-Z]?\b",
        )
    )
)
