"""Forms for caseworkers asking the sought person and recording what they decided."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.consent.models import Channel, Choice
from peyvand.people.models import ContactKind

RECORDED_CHANNELS = (Channel.IN_PERSON, Channel.PHONE, Channel.WRITTEN)


class AskForm(forms.Form):
    """How to put the question: in the app only when the person has an account."""

    channel = forms.ChoiceField(label=_("How to ask"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, has_account: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channels = [Channel.IN_PERSON, Channel.PHONE]
        if has_account:
            channels.insert(0, Channel.APP)
        self.fields["channel"].choices = [(c.value, c.label) for c in channels]  # type: ignore[attr-defined]


class RecordDecisionForm(forms.Form):
    """The answer given in person, by phone or in writing, as the caseworker heard it."""

    choice = forms.ChoiceField(
        label=_("What the person decided"), choices=Choice.choices, widget=forms.RadioSelect
    )
    shared_kinds = forms.MultipleChoiceField(
        label=_(
            "Contact details the person agreed to share (only for “share chosen contact details”)"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("How the person gave the answer"),
        choices=[(c.value, c.label) for c in RECORDED_CHANNELS],
        widget=forms.RadioSelect,
    )
    confirmed = forms.BooleanField(
        label=_("I read the choices to the person and this is what they decided"), required=True
    )

    def __init__(self, *args: Any, held_kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ContactKind.choices)
        self.fields["shared_kinds"].choices = [  # type: ignore[attr-defined]
            (kind, labels.get(kind, kind)) for kind in held_kinds
        ]


class WithdrawDecisionForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("The person asked to withdraw this decision; it takes effect at once"),
        required=True,
    )
