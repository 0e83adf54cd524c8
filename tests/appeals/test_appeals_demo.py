"""The demo shows one appeal open for signatures, some families named and some only counted."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from peyvand.appeals.models import Appeal, AppealStatus


@pytest.mark.django_db
def test_the_demo_has_an_open_appeal_with_signatories() -> None:
    call_command("demo", "--seed", "3", "--persons", "60", stdout=StringIO())
    appeal = Appeal.objects.get()
    assert appeal.status == AppealStatus.OPEN
    assert sorted(appeal.texts.values_list("language", flat=True)) == ["en", "fa", "sq"]
    signatures = appeal.signatories.filter(withdrawn_at__isnull=True)
    assert signatures.filter(listed=True).count() >= 3
    assert signatures.filter(listed=False).exists()
    assert {s.tracing_request.agency_id for s in signatures} == {appeal.agency_id}
