"""Agencies and user accounts with one role each."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.usernames import username_key

# Erased accounts are renamed "erased-<id>" (people.erasure); nobody else may take such a name.
ERASED_PREFIX = "erased-"
_ERASED_KEY = re.compile(r"erased[ol2346789s]+")  # the skeleton of "erased-<digits>"
UNAVAILABLE = _("This user name cannot be used. Choose another one.")


class Agency(models.Model):
    """An organisation whose staff work on cases: an association, a tracing service."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # How the agency is named in letters written in Persian and in Albanian (issue 15, item 14);
    # empty: the name above.
    name_fa = models.CharField(_("name in Persian"), max_length=200, blank=True)
    name_sq = models.CharField(_("name in Albanian"), max_length=200, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code"))
    moderates_messages = models.BooleanField(
        _("a caseworker reads every relayed message before it is delivered"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The agency's name as a letter in ``language`` writes it."""
        return {"fa": self.name_fa, "sq": self.name_sq}.get(language, "") or self.name


class Role(models.TextChoices):
    SEEKER = "seeker", _("Seeker")
    REGISTRANT = "registrant", _("Registrant")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    DPO = "dpo", _("Data-protection officer")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.DPO, Role.ADMIN})
AGENCY_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


class CalendarChoice(models.TextChoices):
    AUTO = "", _("By language")
    JALALI = "jalali", _("Jalali (Solar Hijri)")
    GREGORIAN = "gregorian", _("Gregorian")


class User(AbstractUser):
    """A person who signs in. Staff roles belong to an agency; seekers and registrants do not."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    language = models.CharField(_("language"), max_length=5, blank=True)
    calendar = models.CharField(
        _("calendar"), max_length=10, choices=CalendarChoice.choices, blank=True
    )
    # The user name's skeleton (``accounts.usernames``), unique: no two names a reader could
    # take for one another, however an account is created (service, admin, command line).
    username_key = models.CharField(
        _("user name key"), max_length=600, unique=True, editable=False, blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="staff_of_agency_roles_have_agency",
                condition=~models.Q(role__in=["caseworker", "supervisor"], agency__isnull=True),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        key = username_key(self.username)
        taken = User.objects.filter(username_key=key).exclude(pk=self.pk).exists()
        erased = _ERASED_KEY.fullmatch(key) and self.username != f"{ERASED_PREFIX}{self.pk}"
        if taken or erased:
            raise ValidationError({"username": UNAVAILABLE})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username_key = username_key(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_key"}
        super().save(*args, **kwargs)

    @property
    def is_agency_staff(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def sees_all_agencies(self) -> bool:
        return self.role in (Role.DPO, Role.ADMIN)
