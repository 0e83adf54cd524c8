"""``{% name_reading person %}``: a reading of a person's name for staff who cannot read its script.

Latin-reading staff (en, sq) see a Latin reading beside a Persian-only name; Persian-reading
staff (fa) see a Persian reading beside a Latin-only name. Nothing is shown when the person has a
name of their own in the reader's script: their own spelling always wins over a reading.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peyvand.linkage import latin_reading, persian_reading
from peyvand.people.models import Script

register = template.Library()


@register.simple_tag
def name_reading(person: Any) -> SafeString | str:
    """The marked reading of the person's first name in the other script, or ""."""
    if person is None:
        return ""
    to_persian = (get_language() or "en").startswith("fa")
    target, source = (
        (Script.PERSIAN, Script.LATIN) if to_persian else (Script.LATIN, Script.PERSIAN)
    )
    names = list(person.names.all())  # the prefetch cache on list pages: no query per row
    if any(name.script == target for name in names):
        return ""
    written = next((name.full for name in names if name.script == source), "")
    reading = (persian_reading if to_persian else latin_reading)(written) if written else ""
    if not reading:
        return ""
    return format_html(
        '<small class="muted name-reading" dir="{}" title="{}">{}</small>',
        "rtl" if to_persian else "ltr",
        _("Spelled out by Peyvand from the other script; not how the person writes their name."),
        _("reading: %(name)s") % {"name": reading},
    )
