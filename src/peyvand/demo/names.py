"""Name material for the demo: Persian names with the Latin spellings people really use.

The material comes from the shared development clusters (``units_dev.csv``: one Persian form and
the Latin spellings Wikidata editors chose for it). When that directory is missing the demo still
runs on a small hand-written list, and says so.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import peyvand

UNITS_FILE = "units_dev.csv"
# Alias rows carry most of the label noise (nicknames, stage names); English and French labels
# are the cleaner part of the set.
_TRUSTED_LATIN_SOURCES = frozenset({"en", "fr"})
_PLAIN_LATIN = re.compile(r"^[A-Za-z][A-Za-z'\-]*[a-z]$")
_COUNT = re.compile(r"n=(\d+)")
# A spelling this far from the cluster's commonest one is another name, not a variant of it.
_MIN_SIMILARITY = 0.6


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Given names that are (almost) only given to women; the source data does not record sex. The
# source folds آ to ا, so both spellings are listed.
_FEMALE_GIVEN = _words("""
فاطمه زهرا مریم معصومه زینب سکینه طاهره شهلا پروین مهین منیژه فرشته فریده شیرین نسرین
لیلا لیلی مینا سیمین اکرم اعظم زهره ژاله نرگس سمیرا سارا الهام مهناز فرزانه پریسا نازنین شهناز
گلنار رقیه صدیقه عفت بتول خدیجه اشرف منصوره هما مهری فرح نیلوفر ستاره مهتاب ناهید پوران توران
گلی ثریا شکوه هاجر راضیه مرضیه سمانه سودابه رویا رؤیا آزاده آذر مهرانگیز فروغ غزاله ملیحه نجمه
نفیسه حمیده سعیده وحیده فهیمه کبری صغری زری گوهر عشرت پری ماهرخ سپیده نگار مژگان ژیلا ندا مهسا
افسانه فریبا آیدا سحر الهه شیوا عاطفه میترا مینو سوسن شبنم مارال ملیکا نسیم نگین بهار شادی شهین
مرجان آزیتا الناز بیتا سمیه سیما محبوبه رعنا سهیلا پروانه گیتی آناهیتا سولماز فرناز کلارا مهدیه
مهلقا مونا هنگامه ویدا پگاه ثمین حدیث رها رومینا ساناز سرور شقایق غزل لاله ماندانا مبینا پانته‌آ
پانتها پوپک ژانت آنا انسیه بدری بهاره ترانه جمیله خاطره رفعت ریحانه زیبا سونیا شکوفه شهرزاد شیدا
شیلا صدف فرانک کاملیا کیمیا لادن مائده مهشید مهنوش مهوش مولود نعیمه نوریه هانیه هایده هدی هدیه
یاسمین پردیس گراناز گلاره آتوسا آرزو ارغوان بهنوش تینا حبیبه حمیرا دنیا راحله رکسانا روژان سوفی
سوگل شایسته شراره شهره شیما طرلان فائزه کتایون کلئوپاترا مارینا مهستی مژان هستی ویکتوریا یاسمن
پرستو پریدخت گلنوش آتنا احترام افسر آمنه‌سادات امنهسادات انوشه ایراندخت باران بلقیس بهناز تانیا
حنا دلارام ربابه رخشان رزا روشنک روناک زویا زیگرید ساره سارینا ساغر شعله شمسی شهربانو صاحبه صبا
صهبا طلا عذرا عسل عصمت فتانه فرخنده فرنوش فریماه فیروزه کاساندرا لئونی مانا مستانه مطهره ملیسا
منیر مهتا مهلا موژان نازیلا نزهت نسترن نغمه نهال نوشین نیره هاله هانا هلیا واحه یلدا یگانه پدیده
پرویندخت پریا پریناز کوثر سیده نیوشا
""")
FEMALE_GIVEN_FA = frozenset(_FEMALE_GIVEN) | frozenset(
    "ا" + name[1:] for name in _FEMALE_GIVEN if name.startswith("آ")
)
# Rows the position-aligned units mislabel as given names: a country, titles, fragments.
_NOT_GIVEN_FA = _words("ایران ایت اس قاضی بابا شاهزاده گرجی ساهی")
# Male names are every other given name, kept only when several people share them: rare rows are
# where the noise (and the unlisted women's names) is.
MIN_MALE_WEIGHT = 3


@dataclass(frozen=True)
class NameUnit:
    """One given or family name: its Persian form and weighted Latin spellings."""

    fa: str
    spellings: tuple[tuple[str, int], ...]
    weight: int


@dataclass(frozen=True)
class NameMaterial:
    """Everything the generator draws names from; ``source`` says where it came from."""

    female_given: tuple[NameUnit, ...]
    male_given: tuple[NameUnit, ...]
    family: tuple[NameUnit, ...]
    source: str


BUILTIN_SOURCE = "built-in"

# (Persian, Latin spellings commonest first, relative frequency); demo-only fallback.
_BUILTIN_MALE: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("محمد", ("Mohammad", "Mohamad", "Mohammed"), 40),
    ("علی", ("Ali",), 35),
    ("حسین", ("Hossein", "Hosein", "Hussein"), 30),
    ("مهدی", ("Mehdi", "Mahdi"), 25),
    ("رضا", ("Reza",), 20),
    ("حسن", ("Hassan", "Hasan"), 18),
    ("علیرضا", ("Alireza", "Ali-Reza"), 15),
    ("سعید", ("Saeed", "Saeid", "Said"), 15),
    ("محسن", ("Mohsen",), 12),
    ("احمد", ("Ahmad", "Ahmed"), 12),
    ("محمود", ("Mahmoud", "Mahmood", "Mahmud"), 10),
    ("حمید", ("Hamid",), 10),
    ("محمدرضا", ("Mohammadreza", "Mohammad-Reza"), 10),
    ("عباس", ("Abbas",), 9),
    ("مصطفی", ("Mostafa", "Mustafa"), 8),
    ("مسعود", ("Masoud", "Massoud", "Masood"), 8),
    ("مرتضی", ("Morteza",), 8),
    ("مجید", ("Majid",), 8),
    ("منوچهر", ("Manouchehr", "Manuchehr", "Manoochehr"), 6),
    ("اسماعیل", ("Esmail", "Esmaeil", "Ismail"), 6),
    ("ناصر", ("Nasser", "Naser"), 6),
    ("ابراهیم", ("Ebrahim", "Ibrahim"), 6),
    ("جواد", ("Javad",), 6),
    ("غلامرضا", ("Gholamreza", "Gholam-Reza", "Qolamreza"), 5),
    ("قاسم", ("Ghasem", "Qasem"), 5),
    ("یوسف", ("Yousef", "Yusef", "Yousof"), 5),
)
_BUILTIN_FEMALE: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("فاطمه", ("Fatemeh", "Fateme", "Fatima"), 20),
    ("زهرا", ("Zahra",), 20),
    ("مریم", ("Maryam", "Mariam"), 15),
    ("معصومه", ("Masoumeh", "Masumeh", "Masoome"), 8),
    ("زینب", ("Zeinab", "Zaynab"), 8),
    ("طاهره", ("Tahereh", "Tahere"), 6),
    ("شهلا", ("Shahla",), 5),
    ("پروین", ("Parvin",), 6),
    ("فرشته", ("Fereshteh", "Fereshte"), 5),
    ("شیرین", ("Shirin",), 5),
    ("نسرین", ("Nasrin",), 5),
    ("لیلا", ("Leila", "Leyla", "Layla"), 6),
    ("سیمین", ("Simin",), 3),
    ("زهره", ("Zohreh", "Zohre"), 5),
)
_BUILTIN_FAMILY: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("محمدی", ("Mohammadi", "Mohamadi"), 30),
    ("حسینی", ("Hosseini", "Hoseini"), 25),
    ("احمدی", ("Ahmadi",), 25),
    ("کریمی", ("Karimi",), 15),
    ("حیدری", ("Heydari", "Heidari"), 12),
    ("رضایی", ("Rezaei", "Rezaie", "Rezaee"), 15),
    ("موسوی", ("Mousavi", "Musavi", "Moosavi"), 12),
    ("جعفری", ("Jafari", "Jaafari"), 12),
    ("قاسمی", ("Ghasemi", "Qasemi", "Ghassemi"), 10),
    ("صادقی", ("Sadeghi", "Sadeqi"), 10),
    ("رحیمی", ("Rahimi",), 10),
    ("کاظمی", ("Kazemi",), 8),
    ("عسکری", ("Askari", "Asgari"), 6),
    ("نوری", ("Nouri", "Noori", "Nuri"), 6),
    ("اکبری", ("Akbari",), 8),
    ("امینی", ("Amini",), 8),
    ("یوسفی", ("Yousefi", "Yusefi"), 6),
    ("طاهری", ("Taheri",), 6),
    ("شریفی", ("Sharifi",), 6),
    ("نجفی", ("Najafi",), 6),
    ("حسین‌زاده", ("Hosseinzadeh", "Hosseinzade", "Hossein-Zadeh"), 6),
    ("علی‌پور", ("Alipour", "Alipoor"), 5),
    ("کریم‌نژاد", ("Karimnejad", "Karimnezhad"), 3),
    ("رستمی", ("Rostami",), 5),
    ("بهرامی", ("Bahrami",), 5),
    ("سلیمانی", ("Soleimani", "Soleymani"), 6),
    ("زارعی", ("Zarei", "Zareie"), 6),
    ("قربانی", ("Ghorbani", "Qorbani"), 6),
    ("عباسی", ("Abbasi",), 6),
    ("ملکی", ("Maleki",), 5),
    ("شاهمرادی", ("Shahmoradi",), 3),
    ("تهرانی", ("Tehrani",), 4),
    ("قزوینی", ("Ghazvini", "Qazvini"), 4),
    ("کیانی", ("Kiani", "Kiyani"), 4),
    ("فرهادی", ("Farhadi",), 4),
    ("نظری", ("Nazari",), 5),
    ("منصوری", ("Mansouri", "Mansoori"), 5),
    ("خلیلی", ("Khalili",), 4),
    ("هاشمی", ("Hashemi",), 6),
    ("میرزایی", ("Mirzaei", "Mirzaie"), 5),
)


def names_data_dir() -> Path | None:
    """Where the shared name clusters live: ``PEYVAND_NAMES_DATA``, else beside the repository."""
    configured = os.environ.get("PEYVAND_NAMES_DATA", "").strip()
    if configured:
        candidates = [Path(configured)]
    else:
        repository = Path(peyvand.__file__).resolve().parents[2]
        candidates = [
            Path.cwd() / ".." / "shared" / "data" / "names",
            repository / ".." / "shared" / "data" / "names",
        ]
    for candidate in candidates:
        if (candidate / UNITS_FILE).is_file():
            return candidate.resolve()
    return None


def load_name_material(directory: Path | None) -> NameMaterial:
    """Read the shared clusters from ``directory``, or fall back to the built-in list."""
    if directory is None:
        return builtin_material()
    units = _read_units(directory / UNITS_FILE)
    given = [u for u in units["given"] if u.fa not in _NOT_GIVEN_FA]
    female = tuple(u for u in given if u.fa in FEMALE_GIVEN_FA)
    male = tuple(u for u in given if u.fa not in FEMALE_GIVEN_FA and u.weight >= MIN_MALE_WEIGHT)
    # A "family name" that is also a given name is usually a misaligned unit (محمد as a surname).
    given_forms = {u.fa for u in units["given"]}
    family = tuple(u for u in units["family"] if u.fa not in given_forms)
    if not female or not male or not family:
        return builtin_material()
    return NameMaterial(female, male, family, source=str(directory / UNITS_FILE))


def builtin_material() -> NameMaterial:
    """The hand-written fallback list (demo only)."""

    def units(rows: tuple[tuple[str, tuple[str, ...], int], ...]) -> tuple[NameUnit, ...]:
        return tuple(
            NameUnit(fa, tuple((s, len(spellings) - i) for i, s in enumerate(spellings)), weight)
            for fa, spellings, weight in rows
        )

    return NameMaterial(
        units(_BUILTIN_FEMALE), units(_BUILTIN_MALE), units(_BUILTIN_FAMILY), BUILTIN_SOURCE
    )


def _read_units(path: Path) -> dict[str, tuple[NameUnit, ...]]:
    persian: dict[str, str] = {}
    kinds: dict[str, str] = {}
    latin: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cluster = row["cluster_id"]
            kinds.setdefault(cluster, row["kind"])
            if row["script"] == "fa":
                persian.setdefault(cluster, row["name"].strip())
            elif row["script"] == "latn":
                spelling, count = _trusted_spelling(row["name"], row["source"])
                if spelling:
                    spellings = latin.setdefault(cluster, {})
                    spellings[spelling] = spellings.get(spelling, 0) + count
    grouped: dict[str, list[NameUnit]] = {"given": [], "family": []}
    for cluster in sorted(persian):
        found = latin.get(cluster)
        kind = kinds[cluster]
        if not found or kind not in grouped or " " in persian[cluster]:
            continue
        unit = _unit(persian[cluster], found)
        if unit is not None:
            grouped[kind].append(unit)
    return {kind: tuple(units) for kind, units in grouped.items()}


def _trusted_spelling(name: str, source: str) -> tuple[str, int]:
    parts = source.split(":")
    if len(parts) < 2 or parts[-2] not in _TRUSTED_LATIN_SOURCES:
        return "", 0
    name = name.strip()
    if not _PLAIN_LATIN.match(name):
        return "", 0
    match = _COUNT.search(parts[-1])
    return name, int(match.group(1)) if match else 1


def _unit(fa: str, spellings: dict[str, int]) -> NameUnit | None:
    ranked = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))
    commonest = ranked[0][0].casefold()
    kept = tuple(
        (spelling, count)
        for spelling, count in ranked
        if difflib.SequenceMatcher(None, commonest, spelling.casefold()).ratio() >= _MIN_SIMILARITY
    )
    return NameUnit(fa, kept, sum(count for _s, count in kept)) if kept else None
