"""Country names as staff type them ("Albania", "Shqipëri", "آلبانی"), written in a letter's
language: a Persian letter says «آلبانی» and an Albanian one "Shqipëri", not "Albania" (issue 15,
item 14). Names not in the list are printed as typed."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

# The countries families cross between on the routes Peyvand's agencies work on.
COUNTRIES = (
    gettext_noop("Afghanistan"),
    gettext_noop("Albania"),
    gettext_noop("Austria"),
    gettext_noop("Belgium"),
    gettext_noop("France"),
    gettext_noop("Germany"),
    gettext_noop("Greece"),
    gettext_noop("Iran"),
    gettext_noop("Iraq"),
    gettext_noop("Italy"),
    gettext_noop("Kosovo"),
    gettext_noop("Montenegro"),
    gettext_noop("Netherlands"),
    gettext_noop("North Macedonia"),
    gettext_noop("Norway"),
    gettext_noop("Serbia"),
    gettext_noop("Sweden"),
    gettext_noop("Switzerland"),
    gettext_noop("Turkey"),
    gettext_noop("United Kingdom"),
)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@cache
def _known_names() -> dict[str, str]:
    """Every spelling in every interface language → the country's English name."""
    known = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            known.update({_key(gettext(country)): country for country in COUNTRIES})
    known.update({_key(country): country for country in COUNTRIES})
    return known


def country_name(typed: str) -> str:
    """``typed`` in the active language when it names a country of the list, else as typed."""
    country = _known_names().get(_key(typed))
    return gettext(country) if country else typed
