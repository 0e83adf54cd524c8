"""The relay's reader: every trick from issue 11 that let a contact detail through is held, and
the numbers families write every day (dates, years, ages, money) are relayed."""

from __future__ import annotations

import pytest

from peyvand.messaging.contact_flags import contact_flags

ZWNJ, ZWSP, ZWJ, SHY, WJ, RLM = "\u200c", "\u200b", "\u200d", "\u00ad", "\u2060", "\u200f"
KEYCAP = "\ufe0f\u20e3"

# (trick, message, the kind it must be held for). Each one was relayed by the old detector.
TRICKS = [
    ("zwnj", f"شماره‌ام ۰۹۱۲{ZWNJ}۳۴۵{ZWNJ}۶۷۸۹", "phone"),
    ("zwsp", f"call 069{ZWSP}441{ZWSP}2880", "phone"),
    ("zwj", f"0912{ZWJ}345{ZWJ}6789", "phone"),
    ("soft hyphen", f"06{SHY}94{SHY}41{SHY}28{SHY}80", "phone"),
    ("word joiner", f"069{WJ}441{WJ}28{WJ}80", "phone"),
    ("bidi mark", f"۰۹۱۲{RLM}۳۴۵{RLM}۶۷۸۹", "phone"),
    ("underscore", "number 0912_345_6789", "phone"),
    ("comma", "0,6,9,4,4,1,2,8,8,0", "phone"),
    ("asterisk", "0912*345*6789", "phone"),
    ("english words", "zero six nine, four four one, two eight eight zero", "phone"),
    ("persian words", "صفر نهصد و دوازده، سیصد و چهل و پنج، شصت و هفت، هشتاد و نه", "phone"),
    ("albanian words", "zero gjashtë nëntë katër katër një dy tetë tetë zero", "phone"),
    ("words and digits", "0912 three four five ۶۷۸۹", "phone"),
    ("look-alike letters", "my cell O9l2 3S6 78B9", "phone"),
    ("letters between digits", "0912x345x6789", "phone"),
    ("thousands in words", "numri 069 441, dy mijë e tetëqind e tetëdhjetë", "phone"),
    ("pieces of a number", "my phone starts with 069 441 and ends in 2880", "phone"),
    ("superscript", "call ⁰⁶⁹⁴⁴¹²⁸⁸⁰", "phone"),
    ("circled", "⓪⑥⑨ ④④① ②⑧⑧⓪", "phone"),
    ("keycap", "".join(f"{digit}{KEYCAP}" for digit in "0694412880"), "phone"),
    ("at dot words", "ali.karimi at gmail dot com", "email"),
    ("persian at dot", "ایمیلم علی کریمی اَت جیمیل دات کام", "email"),
    ("albanian at dot", "arben (et) yahoo (pikë) com", "email"),
    ("full-width", "ali＠gmail．com", "email"),
    ("bare domain with path", "photos at example.de/familie", "link"),
    ("bit.ly", "bit.ly/3xK9aPq", "link"),
    ("wa.me", "wa.me/355694412880", "link"),
    ("spaced t.me", "t . me / alikarimi", "link"),
    ("tg:", "tg: resolve?domain=ali_k", "link"),
    ("whats app", "find me on whats app", "handle"),
    ("cyrillic look-alikes", "we chat on WhаtsApp", "handle"),
    ("persian whatsapp with zwnj", f"تو واتس{ZWNJ}اپ پیام بده", "handle"),
    ("instagram handle", "my insta is sara.tirana.92", "handle"),
    ("address without a listed keyword", "I'm at Kavaja 45, Tirana", "address"),
    ("postcode and city", "we are in 10115 Berlin now", "address"),
]


@pytest.mark.parametrize(("trick", "text", "kind"), TRICKS, ids=[t[0] for t in TRICKS])
def test_each_trick_is_held(trick: str, text: str, kind: str) -> None:
    assert kind in contact_flags(text), trick


# Relayed now; each of these was held by the old detector as a phone number.
HARMLESS = [
    ("jalali date", "پدرت در تاریخ ۱۴۰۲/۰۵/۱۲ فوت کرد"),
    ("gregorian date", "Babai vdiq më 12.05.2023"),
    ("iso date", "the letter dated 2023-11-05 arrived"),
    ("year range", "we lived in Mashhad 1360-1367"),
    ("years", "1995 1996 1997 were hard years"),
    ("age with a date", "he is 58 years old, born 1345/02/01"),
    ("money in toman", "۲۰۰۰۰۰۰ تومان برات کنار گذاشتیم"),
    ("money grouped", "I paid 1 500 000 toman for the operation"),
    ("money in lek", "paga ime është 1.200.000 lekë"),
    ("days and months", "I called you on 12/05 - 13/05"),
]


@pytest.mark.parametrize(("case", "text"), HARMLESS, ids=[h[0] for h in HARMLESS])
def test_dates_years_ages_and_money_are_relayed(case: str, text: str) -> None:
    assert contact_flags(text) == [], case


def test_everyday_words_and_numbers_alone_are_not_contact_details() -> None:
    for text in (
        "۵۸ ساله است و ۵۰۰ هزار تومان فرستاد",
        "the children are 14, 11, 8 and 5",
        "1995, 1996 and 2001 were hard years",
        "We sent 200 euro, and 150 euro in May.",
        "I miss our old street and the bakery.",
        "The phone signal is weak in the village.",
        "We are on the 2nd floor now, easier for mother.",
        "نه، من یک خانه دارم و دو بچه.",
        "I am fine. Me too, I miss you.",
    ):
        assert contact_flags(text) == [], text
