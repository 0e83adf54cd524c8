"""Letters hold only what the sought person's decision in force allows (read with pdftotext)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from letters_world import (
    MEETING_PLACE,
    REGISTERED_NAME,
    SOUGHT_ADDRESS,
    SOUGHT_PHONE,
    answered_case,
    withdraw,
)

from pdftext import pdf_text
from peyvand.audit.models import AuditEvent
from peyvand.letters.models import LetterTemplate
from peyvand.letters.services import (
    LetterRequest,
    download_letter,
    edit_template,
    generate_letter,
)

CONTACT_LINE = "Phone {sought_phone}, address {sought_address}, meeting at {meeting_place}."


def _with_contact_line(world):
    """English invitation whose text asks for every gated value."""
    template = LetterTemplate.objects.get(kind="invitation", language="en", agency=None)
    edit_template(
        world.admin, None, "invitation", "en", subject=template.subject,
        body=template.body + "\n\n" + CONTACT_LINE,
    )  # fmt: skip


def _text(world, setup, actor, kind, tmp_path):
    wanted = LetterRequest(kind, "en", visit=setup.visit, application=setup.application)
    letter = generate_letter(actor, setup.case, wanted)
    return letter, pdf_text(download_letter(actor, letter), tmp_path)


@pytest.mark.pdftotext
def test_messages_only_names_the_person_but_gives_no_way_to_reach_them(world, tmp_path):
    setup = answered_case(world, "messages_only")
    _with_contact_line(world)
    texts = {}
    for kind in ("invitation", "summary"):
        letter, texts[kind] = _text(world, setup, world.caseworker_a, kind, tmp_path)
        assert REGISTERED_NAME in texts[kind]
        for secret in (SOUGHT_PHONE, SOUGHT_ADDRESS):
            assert secret not in texts[kind], (kind, secret)
        assert not letter.discloses_address
    # The meeting place is where their caseworker arranged for the two to meet: the family
    # needs it to get there (issue 15, item 14); it is none of the person's contact details.
    line = f"Phone —, address —, meeting at {MEETING_PLACE}."
    assert line in " ".join(texts["invitation"].split())
    event = AuditEvent.objects.filter(action="letter.generated").order_by("sequence").first()
    assert event is not None
    assert set(event.details["withheld"]) == {"sought_address", "sought_phone"}


@pytest.mark.pdftotext
def test_shared_details_appear_only_for_their_kinds(world, tmp_path):
    setup = answered_case(world, "share_contact", ("phone",))
    _with_contact_line(world)
    _letter, text = _text(world, setup, world.caseworker_a, "invitation", tmp_path)
    assert SOUGHT_PHONE in text and MEETING_PLACE in text
    assert SOUGHT_ADDRESS not in text


@pytest.mark.pdftotext
def test_the_address_needs_consent_and_the_right_to_see_it(world, tmp_path):
    setup = answered_case(world, "share_contact", ("phone", "address"))
    _with_contact_line(world)
    letter, text = _text(world, setup, world.caseworker_a, "invitation", tmp_path)
    assert SOUGHT_ADDRESS in text and letter.discloses_address
    # A supervisor of the same agency may not see the sought person's address on the case page:
    # a letter they make leaves it out.
    letter, text = _text(world, setup, world.supervisor_a, "summary", tmp_path)
    assert SOUGHT_ADDRESS not in text and SOUGHT_PHONE in text
    assert not letter.discloses_address


@pytest.mark.pdftotext
def test_without_consent_to_contact_the_summary_keeps_to_the_seekers_own_account(world, tmp_path):
    setup = answered_case(world, "share_contact", ("phone", "address"))
    withdraw(world)
    _letter, text = _text(world, setup, world.caseworker_a, "summary", tmp_path)
    for secret in (REGISTERED_NAME, SOUGHT_PHONE, SOUGHT_ADDRESS, MEETING_PLACE, "Albania"):
        assert secret not in text, secret
    assert "Contact established" not in text  # the neutral status the seeker sees
    for kind in ("invitation", "support"):
        with pytest.raises(ValidationError, match="has not agreed to contact"):
            _text(world, setup, world.caseworker_a, kind, tmp_path)


@pytest.mark.pdftotext
def test_a_declined_request_gives_a_summary_like_not_found(world, tmp_path):
    setup = answered_case(world, "decline")
    assert setup.visit is None
    _letter, text = _text(world, setup, world.caseworker_a, "summary", tmp_path)
    assert REGISTERED_NAME not in text and SOUGHT_PHONE not in text
    assert "decline" not in text.lower()
