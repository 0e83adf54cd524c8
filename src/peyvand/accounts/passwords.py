"""Password rules with messages in every interface language: Django 5.2's own "too short"
message has no Persian or Albanian translation yet (issue 15, item 13)."""

from __future__ import annotations

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext

from peyvand.core.display import show_number


class MinimumLength(MinimumLengthValidator):
    """Django's length rule, saying the length in the reader's language and digits."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must have at least %(count)s character.",
            "This password is too short: it must have at least %(count)s characters.",
            self.min_length,
        ) % {"count": show_number(self.min_length)}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must have at least %(count)s character.",
            "Your password must have at least %(count)s characters.",
            self.min_length,
        ) % {"count": show_number(self.min_length)}
