"""Free text for the demo: what seekers write about a separation, and caseworkers' working notes.

Neutral on purpose: facts a tracer needs (when, where, what was last heard), no opinions about
anyone and nothing about anyone's politics.
"""

from __future__ import annotations

CIRCUMSTANCES_FA: tuple[str, ...] = (
    "از سال {year} هیچ خبری از او نداریم.",
    "آخرین بار در سال {year} تلفنی صحبت کردیم و بعد ارتباط قطع شد.",
    "در سال {year} برای کار به خارج از کشور رفت و دیگر تماسی نگرفت.",
    "نامه‌ای در سال {year} از ترکیه فرستاد؛ بعد از آن خبری نشد.",
    "شماره تلفنی که داشتیم از سال {year} جواب نمی‌دهد.",
    "یکی از آشنایان گفت او را در سال {year} در آلبانی دیده است.",
    "",
)

CIRCUMSTANCES_EN: tuple[str, ...] = (
    "No news since {year}. The family has an old photograph and a letter.",
    "Last phone call in {year}; the number no longer works.",
    "Left for work abroad in {year}; letters stopped soon after.",
    "",
)

CASE_NOTES: tuple[str, ...] = (
    "Paper form received and entered; the seeker confirmed the details by phone.",
    "Asked the seeker for the father's name as written on the birth certificate.",
    "Checked the registry for other Latin spellings of the family name.",
    "Seeker will send a copy of the sought person's identity booklet if one is found.",
    "Called the seeker back; no new information since the request was filed.",
    "Birth year given as an age; asked the seeker whether a Jalali year is known.",
    "Partner office asked to check their records for this name.",
)

SEARCH_STARTED = "Registry search started."
