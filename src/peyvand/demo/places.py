"""Places for the demo: Iranian birthplaces in Persian with their Latin spellings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A town as a Persian speaker writes it, with the Latin spellings found on foreign papers."""

    fa: str
    latin: tuple[str, ...]
    weight: int


BIRTHPLACES: tuple[Place, ...] = (
    Place("تهران", ("Tehran", "Teheran"), 30),
    Place("قزوین", ("Qazvin", "Ghazvin", "Kazvin"), 12),
    Place("مشهد", ("Mashhad", "Mashad", "Meshed"), 14),
    Place("تبریز", ("Tabriz",), 12),
    Place("اصفهان", ("Isfahan", "Esfahan"), 12),
    Place("شیراز", ("Shiraz",), 10),
    Place("کرمانشاه", ("Kermanshah", "Kermanchah"), 8),
    Place("اهواز", ("Ahvaz", "Ahwaz"), 8),
    Place("رشت", ("Rasht", "Resht"), 7),
    Place("ارومیه", ("Urmia", "Orumiyeh", "Urumieh"), 6),
    Place("همدان", ("Hamadan", "Hamedan"), 6),
    Place("کرج", ("Karaj",), 6),
    Place("قم", ("Qom", "Ghom"), 5),
    Place("زنجان", ("Zanjan",), 4),
    Place("سنندج", ("Sanandaj",), 4),
    Place("آبادان", ("Abadan",), 4),
    Place("یزد", ("Yazd",), 4),
    Place("کرمان", ("Kerman",), 4),
    Place("اراک", ("Arak",), 4),
    Place("بابل", ("Babol",), 3),
    Place("ساری", ("Sari",), 3),
    Place("خرم‌آباد", ("Khorramabad", "Khoramabad"), 3),
    Place("دزفول", ("Dezful", "Dezfoul"), 3),
    Place("گرگان", ("Gorgan",), 3),
    Place("بندرعباس", ("Bandar Abbas", "Bandar-Abbas"), 3),
    Place("نیشابور", ("Neyshabur", "Nishapur", "Neishabour"), 2),
    Place("کاشان", ("Kashan",), 2),
    Place("لاهیجان", ("Lahijan",), 2),
    Place("بروجرد", ("Borujerd", "Boroujerd"), 2),
    Place("اردبیل", ("Ardabil", "Ardebil"), 3),
)

# Where families last heard from someone: towns on common routes, written as a seeker would.
LAST_CONTACT_PLACES: tuple[str, ...] = (
    "تهران",
    "استانبول",
    "وان، ترکیه",
    "آنکارا",
    "تیرانا",
    "دورس، آلبانی",
    "آتن",
    "فرانکفورت",
    "مشهد",
    "قزوین",
    "Istanbul",
    "Tirana",
    "",
)
