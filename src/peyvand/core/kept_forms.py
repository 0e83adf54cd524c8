"""Writes behind a form that must never lose what a person typed.

A family's tracing request or a caseworker's note can take long to write. When the server cannot
finish the write (the database stayed busy past its timeout, a connection dropped, the shared
cache is unreachable) or a rate limit refuses it, the view shows the same form again with every
field as typed and one translated sentence, instead of an error page that throws the form away.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import db
from django.forms import BaseForm
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Failures of the machinery, not of what was typed: worth another try in a minute.
SERVER_FAILURES: tuple[type[Exception], ...] = (db.Error, RedisError, OSError)
# Status codes for the page that shows the form again.
UNAVAILABLE = 503
TOO_MANY = 429

NOT_SAVED = _(
    "This could not be saved just now because the server is busy. Nothing you typed is lost: "
    "please send it again in a minute."
)
TOO_MANY_ATTEMPTS = _(
    "Too many attempts from your connection. Nothing was saved, but what you typed is still "
    "here: please send it again later."
)


@dataclass(frozen=True)
class Saved(Generic[T]):
    """The write went through; ``value`` is what it returned."""

    value: T


def save_or_keep(form: BaseForm, write: Callable[[], T]) -> Saved[T] | None:
    """Run ``write``; if the server fails it, put a translated error on ``form`` and return None.

    A service's own ``ValidationError`` is not caught: it belongs beside the fields it names.
    """
    try:
        return Saved(write())
    except SERVER_FAILURES:
        logger.exception("a form's write failed on the server; the form is shown again as typed")
        form.add_error(None, NOT_SAVED)
        return None
