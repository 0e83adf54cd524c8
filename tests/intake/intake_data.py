"""Family lists for the import tests: realistic Persian rows and a file of every kind of mistake."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from openpyxl import Workbook

GIVEN_F = ["مریم", "زهرا", "فاطمه", "سکینه", "لیلا", "نرگس", "شیرین", "پروین", "مهناز", "رقیه"]
GIVEN_M = ["محمد", "علی", "حسین", "رضا", "مهدی", "حسن", "جواد", "کاظم", "یوسف", "مرتضی"]
FAMILY = [
    "احمدی",
    "حسینی",
    "محمدی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "صادقی",
    "رحیمی",
    "کاظمی",
    "نوری",
    "قاسمی",
    "یزدانی",
    "طاهری",
    "خدابنده",
    "امینی",
    "شریفی",
    "بهرامی",
]
PLACES = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرمان", "زاهدان", "اهواز", "ارومیه"]
RELATIONS = ["پدر", "مادر", "برادر", "خواهر", "فرزند", "همسر", "عمو", "خاله"]
_FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

REQUEST_HEADERS = [
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "تاریخ تولد",
    "محل تولد",
    "جنسیت",
    "کد ملی",
    "نسبت",
    "نام متقاضی",
    "نام خانوادگی متقاضی",
    "تلفن",
]


def fa(text: str) -> str:
    return text.translate(_FA)


def code_melli(rng: random.Random) -> str:
    body = [rng.randrange(10) for _ in range(9)]
    total = sum(d * (10 - i) for i, d in enumerate(body)) % 11
    check = total if total < 2 else 11 - total
    return "".join(map(str, body)) + str(check)


def request_rows(count: int, seed: int = 6) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for i in range(count):
        female = rng.random() < 0.5
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        # vary the date forms: full Jalali, year only, age only; Persian digits mostly
        form = i % 4
        year = rng.randint(1310, 1395)
        if form == 0:
            birth: object = fa(f"{year}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}")
        elif form == 1:
            birth = fa(str(year))
        elif form == 2:
            birth = fa(f"{rng.randint(5, 90)} ساله")
        else:
            birth = year  # a number cell, as spreadsheets store it
        rows.append(
            [
                given,
                rng.choice(FAMILY) + ("" if i < 500 else f" {fa(str(i))}"),
                rng.choice(GIVEN_M),
                birth,
                rng.choice(PLACES),
                "زن" if female else "مرد",
                fa(code_melli(rng)) if i % 3 == 0 else "",
                rng.choice(RELATIONS),
                rng.choice(GIVEN_F + GIVEN_M),
                rng.choice(FAMILY),
                fa(f"0912{rng.randint(1000000, 9999999)}"),
            ]
        )
    # make every row distinct (the pool is small): a row number in the sought family name
    for i, row in enumerate(rows):
        row[1] = f"{row[1]} {fa(str(i))}" if i < 500 else row[1]
    return rows


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
