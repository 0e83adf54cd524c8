"""Views reach protected rows only through the access functions: scan their source."""

from __future__ import annotations

import ast
from pathlib import Path

import peyvand

PROTECTED = {
    "Person",
    "Name",
    "TracingRequest",
    "Registration",
    "Case",
    "CaseNote",
    "Visit",
    "TravelApplication",
    "ChecklistItem",
    "GeneratedLetter",
    "Appeal",
    "Signatory",
    "AppealDocument",
    "FollowUp",
}
FORBIDDEN_CALLS = {"get_object_or_404", "get_list_or_404"}
PACKAGE = Path(peyvand.__file__).resolve().parent


def direct_fetches(source: str) -> list[str]:
    """Return ``Model.objects`` uses on protected models and shortcut fetches in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in PROTECTED
        ):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in FORBIDDEN_CALLS:
                found.append(f"{name} (line {node.lineno})")
    return found


def test_scanner_catches_a_direct_fetch() -> None:
    bad = "def view(request, pk):\n    return Case.objects.get(pk=pk)\n"
    assert direct_fetches(bad) == ["Case.objects (line 2)"]
    assert direct_fetches("x = get_object_or_404(Person, pk=1)") == ["get_object_or_404 (line 1)"]


def test_no_view_module_fetches_protected_rows_directly() -> None:
    view_modules = [
        *sorted(PACKAGE.glob("**/*views.py")),
        *sorted(PACKAGE.glob("**/api.py")),
        *sorted(PACKAGE.glob("**/views/*.py")),
        *sorted(PACKAGE.glob("**/admin.py")),
    ]
    assert view_modules, "no view modules found: the scan would prove nothing"
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in view_modules
        if (hits := direct_fetches(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
