"""Forms for the separated person's own pages and for registering them through a caseworker.

The forms only parse; the services in ``consent.registrant_services`` and ``consent.services``
validate again and write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.consent.models import Choice
from peyvand.consent.registrant_services import STAFF_CONSENT_METHODS, StandingChoices
from peyvand.people.models import ContactKind, Sex
from peyvand.people.services import ContactInput, NameInput, PersonInput, contact_problem
from peyvand.tracing.models import ConsentMethod, FindableBy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

NAME_FIELDS = ("name_1", "name_2", "name_3")
CONTACT_FIELDS = (
    ("phone", ContactKind.PHONE),
    ("email", ContactKind.EMAIL),
    ("address", ContactKind.ADDRESS),
)
SHAREABLE_CHOICES = [
    (k.value, k.label)
    for k in (ContactKind.PHONE, ContactKind.EMAIL, ContactKind.ADDRESS, ContactKind.OTHER)
]

# Where a service's error keys are shown on these forms; anything else goes on top of the form.
SERVICE_ERROR_FIELDS = {
    "names": "name_1",
    "sex": "sex",
    "birth_date_text": "birth_date_text",
    "findable_by": "findable_by",
    "shareable_kinds": "shareable_kinds",
    "consent": "consent",
    "consent_method": "consent_method",
    "agency": "agency",
    "username": "username",
    "password": "password",
    "email": "email",
    "value": "value",
    "choice": "choice",
    "shared_kinds": "shared_kinds",
    "body": "body",
}


def text(
    label: Promise, *, required: bool = False, max_length: int = 200, **attrs: str
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"dir": "auto", **attrs}),
    )


class CalmForm(forms.Form):
    """Labels read as questions and statements, without a trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PersonDetailsForm(CalmForm):
    """What a separated person says about themself, how to reach them, and their choices."""

    name_1 = text(_("Your name as you usually write it"), required=True, max_length=250)
    name_2 = text(_("Another spelling (for example in Persian or Latin letters)"), max_length=250)
    name_3 = text(_("One more spelling, if there is one"), max_length=250)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth_date_text = text(
        _("Date or year of birth, or age"),
        max_length=60,
        placeholder="1345/06/12 · 1966 · 58",
    )
    birthplace = text(_("Place of birth"))
    father_given_name = text(_("Father's given name"), max_length=120)
    mother_given_name = text(_("Mother's given name"), max_length=120)
    phone = text(_("Phone"), max_length=300, inputmode="tel", autocomplete="tel")
    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=300,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    findable_by = forms.ChoiceField(
        label=_("Who may be told that you were found?"),
        choices=FindableBy.choices,
        initial=FindableBy.ANY_RELATIVE,
        widget=forms.RadioSelect,
    )
    shareable_kinds = forms.MultipleChoiceField(
        label=_("Which of your contact details would you be ready to share?"),
        help_text=_("You will still be asked each time; this only fills in your usual answer."),
        choices=SHAREABLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    sections: tuple[tuple[Promise, tuple[str, ...]], ...] = (
        (
            _("About you"),
            (
                *NAME_FIELDS,
                "sex",
                "birth_date_text",
                "birthplace",
                "father_given_name",
                "mother_given_name",
            ),
        ),
        (_("How to reach you"), ("phone", "email", "address")),
        (_("Your choices"), ("findable_by", "shareable_kinds")),
    )

    def grouped(self) -> list[tuple[Promise, list[BoundField]]]:
        """The form's fields by section, for templates."""
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.sections
        ]

    def _clean_contact(self, field_name: str, kind: str) -> str:
        value: str = self.cleaned_data.get(field_name, "").strip()
        if value and (problem := contact_problem(ContactInput(kind, value))) is not None:
            raise ValidationError(problem)
        return value

    def clean_phone(self) -> str:
        return self._clean_contact("phone", ContactKind.PHONE)

    def clean_email(self) -> str:
        return self._clean_contact("email", ContactKind.EMAIL)

    def person_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            names=[NameInput(full=data[f]) for f in NAME_FIELDS if data.get(f, "").strip()],
            sex=data.get("sex", ""),
            birth_date_text=data.get("birth_date_text", ""),
            birthplace=data.get("birthplace", ""),
            father_given_name=data.get("father_given_name", ""),
            mother_given_name=data.get("mother_given_name", ""),
            contacts=tuple(
                ContactInput(kind, data[f]) for f, kind in CONTACT_FIELDS if data.get(f, "").strip()
            ),
        )

    def standing_choices(self) -> StandingChoices:
        return StandingChoices(
            findable_by=self.cleaned_data["findable_by"],
            shareable_kinds=tuple(self.cleaned_data.get("shareable_kinds", [])),
        )


