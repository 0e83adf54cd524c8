"""The values a letter's placeholders stand for, and the facts of a case summary.

Everything here runs with the letter's language active, so labels and dates come out in the
language of the letter, whatever the language of the person producing it. Anything about the
sought person passes through :class:`~peyvand.letters.disclosure.Disclosure` first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peyvand.core.dates import Calendar, to_jalali_text
from peyvand.core.digits import persian_digits
from peyvand.core.display import show_partial_date
from peyvand.letters.disclosure import Disclosure
from peyvand.letters.placeholders import token
from peyvand.linkage import latin_reading
from peyvand.people.models import ContactKind, NameKind, Person, Script
from peyvand.tracing.models import Case
from peyvand.visits.countries import country_name
from peyvand.visits.models import TravelApplication, Traveller, Visit


@dataclass
class LetterContent:
    """The placeholder values and, for a summary, the rows of its tables."""

    values: dict[str, str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    traveller: list[tuple[str, str]] = field(default_factory=list)
    visits: list[dict[str, object]] = field(default_factory=list)

    def withheld(self, text: str) -> list[str]:
        """The placeholders ``text`` uses that print as "—" (unknown, or not disclosed)."""
        return sorted(
            name for name, value in self.values.items() if not value and token(name) in text
        )


# Month names as Persian letters write them; the Gregorian ones as Iranian readers know them.
JALALI_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
GREGORIAN_MONTHS_FA = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)  # fmt: skip


def letter_date(value: datetime.date | None, language: str) -> str:
    """A date as the letter's reader expects it: in Persian the Jalali date in words with the
    Gregorian one beside it (consulates read both), elsewhere the day and the month's name.
    Persian dates are all Persian words and digits, so they never mix directions in a line."""
    if value is None:
        return ""
    if language == "fa":
        year, month, day = (int(part) for part in to_jalali_text(value).split("/"))
        jalali = f"{day} {JALALI_MONTHS[month - 1]} {year}"
        gregorian = f"{value.day} {GREGORIAN_MONTHS_FA[value.month - 1]} {value.year}"
        return persian_digits(f"{jalali} برابر با {gregorian}")
    return formats.date_format(value, "j F Y")


def name_for(persons: list[Person], language: str) -> str:
    """The person's name in the script the letter is written in, birth names first. A letter in
    Latin letters for a person known only in Persian script gives a marked Latin reading beside
    the name: an embassy clerk must be able to read it, and it is not the person's spelling."""
    names = [name for person in persons for name in person.names.all()]
    wanted = Script.PERSIAN if language == "fa" else Script.LATIN
    in_script = [name for name in names if name.script == wanted] or names
    births = [name for name in in_script if name.kind == NameKind.BIRTH] or in_script
    if not births:
        return ""
    written = births[0].full
    reading = latin_reading(written) if wanted == Script.LATIN else ""
    if not reading or births[0].script == Script.LATIN:
        return written
    # The reading leads, so the line starts left to right as the letter does.
    return _("%(reading)s (Latin reading of %(name)s)") % {"name": written, "reading": reading}


def _sought_persons(case: Case, disclosure: Disclosure) -> list[Person]:
    described = case.tracing_request.sought
    registration = disclosure.registration
    # The name the person registered under is theirs to disclose; the seeker's description is not.
    return [registration.person, described] if registration is not None else [described]


def base_values(case: Case, language: str, disclosure: Disclosure) -> dict[str, str]:
    """Placeholder values every kind of letter has."""
    request = case.tracing_request
    last_contact = (
        show_partial_date(
            request.last_contact_date,
            request.last_contact_precision,
            request.last_contact_calendar,
            request.last_contact_text,
            reader=Calendar.JALALI if language == "fa" else Calendar.GREGORIAN,
            language=language,
        )
        or request.last_contact_text
    )
    contacts = disclosure.contacts
    return {
        "agency": case.agency.name_in(language),
        "case_reference": request.reference_code,
        "today": letter_date(timezone.localdate(), language),
        "seeker_name": name_for([request.seeker], language),
        "sought_name": name_for(_sought_persons(case, disclosure), language),
        "relationship": str(request.get_relationship_display()),
        "last_contact": " · ".join(p for p in (last_contact, request.last_contact_place) if p),
        "sought_address": contacts.get(ContactKind.ADDRESS, ""),
        "sought_phone": contacts.get(ContactKind.PHONE, ""),
        "sought_email": contacts.get(ContactKind.EMAIL, ""),
    }


