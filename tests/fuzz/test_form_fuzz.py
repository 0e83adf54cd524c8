"""Hypothesis over every form entry point: random, Unicode, overlong and garbage values.

For each entry point a persona posts generated values for the form's fields (some left out,
some valid choices, most nonsense). The suite fails on any unhandled exception (a 500), and
whenever the response is not a success redirect it checks that no row of the domain tables
was written: a refused form leaves no partial record behind.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from peyvand.accounts.forms import PreferencesForm
from peyvand.appeals.forms import (
    AppealTextForm,
    DeliveryForm,
    FollowUpForm,
    NewAppealForm,
    ResponseForm,
    SeekerSignForm,
)
from peyvand.consent.forms import (
    AnswerForm,
    ContactForm,
    MarkReadForm,
    SelfRegistrationForm,
    StaffRegistrationForm,
    StandingChoicesForm,
)
from peyvand.consent.forms import ReplyForm as SoughtReplyForm
from peyvand.consent.staff_forms import AskForm, RecordDecisionForm, WithdrawDecisionForm
from peyvand.letters.forms import GenerateLetterForm, LetterTemplateForm
from peyvand.matching.forms import ConfirmPairForm, ReasonRequiredForm, StartRelinkForm
from peyvand.messaging.forms import ModerationForm
from peyvand.people.services import ContactInput, NameInput, PersonInput
from peyvand.tracing.forms import CaseNoteForm, CaseStateForm
from peyvand.tracing.seeker_forms import (
    AddInformationForm,
    ReplyForm,
    SeekerRequestForm,
    TrackLoginForm,
)
from peyvand.tracing.services import submit_tracing_request

# The matrix's records and OTP-aware clients live beside the matrix (tests/authz).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "authz"))
from authz_scenario import Scenario, build_scenario
from test_authz_matrix import _client

EXAMPLES = 12
PASSPHRASE = "1234-5678-9012"
DOMAIN_APPS = (
    "accounts",
    "people",
    "tracing",
    "matching",
    "consent",
    "messaging",
    "visits",
    "letters",
    "appeals",
)

GARBAGE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\u202eevil\u202c",
        "\ufeff",
        "𝕏" * 3,
        "0",
        "-1",
        "99999999999999999999999",
        "1e308",
        "NaN",
        "<script>alert(1)</script>",
        "'; DROP TABLE people_person; --",
        "{{ 7*7 }}",
        "%s%s%n",
        "1370/13/45",
        "۱۳۷۰/۰۲/۱۵",
        "٠٩١٢٣٤٥٦٧٨٩",
        "محمدرضا‌خدابنده",
        "\r\nSet-Cookie: x=1",
        "../../etc/passwd",
    ]
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآ‌ ۰۱۲۳", max_size=30),
    st.text(min_size=1, max_size=4).map(lambda s: s * 2000),  # overlong
    GARBAGE,
)


def _choices(field: forms.Field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:5]]  # type: ignore[union-attr]
    values = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # grouped choices
            values.extend(str(inner) for inner, _ in label)
        elif value != "":
            values.append(str(value))
    return values


def _strategy(field: forms.Field) -> st.SearchStrategy[Any]:
    if isinstance(field, forms.MultipleChoiceField):
        valid = _choices(field)
        pick = st.sampled_from(valid) if valid else TEXT
        return st.lists(st.one_of(pick, TEXT), max_size=4)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        valid = _choices(field)
        return st.one_of(st.sampled_from(valid), TEXT) if valid else TEXT
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "true", "false", "0", ""]), TEXT)
    return TEXT


def fields_of(form: forms.BaseForm) -> dict[str, st.SearchStrategy[Any]]:
    return {name: _strategy(field) for name, field in form.fields.items()}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS
    }


@dataclass
class Entry:
    persona: str  # a world persona, "anonymous", or "track" (a seeker signed in on /t/)
    url: Callable[[Scenario], str]
    form: Callable[[Scenario], forms.BaseForm]


PASSWORD_TYPED = "correct horse battery staple 9"
# Valid posts: half the examples start from one and overwrite some fields with garbage, so the
# generated values also travel the success path (services, encryption, audit, notices).
VALID: dict[str, Callable[[Scenario], dict[str, Any]]] = {
    "seeker_request_new": lambda s: {
        "seeker_name": "مریم کریمی",
        "relationship": "sibling",
        "seeker_phone": "09120000000",
        "sought_name_1": "رضا کریمی",
        "agency": str(s.world.agency_a.pk),
    },
    "register_self": lambda s: {
        "name_1": "Reza Karimi",
        "agency": str(s.world.agency_a.pk),
        "username": "reza-fuzz",
        "password": PASSWORD_TYPED,
        "password_again": PASSWORD_TYPED,
        "findable_by": "any_relative",
        "consent": "on",
    },
    "register_by_staff": lambda s: {
        "name_1": "رضا کریمی",
        "findable_by": "any_relative",
        "consent": "on",
        "consent_method": "in_person",
    },
    "registrant_contact_add": lambda s: {"kind": "phone", "value": "+355 69 123 4567"},
    "preferences": lambda s: {"language": "en", "calendar": "gregorian"},
    "case_add_note": lambda s: {"text": "Spoke with the seeker."},
    "case_change_state": lambda s: {"state": "searching", "reason": "started"},
    "pair_confirm": lambda s: {"reason": "same father"},
    "pair_reject": lambda s: {"reason": "different birthplace"},
    "pair_undo": lambda s: {"reason": "mistake"},
    "message_moderate": lambda s: {"decision": "stop", "reason": "carries a phone number"},
    "question_record": lambda s: {"choice": "not_now", "channel": "in_person", "confirmed": "on"},
    "track_add": lambda s: {"text": "He had a scar on his left hand."},
    "track_reply": lambda s: {"body": "We miss you."},
    "sought_thread_reply": lambda s: {"body": "I am well."},
    "track_login": lambda s: {"reference_code": "PV-0000-0000", "passphrase": PASSPHRASE},
    "appeal_new": lambda s: {
        "addressee": "وزارت کشور",
        "date": "1404/02/15",
        "language": "fa",
        "title": "درخواست خانواده‌ها",
        "body": "ما خبر می‌خواهیم.",
    },
    "appeal_delivery_add": lambda s: {"date": "2025-05-07", "channel": "post"},
    "appeal_response_add": lambda s: {"received_on": "2025-06-01", "summary": "Received."},
    "appeal_follow_up_add": lambda s: {"due_on": "2025-09-01", "notes": "Write again."},
    "track_appeal": lambda s: {"listed": "no"},
    "case_letter_generate": lambda s: {"kind": "summary", "language": "fa"},
    "letter_template_edit": lambda s: {"subject": "Summary {case_reference}", "body": "Text."},
}


ENTRIES: dict[str, Entry] = {
    "seeker_request_new": Entry(
        "anonymous", lambda s: "/request/new/", lambda s: SeekerRequestForm()
    ),
    "track_login": Entry("anonymous", lambda s: "/t/", lambda s: TrackLoginForm()),
    "track_add": Entry("track", lambda s: "/t/status/add/", lambda s: AddInformationForm()),
    "track_reply": Entry("track", lambda s: "/t/status/reply/", lambda s: ReplyForm()),
    "login": Entry(
        "anonymous",
        lambda s: "/accounts/login/",
        lambda s: forms.Form(data=None),
    ),
    "register_self": Entry(
        "anonymous", lambda s: "/me/register/", lambda s: SelfRegistrationForm()
    ),
    "register_by_staff": Entry(
        "caseworker_a",
        lambda s: "/staff/registrations/new/",
        lambda s: StaffRegistrationForm(choose_agency=False),
    ),
    "preferences": Entry(
        "registrant", lambda s: "/accounts/preferences/", lambda s: PreferencesForm()
    ),
    "registrant_contact_add": Entry(
        "registrant", lambda s: "/me/contacts/", lambda s: ContactForm()
    ),
    "registrant_choices": Entry(
        "registrant",
        lambda s: "/me/choices/",
        lambda s: StandingChoicesForm(held_kinds=["address"]),
    ),
    "question_answer": Entry(
        "registrant",
        lambda s: f"/me/questions/{s.pending_question.pk}/",
        lambda s: AnswerForm(held_kinds=["address"]),
    ),
    "sought_thread_reply": Entry(
        "registrant",
        lambda s: f"/me/threads/{s.decision.pk}/reply/",
        lambda s: SoughtReplyForm(),
    ),
    "sought_thread_read": Entry(
        "registrant", lambda s: f"/me/threads/{s.decision.pk}/read/", lambda s: MarkReadForm()
    ),
    "case_add_note": Entry(
        "caseworker_a", lambda s: f"/cases/{s.world.case_a.pk}/notes/", lambda s: CaseNoteForm()
    ),
    "case_change_state": Entry(
        "caseworker_a", lambda s: f"/cases/{s.world.case_a.pk}/state/", lambda s: CaseStateForm()
    ),
    "pair_confirm": Entry(
        "caseworker_a", lambda s: f"/staff/pairs/{s.pair.pk}/confirm/", lambda s: ConfirmPairForm()
    ),
    "pair_reject": Entry(
        "caseworker_a",
        lambda s: f"/staff/pairs/{s.pair.pk}/reject/",
        lambda s: ReasonRequiredForm(),
    ),
    "pair_undo": Entry(
        "caseworker_a", lambda s: f"/staff/pairs/{s.pair.pk}/undo/", lambda s: ReasonRequiredForm()
    ),
    "pair_ask": Entry(
        "caseworker_a",
        lambda s: f"/staff/pairs/{s.pair.pk}/ask/",
        lambda s: AskForm(has_account=True),
    ),
    "question_record": Entry(
        "caseworker_a",
        lambda s: f"/staff/questions/{s.pending_question.pk}/record/",
        lambda s: RecordDecisionForm(held_kinds=["address"]),
    ),
    "decision_withdraw": Entry(
        "caseworker_a",
        lambda s: f"/staff/decisions/{s.decision.pk}/withdraw/",
        lambda s: WithdrawDecisionForm(),
    ),
    "message_moderate": Entry(
        "caseworker_a", lambda s: f"/staff/messages/{s.message.pk}/", lambda s: ModerationForm()
    ),
    "relink": Entry("supervisor_a", lambda s: "/staff/relink/", lambda s: StartRelinkForm()),
    "appeal_new": Entry("caseworker_a", lambda s: "/staff/appeals/new/", lambda s: NewAppealForm()),
    "appeal_text": Entry(
        "caseworker_a",
        lambda s: f"/staff/appeals/{s.appeal.pk}/text/",
        lambda s: AppealTextForm(),
    ),
    "appeal_delivery_add": Entry(
        "caseworker_a",
        lambda s: f"/staff/appeals/{s.appeal.pk}/deliveries/",
        lambda s: DeliveryForm(),
    ),
    "appeal_response_add": Entry(
        "caseworker_a",
        lambda s: f"/staff/appeals/{s.appeal.pk}/responses/",
        lambda s: ResponseForm(),
    ),
    "appeal_follow_up_add": Entry(
        "caseworker_a",
        lambda s: f"/staff/appeals/{s.appeal.pk}/follow-ups/",
        lambda s: FollowUpForm(),
    ),
    "track_appeal": Entry(
        "track", lambda s: f"/t/appeals/{s.appeal.pk}/", lambda s: SeekerSignForm()
    ),
    "case_letter_generate": Entry(
        "caseworker_a",
        lambda s: f"/cases/{s.world.case_a.pk}/letters/new/",
        lambda s: GenerateLetterForm(
            data={"kind": "support"}, visits=[], applications=[(s.application.pk, "visa")]
        ),
    ),
    "letter_template_edit": Entry(
        "supervisor_a",
        lambda s: "/staff/letters/templates/summary/fa/",
        lambda s: LetterTemplateForm(),
    ),
}
# Sign-in forms that are Django's own: their fields by name.
EXTRA_FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "login": {
        "username": st.one_of(st.sampled_from(["caseworker-a", "seeker"]), TEXT),
        "password": TEXT,
    },
}


def _track_client(world: World) -> Client:
    request = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(
            names=[NameInput(full="مریم کریمی")],
            contacts=(ContactInput(kind="phone", value="09120000000"),),
        ),
        sought=PersonInput(names=[NameInput(full="رضا کریمی")]),
        relationship="sibling",
        passphrase=PASSPHRASE,
    )
    client = Client()
    response = client.post(
        "/t/", {"reference_code": request.reference_code, "passphrase": PASSPHRASE}
    )
    assert response.status_code == 302, response.status_code
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_fuzz_form(world: World, name: str) -> None:
    scenario = build_scenario(world)
    entry = ENTRIES[name]
    track = entry.persona == "track"
    client = _track_client(world) if track else _client(world, entry.persona)
    url = entry.url(scenario)
    fields = {**fields_of(entry.form(scenario)), **EXTRA_FIELDS.get(name, {})}
    assert fields, f"{name}: no fields to fuzz"
    counter = iter(range(1, 10_000))
    seen: list[int] = []

    garbage = st.fixed_dictionaries({}, optional=fields)
    valid = VALID[name](scenario) if name in VALID else None
    posts = garbage if valid is None else st.one_of(garbage, garbage.map(lambda g: {**valid, **g}))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(posts)
    def post_garbage(data: dict[str, Any]) -> None:
        cache.clear()  # rate limits would otherwise answer 429 before the form is parsed
        before = row_counts()
        # a 500 raises here: the test client re-raises unhandled exceptions
        poster = Client() if entry.persona == "anonymous" else client  # signed out each time
        response = poster.post(url, data, REMOTE_ADDR=f"10.9.{next(counter) % 250}.1")
        assert response.status_code < 500, response.status_code
        seen.append(response.status_code)
        if response.status_code != 302:
            assert row_counts() == before, f"{response.status_code}: partial write for {data!r}"

    post_garbage()
    print(name, sorted(seen))
    # the garbage reached the form: not every answer was a refusal before parsing
    assert set(seen) & {200, 302, 400}, f"{name}: only {sorted(set(seen))}"
