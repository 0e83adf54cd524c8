"""System check: start-up names any model whose personal data erasure or retention would miss."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from peyvand.privacy.coverage import problems
from peyvand.privacy.registry import holdings


@register()
def personal_data_is_declared(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem, hint="Declare it in the app's personal_data.py.", id="privacy.E001")
        for problem in problems(holdings())
    ]
