"""Forms for producing a letter on a case and for editing a letter's text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.letters.models import LetterKind, LetterLanguage
from peyvand.letters.services import BODY_MAX, SUBJECT_MAX


class GenerateLetterForm(forms.Form):
    """One kind of letter: the language, and for an invitation the visit, for a support letter
    the application (chosen among the case's own)."""

    kind = forms.ChoiceField(choices=LetterKind.choices, widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language"), choices=LetterLanguage.choices)
    # dir=auto: a visit or an application is named by its country and authority, often in Latin.
    visit = forms.TypedChoiceField(
        label=_("Visit"), coerce=int, required=False, widget=forms.Select(attrs={"dir": "auto"})
    )
    application = forms.TypedChoiceField(
        label=_("Application"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"dir": "auto"}),
    )

    def __init__(
        self,
        *args: Any,
        visits: list[tuple[int, str]],
        applications: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        visit_field = self.fields["visit"]
        application_field = self.fields["application"]
        assert isinstance(visit_field, forms.ChoiceField)
        assert isinstance(application_field, forms.ChoiceField)
        visit_field.choices = visits
        application_field.choices = applications
        kind = self.data.get(self.add_prefix("kind")) or self.initial.get("kind")
        if kind != LetterKind.INVITATION:
            del self.fields["visit"]
        if kind != LetterKind.SUPPORT:
            del self.fields["application"]


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto"}),
        help_text=_(
            "Plain text. A blank line starts a new paragraph. Only the placeholders listed "
            "below can be used, written in braces, such as {seeker_name}."
        ),
    )
