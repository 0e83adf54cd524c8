"""One collective appeal in the demo: open for signatures, in three languages, signed by a dozen
families of the first agency (most agreed to be listed by name, some asked only to be counted)."""

from __future__ import annotations

import datetime

from peyvand.accounts.models import AGENCY_ROLES
from peyvand.appeals.models import Appeal, AppealStatus
from peyvand.appeals.services import (
    add_signatories,
    change_appeal_status,
    create_appeal,
    save_appeal_text,
)
from peyvand.demo.loader import LoadedDemo
from peyvand.tracing.models import TracingRequest

SIGNATORIES = 12
UNLISTED_EVERY = 4  # one family in four asked to be counted without its name

TEXTS = {
    "fa": (
        "درخواست خانواده‌ها برای دریافت خبر از بستگانشان",
        "ما خانواده‌هایی هستیم که سال‌هاست از فرزندان، خواهران، برادران و پدرانمان خبری "
        "نداریم.\nاز شما درخواست می‌کنیم هر اطلاعی که درباره‌ی سرنوشت و محل زندگی آنان دارید، "
        "از طریق سازمان ردیابی خانوادگی در اختیار خانواده‌ها بگذارید و دیدار خانواده‌ها را "
        "آسان کنید.",
    ),
    "en": (
        "Families ask for news of their relatives",
        "We are families who have had no news for years of our sons, sisters, brothers and "
        "fathers.\nWe ask you to share through the family tracing service whatever you know of "
        "their fate and whereabouts, and to make it easier for families to meet again.",
    ),
    "sq": (
        "Familjet kërkojnë lajme për të afërmit e tyre",
        "Ne jemi familje që prej vitesh nuk kemi lajme për bijtë, motrat, vëllezërit dhe "
        "etërit tanë.\nJu kërkojmë të ndani përmes shërbimit të gjurmimit familjar çdo gjë që "
        "dini për fatin dhe vendndodhjen e tyre, dhe t'u lehtësoni familjeve takimin.",
    ),
}


def stage_appeal(loaded: LoadedDemo) -> Appeal:
    """Write the appeal through the services as a caseworker of the first request's agency."""
    # Signatories among the first requests (plan order): enough of the first one's agency.
    first = TracingRequest.objects.in_bulk(loaded.requests[: SIGNATORIES * 20])
    requests = [first[pk] for pk in loaded.requests[: SIGNATORIES * 20]]
    agency_id = requests[0].agency_id
    actor = next(
        user
        for user in loaded.users.values()
        if user.role in AGENCY_ROLES and user.agency_id == agency_id
    )
    title, body = TEXTS["fa"]
    appeal = create_appeal(
        actor,
        actor.agency,  # type: ignore[arg-type]
        addressee="وزارت امور خارجه / Ministry of Foreign Affairs",
        date=datetime.date.today(),
        language="fa",
        title=title,
        body=body,
    )
    for language in ("en", "sq"):
        title, body = TEXTS[language]
        save_appeal_text(actor, appeal, language=language, title=title, body=body)
    change_appeal_status(actor, appeal, AppealStatus.OPEN)
    families = [r for r in requests if r.agency_id == agency_id][:SIGNATORIES]
    listed = [f for i, f in enumerate(families) if i % UNLISTED_EVERY != UNLISTED_EVERY - 1]
    unlisted = [f for f in families if f not in listed]
    add_signatories(actor, appeal, listed, listed=True)
    add_signatories(actor, appeal, unlisted, listed=False)
    return appeal