def visit_values(visit: Visit, language: str, disclosure: Disclosure) -> dict[str, str]:
    """The visit's placeholders. The meeting place is printed only when the sought person shares
    contact details: it says where they will be, and a visit is entered by staff, so under
    "messages only" a place typed by anyone on the staff must not reach the family's letter."""
    return {
        "host_country": country_name(visit.host_country),
        "meeting_date": letter_date(visit.meeting_date, language),
        "meeting_place": visit.meeting_place if disclosure.shares_details else "",
    }


def application_values(
    application: TravelApplication, values: dict[str, str], language: str
) -> dict[str, str]:
    """The support letter's placeholders; the traveller is named, not described."""
    travellers: dict[str, str] = {
        Traveller.SEEKER: values["seeker_name"],
        Traveller.SOUGHT_PERSON: values["sought_name"],
        Traveller.OTHER: application.traveller_label,
    }
    return {
        "traveller": travellers.get(application.traveller, "")
        or str(application.get_traveller_display()),
        "application_kind": str(application.get_kind_display()),
        "authority": application.authority,
        "application_country": country_name(application.country),
        "deadline": letter_date(application.deadline, language),
    }


def traveller_facts(
    application: TravelApplication, case: Case, values: dict[str, str], disclosure: Disclosure
) -> list[tuple[str, str]]:
    """What an embassy or consulate asks about who travels, as far as it is recorded: name,
    birth date and place, father's name, passport number. The sought person travels only once
    they agreed to contact (no support letter is made before), and their registration says it."""
    request = case.tracing_request
    registration = disclosure.registration
    person = {
        Traveller.SEEKER: request.seeker,
        Traveller.SOUGHT_PERSON: registration.person if registration is not None else None,
    }.get(Traveller(application.traveller))
    rows = [(_("Name"), values["traveller"])]
    if person is not None:
        born = show_partial_date(
            person.birth_date,
            person.birth_date_precision,
            person.birth_date_calendar,
            person.birth_date_text,
            reader=Calendar.JALALI if get_language() == "fa" else Calendar.GREGORIAN,
            language=get_language(),
        )
        rows += [
            (_("Date of birth"), born),
            (_("Place of birth"), person.birthplace),
            (_("Father's given name"), person.father_given_name),
        ]
    rows.append((_("Passport number"), application.passport_number))
    return [(label, value) for label, value in rows if value]


def summary_facts(
    case: Case, values: dict[str, str], disclosure: Disclosure
) -> list[tuple[str, str]]:
    """The summary's table. Without consent to contact, the status is the neutral one the
    seeker sees, and nothing comes from the sought person's own registration."""
    request = case.tracing_request
    status = case.get_state_display() if disclosure.contact_agreed else request.get_status_display()
    rows = [
        (_("Reference"), values["case_reference"]),
        (_("Agency"), values["agency"]),
        (_("Status"), str(status)),
        (_("Seeker"), values["seeker_name"]),
        (_("Sought person"), values["sought_name"]),
        (_("Relationship"), values["relationship"]),
        (_("Last contact"), values["last_contact"]),
    ]
    decision = disclosure.decision
    if decision is not None:
        rows.append((_("The sought person's decision"), str(decision.get_choice_display())))
        labels = {
            "sought_phone": _("Phone"),
            "sought_email": _("E-mail"),
            "sought_address": _("Address"),
        }
        rows += [(label, values[key]) for key, label in labels.items() if values[key]]
    return rows


def summary_visits(case: Case, language: str, disclosure: Disclosure) -> list[dict[str, object]]:
    """The visits of the case, only once the sought person has agreed to contact."""
    if not disclosure.contact_agreed:
        return []
    visits: list[dict[str, object]] = []
    for visit in Visit.objects.filter(case=case).prefetch_related("applications"):
        shown = visit_values(visit, language, disclosure)
        visits.append(
            {
                "status": visit.get_status_display(),
                "host_country": shown["host_country"],
                "meeting_date": shown["meeting_date"],
                "meeting_place": shown["meeting_place"],
                "applications": [
                    {
                        "traveller": app.traveller_label or app.get_traveller_display(),
                        "kind": app.get_kind_display(),
                        "authority": app.authority,
                        "country": country_name(app.country),
                        "decision": app.get_decision_display(),
                        "deadline": letter_date(app.deadline, language),
                    }
                    for app in visit.applications.all()
                ],
            }
        )
    return visits
