"""Saved column mappings: how one agency's spreadsheets name their columns (header → field).

Each write is one transaction and audited with the field names it maps, never the headers'
text (they are the agency's wording, but the trail keeps to names of fields and ids).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.audit.services import record_event
from peyvand.intake.models import ColumnMapping, ImportKind
from peyvand.intake.reading import FIELDS, REGISTRATION_ONLY, REQUEST_ONLY, normalise_header


def fields_for(kind: str) -> list[str]:
    """The fields a file of ``kind`` may map its columns to, in the order of ``FIELDS``."""
    excluded = REGISTRATION_ONLY if kind == ImportKind.REQUESTS else REQUEST_ONLY
    return [name for name in FIELDS if name not in excluded]


def clean_columns(kind: str, columns: dict[str, str]) -> dict[str, str]:
    """``columns`` (header → field) with headers normalised as files are read; raise one
    ValidationError naming unknown fields, fields of the other kind and empty headers."""
    if kind not in ImportKind.values:
        raise ValidationError({"kind": [_("Choose tracing requests or registrations.")]})
    allowed = set(fields_for(kind))
    errors: list[str] = []
    unknown = sorted({f for f in columns.values() if f not in FIELDS})
    if unknown:
        errors.append(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    other = sorted({f for f in columns.values() if f in FIELDS and f not in allowed})
    if other:
        errors.append(
            _("These fields do not belong in this kind of file: %(fields)s.")
            % {"fields": ", ".join(str(FIELDS[f]) for f in other)}
        )
    cleaned = {normalise_header(h): f for h, f in columns.items()}
    if "" in cleaned:
        errors.append(_("A column name cannot be empty."))
    if not cleaned:
        errors.append(_("Name the column of at least one field."))
    if errors:
        raise ValidationError({"columns": errors})
    return cleaned


def _check_name(agency: Agency, name: str, mapping: ColumnMapping | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the mapping a name.")]})
    taken = ColumnMapping.objects.filter(agency=agency, name=name)
    if mapping is not None:
        taken = taken.exclude(pk=mapping.pk)
    if taken.exists():
        raise ValidationError({"name": [_("Your agency already has a mapping of this name.")]})
    return name


def _details(mapping: ColumnMapping) -> dict[str, object]:
    return {"kind": mapping.kind, "fields": sorted(set(mapping.columns.values()))}


def save_mapping(
    actor: User | None, agency: Agency, name: str, kind: str, columns: dict[str, str]
) -> ColumnMapping:
    """Keep how this agency's files name their columns (header → field) under ``name``,
    replacing a mapping of that name (the CLI's ``--save-mapping``)."""
    bad = sorted(f for f in columns.values() if f not in FIELDS)
    if bad:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(bad)})
    if not name.strip():
        raise ValidationError(_("Give the mapping a name."))
    with transaction.atomic():
        mapping, _created = ColumnMapping.objects.update_or_create(
            agency=agency,
            name=name.strip(),
            defaults={
                "kind": kind,
                "columns": {normalise_header(h): f for h, f in columns.items()},
            },
        )
        record_event(actor, "import.mapping_saved", mapping)
    return mapping


def create_mapping(
    actor: User, agency: Agency, *, name: str, kind: str, columns: dict[str, str]
) -> ColumnMapping:
    """A new saved mapping for the agency (staff page); its name must be new in the agency."""
    cleaned = clean_columns(kind, columns)
    with transaction.atomic():
        mapping = ColumnMapping.objects.create(
            agency=agency, name=_check_name(agency, name), kind=kind, columns=cleaned
        )
        record_event(actor, "import.mapping_created", mapping, details=_details(mapping))
    return mapping


def update_mapping(
    actor: User, mapping: ColumnMapping, *, name: str, kind: str, columns: dict[str, str]
) -> ColumnMapping:
    """Rename a saved mapping or change its kind and columns."""
    cleaned = clean_columns(kind, columns)
    with transaction.atomic():
        mapping.name = _check_name(mapping.agency, name, mapping)
        mapping.kind = kind
        mapping.columns = cleaned
        mapping.save(update_fields=["name", "kind", "columns"])
        record_event(actor, "import.mapping_changed", mapping, details=_details(mapping))
    return mapping


def delete_mapping(actor: User, mapping: ColumnMapping) -> None:
    """Forget a saved mapping; files already imported with it are not affected."""
    with transaction.atomic():
        target = (mapping._meta.label_lower, mapping.pk)
        details = _details(mapping)
        mapping.delete()
        record_event(actor, "import.mapping_deleted", target, details=details)
