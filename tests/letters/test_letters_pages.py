"""Letters from the case page: made, kept encrypted, downloaded as attachments, audited."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django.urls import reverse
from letters_world import REGISTERED_NAME, SOUGHT_ADDRESS, answered_case

from pdftext import pdf_text
from peyvand.audit.models import AuditEvent
from peyvand.letters.models import GeneratedLetter
from peyvand.letters.services import LetterRequest, generate_letter


def _make(client, case, **fields):
    return client.post(reverse("case_letter_generate", args=[case.pk]), fields)


@pytest.mark.pdftotext
def test_a_caseworker_makes_and_downloads_each_letter(world, tmp_path):
    setup = answered_case(world)
    client = world.client_for("caseworker_a")
    page = client.get(reverse("case_letters", args=[setup.case.pk]))
    assert page.status_code == 200
    for fields in (
        {"kind": "invitation", "language": "en", "visit": setup.visit.pk},
        {"kind": "support", "language": "en", "application": setup.application.pk},
        {"kind": "summary", "language": "en"},
    ):
        response = _make(client, setup.case, **fields)
        assert response.status_code == 302, response.content.decode()[:2000]
    letters = list(GeneratedLetter.objects.filter(case=setup.case).order_by("pk"))
    assert [letter.kind for letter in letters] == ["invitation", "support", "summary"]
    letter = letters[1]
    response = client.get(reverse("case_letter_download", args=[setup.case.pk, letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert letter.filename in response["Content-Disposition"]
    assert "Embassy of Albania, Tehran" in pdf_text(response.content, tmp_path)
    downloads = AuditEvent.objects.filter(action="letter.downloaded", object_id=str(letter.pk))
    assert downloads.count() == 1 and downloads.get().actor == world.caseworker_a
    assert AuditEvent.objects.filter(action="letter.generated").count() == 3


def test_the_form_asks_for_the_visit_and_refuses_another_cases(world):
    setup = answered_case(world)
    client = world.client_for("caseworker_a")
    response = _make(client, setup.case, kind="invitation", language="fa")
    assert response.status_code == 400
    assert "Choose the visit to invite for." in response.content.decode()
    response = _make(client, setup.case, kind="invitation", language="fa", visit=999999)
    assert response.status_code == 400
    response = _make(client, setup.case, kind="summary", language="de")
    assert response.status_code == 400
    assert not GeneratedLetter.objects.exists()


def test_a_refused_letter_says_why(world):
    setup = answered_case(world, "decline")
    response = _make(world.client_for("caseworker_a"), setup.case, kind="support", language="en")
    assert response.status_code == 400
    assert not GeneratedLetter.objects.exists()


def test_other_agencies_get_404_for_the_page_the_making_and_the_download(world):
    setup = answered_case(world)
    letter = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "en"))
    case_b = world.case_b
    for persona in ("caseworker_b", "seeker", "registrant", "outsider"):
        client = world.client_for(persona)
        assert client.get(reverse("case_letters", args=[setup.case.pk])).status_code == 404
        download = reverse("case_letter_download", args=[setup.case.pk, letter.pk])
        assert client.get(download).status_code == 404, persona
        assert _make(client, setup.case, kind="summary", language="en").status_code == 404
    # The letter of case A asked for under case B (which caseworker B may see): the same 404.
    client = world.client_for("caseworker_b")
    assert (
        client.get(reverse("case_letter_download", args=[case_b.pk, letter.pk])).status_code == 404
    )
    # The DPO reads but does not make letters.
    dpo = world.client_for("dpo")
    assert (
        dpo.get(reverse("case_letter_download", args=[setup.case.pk, letter.pk])).status_code == 200
    )
    assert _make(dpo, setup.case, kind="summary", language="en").status_code == 404
    assert GeneratedLetter.objects.count() == 1


def test_a_letter_with_the_address_is_only_for_those_who_may_see_it(world):
    setup = answered_case(world)
    letter = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "en"))
    assert letter.discloses_address
    url = reverse("case_letter_download", args=[setup.case.pk, letter.pk])
    assert world.client_for("caseworker_a").get(url).status_code == 200
    assert world.client_for("supervisor_a").get(url).status_code == 404
    page = world.client_for("supervisor_a").get(reverse("case_letters", args=[setup.case.pk]))
    assert url not in page.content.decode()


def test_the_stored_letter_is_encrypted_at_rest(world):
    setup = answered_case(world)
    letter = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "en"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pdf FROM letters_generatedletter WHERE id = %s", [letter.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("pv1:")
    assert "JVBERi" not in raw  # base64 of "%PDF"
    plain = base64.b64decode(GeneratedLetter.objects.get(pk=letter.pk).pdf)
    assert plain.startswith(b"%PDF-")
    for secret in (REGISTERED_NAME, SOUGHT_ADDRESS):
        assert secret.encode() not in raw.encode()