class SelfRegistrationForm(PersonDetailsForm):
    """A separated person registering themself, with their own account."""

    agency = forms.ModelChoiceField(
        label=_("Which organisation should look after your registration?"),
        queryset=Agency.objects.order_by("name"),
        empty_label=None,
    )
    username = forms.CharField(
        label=_("Choose a user name"),
        help_text=_(
            "A number is added to it to make it yours alone; you will see your user name as soon "
            "as you are registered."
        ),
        max_length=130,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Choose a password (at least 12 characters)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to be registered in Peyvand and compared with the requests of families "
            "looking for a relative. Nothing about me is given to anyone without my answer."
        ),
        required=True,
        error_messages={
            "required": _("Please confirm that you agree to be registered and matched.")
        },
    )

    sections = (
        *PersonDetailsForm.sections,
        (_("Your account"), ("agency", "username", "password", "password_again")),
        (_("Your consent"), ("consent",)),
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


class StaffRegistrationForm(PersonDetailsForm):
    """A caseworker registering a person with the consent they gave in person or in writing."""

    consent = forms.BooleanField(
        label=_("The person gave me their consent to be registered and matched"),
        required=True,
        error_messages={"required": _("A person can only be registered with their consent.")},
    )
    consent_method = forms.ChoiceField(
        label=_("How they gave their consent"),
        choices=[(m.value, m.label) for m in STAFF_CONSENT_METHODS],
        initial=ConsentMethod.IN_PERSON,
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.order_by("name"), required=False
    )

    sections = (
        *PersonDetailsForm.sections,
        (_("Consent"), ("consent", "consent_method", "agency")),
    )

    def __init__(self, *args: Any, choose_agency: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_agency:
            del self.fields["agency"]
        else:
            self.fields["agency"].required = True
        # Written in the third person for staff.
        self.fields["name_1"].label = _("Name as the person writes it")
        self.fields["findable_by"].label = _("Who may be told that the person was found?")
        self.fields["shareable_kinds"].label = _(
            "Which contact details is the person ready to share?"
        )


class StandingChoicesForm(CalmForm):
    findable_by = PersonDetailsForm.base_fields["findable_by"]
    shareable_kinds = PersonDetailsForm.base_fields["shareable_kinds"]

    def __init__(self, *args: Any, held_kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shareable_kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(k, label) for k, label in SHAREABLE_CHOICES if k in held_kinds]

    def standing_choices(self) -> StandingChoices:
        return StandingChoices(
            findable_by=self.cleaned_data["findable_by"],
            shareable_kinds=tuple(self.cleaned_data.get("shareable_kinds", [])),
        )


class ContactForm(CalmForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    value = forms.CharField(
        label=_("Phone, email or address"),
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def contact_input(self) -> ContactInput:
        return ContactInput(self.cleaned_data["kind"], self.cleaned_data["value"])


CHOICE_EXPLANATIONS = {
    Choice.SHARE_CONTACT: _(
        "We give this relative only the contact details you tick below, and nothing else."
    ),
    Choice.MESSAGES_ONLY: _(
        "You write to each other through Peyvand; they do not get your phone, email or address."
    ),
    Choice.NOT_NOW: _("Nothing is shared now, and a caseworker may ask you again later."),
    Choice.DECLINE: _("Nothing is shared, and the family is told only that the search is closed."),
    Choice.DECLINE_FOREVER: _(
        "Nothing is shared, and you will never be asked again about this relative."
    ),
}


class AnswerForm(CalmForm):
    """The sought person's answer to one question."""

    choice = forms.ChoiceField(
        label=_("Your answer"), choices=Choice.choices, widget=forms.RadioSelect
    )
    shared_kinds = forms.MultipleChoiceField(
        label=_("Contact details to share (only if you choose to share them)"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, held_kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shared_kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(k.value, k.label) for k in ContactKind if k.value in held_kinds]

    def choices_explained(self) -> list[tuple[Any, Promise]]:
        """Each radio button with its one-sentence explanation."""
        return [
            (radio, CHOICE_EXPLANATIONS[Choice(radio.data["value"])]) for radio in self["choice"]
        ]


class WithdrawForm(forms.Form):
    """Nothing to fill in: the POST itself is the confirmation."""


class MarkReadForm(CalmForm):
    allow_receipt = forms.BooleanField(
        label=_("Let the family see that I have read their messages"), required=False
    )


class ReplyForm(CalmForm):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
