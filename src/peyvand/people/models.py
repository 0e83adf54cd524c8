"""A person as described by one source, and the names they are known by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.fields import EncryptedCharField
from peyvand.people.national_id import code_melli_validator


class Sex(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class CalendarKind(models.TextChoices):
    JALALI = "jalali", _("Jalali (Solar Hijri)")
    GREGORIAN = "gregorian", _("Gregorian")


class Person(models.Model):
    """One human as one source describes them; several Person rows may describe the same human."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="persons"
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date (Gregorian)"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("birth date precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    birth_date_calendar = models.CharField(
        _("calendar the birth date was given in"),
        max_length=10,
        choices=CalendarKind.choices,
        blank=True,
    )
    birth_date_text = models.CharField(_("birth date as written"), max_length=60, blank=True)
    # Birthplace and national ID identify and locate a person: encrypted at rest, not searchable
    # (the engine compares them in Python).
    birthplace = EncryptedCharField(_("birthplace"), max_length=200, blank=True)
    father_given_name = models.CharField(_("father's given name"), max_length=120, blank=True)
    mother_given_name = models.CharField(_("mother's given name"), max_length=120, blank=True)
    national_id = EncryptedCharField(
        _("national ID (code melli)"),
        max_length=10,
        blank=True,
        validators=[code_melli_validator],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                name="person_birth_date_has_precision",
                condition=models.Q(birth_date__isnull=True)
                | ~models.Q(birth_date_precision="") & ~models.Q(birth_date_calendar=""),
            ),
        ]

    def __str__(self) -> str:
        name = self.primary_name()
        return name.full if name else f"#{self.pk}"

    def primary_name(self) -> Name | None:
        """The first birth name, else any name (uses the prefetch cache when present)."""
        names = list(self.names.all())
        births = [n for n in names if n.kind == NameKind.BIRTH]
        ordered = births or names
        return ordered[0] if ordered else None


class Script(models.TextChoices):
    PERSIAN = "fa", _("Persian script")
    LATIN = "latn", _("Latin script")
    OTHER = "other", _("Other script")


class NameKind(models.TextChoices):
    BIRTH = "birth", _("Birth name")
    ALIAS = "alias", _("Alias")
    ORGANISATIONAL = "organisational", _("Organisational name")
    MARRIED = "married", _("Married name")


class Name(models.Model):
    """One written form of a person's name; Persian and Latin forms are separate rows."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="names"
    )
    script = models.CharField(_("script"), max_length=5, choices=Script.choices)
    given = models.CharField(_("given name"), max_length=120, blank=True)
    family = models.CharField(_("family name"), max_length=120, blank=True)
    full = models.CharField(_("full name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=16, choices=NameKind.choices)
    source = models.CharField(_("source"), max_length=120, blank=True)
    # The engine's cross-script sound key of ``full`` (people.name_search), for staff search.
    search_key = models.CharField(_("search key"), max_length=400, blank=True, editable=False)

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names")
        ordering = ["person_id", "id"]

    def __str__(self) -> str:
        return self.full


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    ADDRESS = "address", _("Postal address")
    OTHER = "other", _("Other way to reach")


class ContactDetail(models.Model):
    """How to reach a person. Never shown to the other party without that person's consent."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    value = EncryptedCharField(_("value"), max_length=300)  # encrypted at rest, not searchable
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact detail")
        verbose_name_plural = _("contact details")
        ordering = ["person_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
