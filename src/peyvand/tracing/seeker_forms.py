"""Forms a seeker without an account fills in: the tracing request, the track sign-in, and the
small forms on the track page. They only parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.digits import ascii_digits
from peyvand.people.models import ContactKind, NameKind, Sex
from peyvand.people.services import ContactInput, NameInput, PersonInput, contact_problem
from peyvand.tracing.models import Relationship


def _text(label: Any, *, max_length: int, required: bool = False, **kwargs: Any) -> forms.CharField:
    attrs = {"dir": "auto", "autocomplete": "off"}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=attrs),
        **kwargs,
    )


def _area(label: Any, *, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5000,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class SeekerRequestForm(forms.Form):
    """The tracing request as a seeker writes it. Field names map to the service's error keys in
    ``SERVICE_FIELDS``; everything typed is kept when the form is shown again."""

    # Who is looking
    seeker_name = _text(
        _("Your full name"),
        max_length=250,
        required=True,
        error_messages={"required": _("Please write your name.")},
    )
    relationship = forms.ChoiceField(
        label=_("The person you are looking for is your…"),
        choices=[("", _("Choose…")), *Relationship.choices],
        error_messages={
            "required": _("Choose how the sought person is related to you."),
            "invalid_choice": _("Choose how the sought person is related to you."),
        },
    )
    seeker_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "tel"}),
    )
    seeker_email = forms.CharField(
        label=_("Your email address"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "dir": "ltr", "autocomplete": "email"}),
    )
    # Who is sought
    sought_name_1 = _text(
        _("Their name"),
        max_length=250,
        required=True,
        help_text=_("In any script, as you know it."),
        error_messages={
            "required": _("Please write at least one name of the person you are looking for.")
        },
    )
    sought_name_2 = _text(
        _("Another spelling (optional)"),
        max_length=250,
        help_text=_("For example in Latin letters, as it may be written abroad."),
    )
    sought_name_3 = _text(_("One more spelling or another name (optional)"), max_length=250)
    sought_sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose female, male or not stated.")},
    )
    sought_birth = _text(
        _("Birth date, birth year or age"),
        max_length=60,
        help_text=_(
            "Jalali or Gregorian, whatever you know: for example 1345/06/12, 1345, 1966 or an age "
            "such as 52."
        ),
    )
    sought_birthplace = _text(_("Birthplace"), max_length=200)
    sought_father = _text(_("Father's given name"), max_length=120)
    sought_mother = _text(_("Mother's given name"), max_length=120)
    # Separation
    last_contact_text = _text(
        _("When did you last have news?"),
        max_length=60,
        help_text=_("A date or a year, Jalali or Gregorian, for example 1370/02/15 or 1991."),
    )
    last_contact_place = _text(_("Where was that?"), max_length=200)
    circumstances = _area(
        _("How did you lose contact?"),
        help_text=_("Write only what helps to find the person."),
    )
    message_for_sought = _area(
        _("A message for the person you are looking for"),
        help_text=_("It is passed on only if the person agrees to contact."),
    )
    agency = forms.ModelChoiceField(
        label=_("Which organisation should handle your request?"),
        queryset=Agency.objects.order_by("name"),
        empty_label=None,
        error_messages={
            "required": _("Choose an organisation."),
            "invalid_choice": _("Choose an organisation."),
        },
    )

    # Where the service's error keys are shown; unknown keys go to the top of the form.
    SERVICE_FIELDS = {
        "relationship": "relationship",
        "last_contact_text": "last_contact_text",
        "seeker.names": "seeker_name",
        "sought.names": "sought_name_1",
        "sought.sex": "sought_sex",
        "sought.birth_date_text": "sought_birth",
        "sought.birthplace": "sought_birthplace",
        "sought.father_given_name": "sought_father",
        "sought.mother_given_name": "sought_mother",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = list(self.fields["agency"].queryset)  # type: ignore[attr-defined]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
            self.fields["agency"].widget = forms.HiddenInput()

    def _contact(self, kind: str, field_name: str) -> str:
        value = " ".join(str(self.cleaned_data.get(field_name, "")).split())
        if not value:
            return ""
        if kind == ContactKind.PHONE:
            value = ascii_digits(value)
        problem = contact_problem(ContactInput(kind=kind, value=value))
        if problem is not None:
            raise ValidationError(problem)
        return value

    def clean_seeker_phone(self) -> str:
        return self._contact(ContactKind.PHONE, "seeker_phone")

    def clean_seeker_email(self) -> str:
        return self._contact(ContactKind.EMAIL, "seeker_email")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        phone, email = cleaned.get("seeker_phone"), cleaned.get("seeker_email")
        if (
            not phone
            and not email
            and not self.has_error("seeker_phone")
            and not self.has_error("seeker_email")
        ):
            self.add_error(
                "seeker_phone",
                _("Give a phone number or an email address so that a caseworker can reach you."),
            )
        return cleaned

    def seeker_input(self) -> PersonInput:
        data = self.cleaned_data
        contacts = [
            ContactInput(kind=kind, value=data[name])
            for kind, name in (
                (ContactKind.PHONE, "seeker_phone"),
                (ContactKind.EMAIL, "seeker_email"),
            )
            if data[name]
        ]
        return PersonInput(names=[NameInput(full=data["seeker_name"])], contacts=tuple(contacts))

    def sought_input(self) -> PersonInput:
        data = self.cleaned_data
        names = [
            NameInput(full=data[f"sought_name_{index}"], kind=NameKind.BIRTH)
            for index in (1, 2, 3)
            if data[f"sought_name_{index}"].strip()
        ]
        return PersonInput(
            names=names,
            sex=data["sought_sex"],
            birth_date_text=data["sought_birth"],
            birthplace=data["sought_birthplace"],
            father_given_name=data["sought_father"],
            mother_given_name=data["sought_mother"],
        )


def _reference_code(typed: str) -> str:
    """``pv 7k3m q9tx``, ``PV7K3MQ9TX``, ``7K3M-Q9TX`` → ``PV-7K3M-Q9TX``; other text unchanged."""
    letters = "".join(c for c in ascii_digits(typed).upper() if c.isalnum())
    body = letters.removeprefix("PV")
    return f"PV-{body[:4]}-{body[4:]}" if len(body) == 8 and body.isascii() else typed.strip()


class TrackLoginForm(forms.Form):
    reference_code = forms.CharField(
        label=_("Reference code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Please write your reference code.")},
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        max_length=60,
        widget=forms.PasswordInput(
            attrs={"dir": "ltr", "autocomplete": "off", "inputmode": "numeric"}
        ),
        error_messages={"required": _("Please write your passphrase.")},
    )

    def clean_reference_code(self) -> str:
        return _reference_code(self.cleaned_data["reference_code"])


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Something new to add to your request"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        error_messages={"required": _("Please write what you want to add.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_(
            "Do not write phone numbers, addresses or emails: such messages are held for a "
            "caseworker to review."
        ),
        error_messages={"required": _("A message cannot be empty.")},
    )


class ReadMessagesForm(forms.Form):
    allow_receipt = forms.BooleanField(
        label=_("Let the writer see that I have read it"), required=False
    )
