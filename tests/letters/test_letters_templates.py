"""Staff edit letter texts: restricted placeholders, escaped output, every version kept."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from letters_world import answered_case, ensure_default_texts

from pdftext import pdf_text
from peyvand.audit.models import AuditEvent
from peyvand.letters.access import current_template
from peyvand.letters.models import LetterTemplate
from peyvand.letters.placeholders import fill_paragraphs, unknown_placeholders
from peyvand.letters.services import LetterRequest, download_letter, edit_template, generate_letter

EDIT_URL = reverse("letter_template_edit", args=["summary", "en"])


def test_unknown_placeholders_are_named():
    text = "Dear {seeker_name}, {{ settings.SECRET_KEY }} {password} {seeker_name}"
    assert unknown_placeholders(text) == ["{ settings.SECRET_KEY }", "{password}"]


def test_values_and_text_are_escaped_and_never_evaluated():
    # Each value goes in escaped and isolated in its own direction; the text around it escaped.
    paragraphs = fill_paragraphs(
        "<b>{seeker_name}</b>\n{{ settings.SECRET_KEY }}\n\n{agency}",
        {"seeker_name": "<script>x</script>", "agency": ""},
    )
    assert paragraphs == [
        '&lt;b&gt;<span dir="ltr">&lt;script&gt;x&lt;/script&gt;</span>&lt;/b&gt;'
        "<br>{{ settings.SECRET_KEY }}",
        '<span dir="ltr">—</span>',
    ]


def test_saving_refuses_unknown_placeholders_with_their_names(world):
    ensure_default_texts()
    with pytest.raises(ValidationError) as refused:
        edit_template(
            world.admin, None, "summary", "en", subject="S", body="{{ settings.SECRET_KEY }}"
        )
    assert "{ settings.SECRET_KEY }" in str(refused.value)
    assert LetterTemplate.objects.filter(kind="summary", language="en").count() == 1


def test_the_editor_page_shows_the_refusal(world):
    ensure_default_texts()
    client = world.client_for("supervisor_a")
    response = client.post(EDIT_URL, {"subject": "Summary", "body": "Hello {secret_key}"})
    assert response.status_code == 400
    assert "Unknown placeholders: {secret_key}" in response.content.decode()
    assert not LetterTemplate.objects.filter(agency=world.agency_a).exists()


def test_each_edit_is_a_new_audited_version_and_nothing_is_lost(world):
    ensure_default_texts()
    default = current_template(None, "summary", "en")
    client = world.client_for("supervisor_a")
    for body in ("First {seeker_name}.", "Second {seeker_name}."):
        response = client.post(EDIT_URL, {"subject": "Summary {case_reference}", "body": body})
        assert response.status_code == 302
    versions = LetterTemplate.objects.filter(agency=world.agency_a).order_by("version")
    assert [(v.version, v.body) for v in versions] == [
        (1, "First {seeker_name}."),
        (2, "Second {seeker_name}."),
    ]
    assert current_template(world.agency_a, "summary", "en") == versions[1]
    # Agency B and the defaults are untouched.
    assert current_template(world.agency_b, "summary", "en") == default
    events = AuditEvent.objects.filter(action="letter_template.edited")
    assert events.count() == 2
    assert events.last().details["placeholders"] == ["case_reference", "seeker_name"]
    page = client.get(EDIT_URL).content.decode()
    assert "First {seeker_name}." in page and "Second {seeker_name}." in page


def test_only_supervisors_and_the_admin_edit(world):
    ensure_default_texts()
    for persona in ("caseworker_a", "dpo", "seeker", "registrant"):
        client = world.client_for(persona)
        assert client.get(EDIT_URL).status_code == 404, persona
        assert client.post(EDIT_URL, {"subject": "x", "body": "y"}).status_code == 404
    assert world.client_for("admin").get(EDIT_URL).status_code == 200
    assert world.client_for("supervisor_a").get(reverse("letter_templates")).status_code == 200
    assert not LetterTemplate.objects.exclude(version=1).exists()


@pytest.mark.pdftotext
def test_markup_and_template_syntax_in_a_text_print_literally(world, tmp_path):
    setup = answered_case(world)
    # Saved through the service: markup is text, not HTML.
    edit_template(
        world.supervisor_a,
        world.agency_a,
        "summary",
        "en",
        subject="Summary",
        body='<img src="file:///etc/passwd"> <b>bold</b> for {seeker_name}',
    )
    # Stored behind the service's back (an old row, a database edit): still never evaluated.
    LetterTemplate.objects.create(
        agency=world.agency_a,
        kind="summary",
        language="sq",
        version=1,
        subject="{{ settings.SECRET_KEY }}",
        body="{% debug %} {{ settings.SECRET_KEY }} {unknown}",
    )
    summary = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "en"))
    text = pdf_text(download_letter(world.caseworker_a, summary), tmp_path)
    assert '<img src="file:///etc/passwd"> <b>bold</b> for' in text
    odd = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "sq"))
    text = pdf_text(download_letter(world.caseworker_a, odd), tmp_path)
    assert "{% debug %} {{ settings.SECRET_KEY }} {unknown}" in text
    assert settings.SECRET_KEY not in text


@pytest.mark.pdftotext
def test_a_phone_number_keeps_its_order_inside_a_persian_sentence(world, tmp_path):
    setup = answered_case(world)
    edit_template(
        world.supervisor_a, world.agency_a, "summary", "fa",
        subject="خلاصه", body="شماره‌ی تماس: {sought_phone} و نشانی: {sought_address}.",
    )  # fmt: skip
    letter = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "fa"))
    text = pdf_text(download_letter(world.caseworker_a, letter), tmp_path)
    assert "+355 69 555 0101" in text
    assert "Rruga e Durresit 7, Tirana" in text
