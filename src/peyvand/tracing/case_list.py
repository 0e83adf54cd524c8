"""The staff case list: search by reference code or name (either script), filters, pages.

Everything narrows one queryset from ``cases_visible_to``; names are matched on the stored
cross-script search key (``people.name_search``), so the list costs the same few queries however
many cases and people the registry holds.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency, User
from peyvand.people.models import Name
from peyvand.people.name_search import word_search_keys
from peyvand.tracing.models import Case, CaseState

WAITING_DAYS = (
    ("", _("Any time")),
    ("7", _("Over a week")),
    ("30", _("Over a month")),
    ("90", _("Over three months")),
)


class SearchInput(forms.TextInput):
    input_type = "search"


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Reference code or name"),
        max_length=120,
        required=False,
        widget=SearchInput(attrs={"dir": "auto"}),
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state")), *CaseState.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("Any")
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    waiting = forms.ChoiceField(label=_("Waiting since"), choices=WAITING_DAYS, required=False)

    def __init__(self, *args: object, agencies: QuerySet[Agency], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


def _named(person_field: str, keys: list[str]) -> Exists:
    names = Name.objects.filter(person=OuterRef(person_field))
    for key in keys:
        names = names.filter(search_key__contains=key)
    return Exists(names)


def search_cases(user: User, cases: QuerySet[Case], data: dict[str, object]) -> QuerySet[Case]:
    """``cases`` narrowed by a valid ``CaseSearchForm``'s cleaned data."""
    text = str(data.get("q") or "").strip()
    if text:
        keys = word_search_keys(text)
        matches = Q(tracing_request__reference_code__icontains=text)
        if keys:
            matches |= Q(_named("tracing_request__sought_id", keys))
            matches |= Q(_named("tracing_request__seeker_id", keys))
        cases = cases.filter(matches)
    if data.get("state"):
        cases = cases.filter(state=data["state"])
    agency = data.get("agency")
    if isinstance(agency, Agency):
        cases = cases.filter(agency=agency)
    if data.get("mine"):
        cases = cases.filter(assigned_to=user)
    if data.get("waiting"):
        days = int(str(data["waiting"]))
        cases = cases.filter(opened_at__lte=timezone.now() - timedelta(days=days))
    return cases
