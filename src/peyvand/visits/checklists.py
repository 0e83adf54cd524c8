"""The documents each kind of application usually needs: the starting checklist, which the
caseworker can extend per application (consulates differ)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from peyvand.visits.models import ApplicationKind

# Stored in English (gettext_noop) and translated when shown, so one checklist reads in every
# interface language.
DEFAULT_CHECKLISTS: dict[str, tuple[str, ...]] = {
    ApplicationKind.HOST_VISA: (
        gettext_noop("Passport valid for at least six months after the return"),
        gettext_noop("Passport photographs"),
        gettext_noop("Completed visa application form"),
        gettext_noop("Invitation letter from the family member in the host country"),
        gettext_noop("Proof of the family relationship"),
        gettext_noop("Travel health insurance"),
        gettext_noop("Proof of means for the stay"),
        gettext_noop("Return ticket reservation"),
        gettext_noop("Visa fee paid"),
    ),
    ApplicationKind.TRAVEL_DOCUMENT: (
        gettext_noop("Residence permit"),
        gettext_noop("Identity document or refugee card"),
        gettext_noop("Completed travel document application form"),
        gettext_noop("Passport photographs"),
        gettext_noop("Statement of the purpose of travel (support letter)"),
        gettext_noop("Fee paid"),
    ),
    ApplicationKind.THIRD_COUNTRY_VISA: (
        gettext_noop("Passport or travel document valid for the whole stay"),
        gettext_noop("Passport photographs"),
        gettext_noop("Completed visa application form"),
        gettext_noop("Invitation or support letter"),
        gettext_noop("Proof of the family relationship"),
        gettext_noop("Travel health insurance"),
        gettext_noop("Accommodation booking"),
        gettext_noop("Proof of means for the stay"),
        gettext_noop("Visa fee paid"),
    ),
}
