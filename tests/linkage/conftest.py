"""Shared fixtures for the linkage tests: where the shared name data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def names_data_dir() -> Path:
    """``../shared/data/names`` beside the repository, or ``PEYVAND_NAMES_DATA``."""
    override = os.environ.get("PEYVAND_NAMES_DATA")
    if override:
        return Path(override)
    return (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "names").resolve()


@pytest.fixture(scope="session")
def fullnames_csv() -> Path:
    """The full-name cluster file; the test is skipped if the shared data is absent."""
    path = names_data_dir() / "fullnames_dev.csv"
    if not path.exists():
        pytest.skip(f"shared name data not found at {path}")
    return path


# A small hand-written pool of name variants (test data, not engine data).
GIVEN = [
    ["محمد", "Mohammad", "Mohamad", "Muhammad"],
    ["علی", "Ali"],
    ["حسین", "Hossein", "Hosein", "Hussein"],
    ["رضا", "Reza"],
    ["زهرا", "Zahra"],
    ["فاطمه", "Fatemeh", "Fateme"],
    ["مریم", "Maryam", "Mariam"],
    ["مهدی", "Mehdi", "Mahdi"],
    ["محمدرضا", "Mohammadreza", "Mohammad Reza"],
    ["سعید", "Saeed", "Saeid"],
    ["نرگس", "Narges"],
    ["کاوه", "Kaveh", "Kave"],
    ["شیرین", "Shirin"],
    ["بهروز", "Behrouz", "Behrooz"],
    ["پروین", "Parvin"],
    ["امید", "Omid"],
    ["لیلا", "Leila", "Layla"],
    ["جواد", "Javad"],
    ["سارا", "Sara"],
    ["حمید", "Hamid"],
]
FAMILY = [
    ["حسینی", "Hosseini", "Hoseini"],
    ["احمدی", "Ahmadi"],
    ["محمدی", "Mohammadi"],
    ["رضایی", "Rezaei", "Rezaee"],
    ["خدابنده", "Khodabandeh", "Khodabande"],
    ["قاسمی", "Ghasemi", "Qasemi"],
    ["موسوی", "Mousavi", "Musavi"],
    ["کریمی", "Karimi"],
    ["جعفری", "Jafari", "Jafary"],
    ["صادقی", "Sadeghi", "Sadeqi"],
    ["نوری", "Nouri", "Noori"],
    ["رحیمپور", "Rahimpour", "Rahimpoor"],
    ["کاظمی", "Kazemi"],
    ["یزدانی", "Yazdani"],
    ["شریفی", "Sharifi"],
    ["طاهری", "Taheri"],
    ["بهرامی", "Bahrami"],
    ["فرهادی", "Farhadi"],
    ["ملکی", "Maleki"],
    ["عباسی", "Abbasi"],
    ["نجفی", "Najafi"],
    ["اکبری", "Akbari"],
    ["سلیمانی", "Soleimani", "Soleymani"],
    ["زارعی", "Zarei"],
]
PLACES = [
    ["تهران", "Tehran"],
    ["قزوین", "Qazvin", "Ghazvin"],
    ["مشهد", "Mashhad"],
    ["شیراز", "Shiraz"],
    ["تبریز", "Tabriz"],
    ["اصفهان", "Isfahan", "Esfahan"],
]


@pytest.fixture(scope="session")
def small_pools() -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """(given, family, places) variant sets for synthetic people in tests."""
    return GIVEN, FAMILY, PLACES
