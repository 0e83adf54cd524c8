"""Every model with a path to a person, registration, request or case is covered by erasure and
retention, through its app's own declaration; the domain apps never import the privacy app."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command

from peyvand.core.holdings import Erasure, Retention
from peyvand.privacy.coverage import problems, reaching_models
from peyvand.privacy.registry import holdings, model_of

SRC = Path(__file__).resolve().parents[2] / "src" / "peyvand"


def test_every_model_reaching_a_person_or_case_is_declared_and_matches_its_model() -> None:
    assert problems(holdings()) == []
    declared = {h.model for h in holdings()}
    reaching = reaching_models(model_of(h) for h in holdings() if h.erasure == Erasure.SUBJECT)
    # The walk finds what it should, across apps and through chains of keys.
    assert {
        "messaging.Message",
        "visits.ChecklistItem",
        "matching.MatchReview",
        "appeals.AppealDocument",
        "interop.ExternalNote",
    } <= set(reaching)
    assert set(reaching) <= declared


def test_a_model_nobody_declares_is_named() -> None:
    without = [h for h in holdings() if h.model != "messaging.Message"]
    assert problems(without) == [
        "messaging.Message reaches a person or case through 'case' but no app's "
        "personal_data.py says what erasure and retention do with it"
    ]


@pytest.mark.parametrize(
    ("model", "change", "expected"),
    [
        ("visits.ChecklistItem", {"parent": "visit"}, "parent 'visit' is no field"),
        (
            "visits.Visit",
            {"erasure": Erasure.WITH_PARENT, "parent": "case"},
            "parent 'case' does not delete this row with it",
        ),
        ("consent.Decision", {"why": ""}, "retention keeps it: say why"),
        ("appeals.AppealDocument", {"reaches": {}}, "'named_requests' leads to tracing."),
        ("tracing.TracingRequest", {"cleared": ("no_such_field",)}, "no field 'no_such_field'"),
        ("messaging.Message", {"reaches": {"kase": "case"}}, "lookup 'kase' does not resolve"),
        ("letters.GeneratedLetter", {"retention": Retention.KEEP}, "say why"),
    ],
)
def test_a_declaration_that_does_not_match_its_model_is_named(
    model: str, change: dict[str, object], expected: str
) -> None:
    changed = [replace(h, **change) if h.model == model else h for h in holdings()]  # type: ignore[arg-type]
    found = problems(changed)
    assert any(p.startswith(model) and expected in p for p in found), found


def test_start_up_checks_run_the_same_coverage() -> None:
    call_command("check")  # raises SystemCheckError on any privacy.E001


def test_no_app_below_privacy_imports_it() -> None:
    importing = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] != "privacy"
        and re.search(r"^\s*(from|import) peyvand\.privacy\b", path.read_text(), re.MULTILINE)
    ]
    assert importing == []
