"""E-mail addresses, links, messenger handles and the words that say a phone is meant, in folded
text (see ``normalise.fold``): lower case, one spelling of each letter, invisible characters
gone. Street addresses are in ``addresses``, phone numbers in ``numbers``.

Each pattern is written for the way a person who wants to get past a reader writes, in Persian,
English and Albanian: "ali at gmail dot com", "علی اَت جیمیل دات کام", "t . me /", "whats app",
"tg:". Words that families use every day ("signal", "at", "live") count only in the company that
makes them a contact detail.
"""

from __future__ import annotations

import re

_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


# Persian possessive and copula endings written onto a word: جیمیلم "my gmail", فیسبوکش.
_PERSIAN_ENDINGS = r"(?:م|ت|ش|مون|تون|شون|ام|ات|اش|ه|ی|و)?"


def words(*words: str) -> str:
    """A group matching any of ``words`` as whole words (Latin or Persian, with its endings)."""
    return rf"{_NOT_LETTER_BEFORE}(?:{'|'.join(words)}){_PERSIAN_ENDINGS}{_NOT_LETTER_AFTER}"


def _spaced(word: str) -> str:
    """``word`` with up to two separators between its letters: "w.h.a.t.s a.p.p"."""
    return r"[\W_]{0,2}".join(re.escape(letter) for letter in word)


AT = (
    r"(?:@|[(\[{<]\s*(?:at|a|et)\s*[)\]}>]|"
    + words("at", "ät", "et", "majmun", "majmuni", "ات", "اَت", "ادساین", "اتساین", "ات ساین")
    + r"|at\s*sign)"
)
DOT = (
    r"(?:\.|[(\[{<]\s*(?:dot|d|\.)\s*[)\]}>]|"
    + words("dot", "dat", "punkt", "point", "pikë", "pike", "pika", "دات", "نقطه", "دت", "دوت")
    + ")"
)
TLDS = (
    "com", "net", "org", "info", "biz", "de", "al", "ir", "ru", "uk", "fr", "gr", "tr", "ch",
    "nl", "se", "eu", "io", "ca", "au", "es", "pl", "ua", "xyz", "online", "site", "app", "ws",
    "cc", "gl", "su", "ly", "cz", "dk", "fi", "hu", "ro", "bg", "rs", "mk", "xk", "ee", "lt",
    "lv", "sk", "si", "hr", "ba", "pt", "page", "link", "club", "top", "shop", "blog",
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

_PHONE_WORDS = (
    "phone", "number", "cell", "mobile", "tel", "call", "ring", "dial", "starts", "ends", "half",
    "شماره", "تلفن", "موبایل", "گوشی", "زنگ", "نصف", "نیمه", "shomare", "shomaram",
    "numri", "numër", "numer", "telefon", "telefoni", "celular", "celulari", "thirr", "më merr",
    "gjysma", "gjysmën",
)  # fmt: skip
PHONE_WORD = re.compile(words(*_PHONE_WORDS))
# Matches start only where a token starts: a pattern tried at every character of a long run of
# letters or digits would take time growing with the square of the message's length.
_LOCAL = r"(?<![\w.+\-])\w[\w.+\-]*"
_DOMAIN_START = r"(?<![\w\-.])"
_ANY_TLD = rf"(?:{'|'.join(TLDS + WORD_TLDS + _PERSIAN_TLDS)})"
EMAIL = re.compile(
    "|".join(
        (
            rf"{_LOCAL}\s*@\s*[\w\-]+(?:\s*{DOT}\s*[\w\-]+)*",
            rf"{_LOCAL}\s*{AT}\s*[\w\-]+(?:\s*{DOT}\s*[\w\-]+)*\s*{DOT}\s*{_ANY_TLD}{_NOT_LETTER_AFTER}",
            rf"{AT}\s*{words(*PROVIDERS)}",
            words(*_PROVIDER_NAMES, *_PROVIDER_NAMES_FA),
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
            words("www") + r"\s*" + DOT,
            words("tg", "tel", "sms", "mailto", "viber", "whatsapp", "skype", "signal")
            + r"\s*:\s*/*\s*[\w+@]",
            rf"{_DOMAIN_START}[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{'|'.join(TLDS)})"
            + _NOT_LETTER_AFTER,
            rf"{_DOMAIN_START}[a-z0-9][a-z0-9\-]*\s*{DOT}\s*{_ANY_TLD}\s*/",
            rf"{words(*_HOSTS)}\s*{DOT}\s*{_ANY_TLD}{_NOT_LETTER_AFTER}",
            rf"{DOT}\s*{words('com', 'net', 'org', 'کام')}",
            words("دات کام", "نقطه کام", "دات نت", "دات ارگ", "دات آی آر"),
            # A place to look someone up: "Google Maps: Furra Karimi", "search my name".
            words("google maps", "google map", "gmaps", "گوگل مپ", "گوگل مپس", "google my name")
            + r"|"
            + words("search", "google", "سرچ", "kërko", "kerko")
            + r"\s+(?:for\s+)?(?:my|our|emrin|اسمم|اسم من)",
        )
    )
)

_MESSENGERS = "|".join(
    _spaced(word)
    for word in (
        "whatsapp", "whatsap", "watsapp", "watsap", "wattsapp", "whatapp", "whtsapp", "uatsap",
        "uacap", "vatsap", "wotsap", "telegram", "telegramm", "telegrem", "instagram", "insta",
        "viber", "vajber", "facebook", "fejsbuk", "tiktok", "snapchat", "skype", "skajp",
        "messenger", "mesenxher", "wechat", "linkedin", "botim", "discord",
    )
)  # fmt: skip
_MESSENGERS_FA = (
    "تلگرام", "تلگرم", "تلگ", "تلغرام", "واتساپ", "واتسآپ", "واتس آپ", "واتس اپ", "واتزاپ",
    "وتساپ", "واتس", "واتزآپ", "وات ساپ", "واتساب", "واتسپ", "اینستاگرام", "اینستا", "اینستاگرم",
    "اینستگرام", "انستا", "انستغرام", "انستاگرام", "ایمو", "وایبر", "فیسبوک", "فیس بوک",
    "اسکایپ", "روبیکا", "ایتا", "سروش", "تیک تاک", "مسنجر", "بله مسنجر",
)  # fmt: skip
HANDLE = re.compile(
    "|".join(
        (
            rf"{_NOT_LETTER_BEFORE}(?:{_MESSENGERS})",
            words("imo", "fb", "ig", "tele", "wa", "wapp", "uap", "vk", "twitter", "snap"),
            words(*_MESSENGERS_FA),
            r"(?:آیدی|ایدی|آی دی|ای دی|یوزرنیم|یوزر نیم|یوزر|پیج)\W{0,12}@?[a-z0-9_.]{3,}",
            words("id", "username", "user name", "user", "handle", "nick", "nickname", "profile")
            + r"\s*(?:[:=]|is|eshte|është)\s*@?[a-z0-9_.]*[0-9_.][a-z0-9_.]*",
            rf"{words('signal', 'سیگنال')}\s*(?:app|messenger|number|id|account|اپ|برنامه)",
            words("on", "via", "in", "use", "install", "download", "through", "në", "ne", "تو")
            + r"\s*"
            + words("signal", "سیگنال")
            + r"(?!\s*(?:is|was|ضعیف|خوب|نیست|weak|strong))",
            r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{2,}",
            rf"{_NOT_LETTER_BEFORE}[a-z][a-z0-9]*_[a-z0-9_.]+",
        )
    )
)
