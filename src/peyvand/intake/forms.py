"""Forms of the intake pages: the upload (dry run first) and a quarantined row's values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.uploads import FileKind, validate_upload
from peyvand.intake.models import ColumnMapping, ImportKind
from peyvand.intake.reading import FIELDS, REGISTRATION_ONLY, REQUEST_ONLY, normalise_header

# XLSX is a ZIP container; CSV has no signature, so it is accepted by name and must then read
# as UTF-8 text (peyvand.intake.reading refuses anything else).
XLSX = FileKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    (b"PK\x03\x04",),
)
CSV = FileKind("csv", "text/csv", (".csv", ".txt"), (b"",))
IMPORT_KINDS = (XLSX, CSV)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    kind = forms.ChoiceField(label=_("The rows are"), choices=ImportKind.choices)
    mapping = forms.ModelChoiceField(
        label=_("Saved column names"),
        queryset=ColumnMapping.objects.none(),
        required=False,
        empty_label=_("Recognise the headers"),
    )

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mapping"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            ColumnMapping.objects.filter(agency=agency).order_by("name")
            if agency is not None
            else ColumnMapping.objects.none()
        )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        kind = validate_upload(file, IMPORT_KINDS)
        if kind is XLSX:
            return file
        if not str(file.name).lower().endswith(CSV.extensions):
            raise ValidationError(_("Upload a CSV or XLSX file."))
        return file


class RowForm(forms.Form):
    """One text field per import field of the row's kind, filled with the stored values."""

    def __init__(self, *args: Any, kind: str, columns: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        excluded = REGISTRATION_ONLY if kind == ImportKind.REQUESTS else REQUEST_ONLY
        for name, label in FIELDS.items():
            if name in excluded:
                continue
            header = columns.get(name)
            self.fields[name] = forms.CharField(
                label=f"{label} ({header})" if header else str(label),
                required=False,
                max_length=300,
            )

    def values(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.cleaned_data.items() if str(v).strip()}


HEADER_SEPARATOR = "|"


class MappingForm(forms.Form):
    """A saved mapping: its name, the kind of file, and for each field the header (or headers,
    separated by ``|``) the agency's files give that column."""

    name = forms.CharField(label=_("Name of the mapping"), max_length=80)
    kind = forms.ChoiceField(label=_("For files of"), choices=ImportKind.choices)

    def __init__(self, *args: Any, mapping: ColumnMapping | None = None, **kwargs: Any) -> None:
        if mapping is not None:
            by_field: dict[str, list[str]] = {}
            for header, name in mapping.columns.items():
                by_field.setdefault(name, []).append(header)
            kwargs["initial"] = {
                "name": mapping.name,
                "kind": mapping.kind,
                **{
                    f"column_{name}": f" {HEADER_SEPARATOR} ".join(headers)
                    for name, headers in by_field.items()
                },
            }
        super().__init__(*args, **kwargs)
        for name, label in FIELDS.items():
            self.fields[f"column_{name}"] = forms.CharField(
                label=str(label), required=False, max_length=300
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, str] = {}
        for name in FIELDS:
            for header in str(data.get(f"column_{name}", "")).split(HEADER_SEPARATOR):
                key = normalise_header(header)
                if key and seen.setdefault(key, name) != name:
                    self.add_error(
                        f"column_{name}",
                        _("“%(header)s” is already the column of another field.")
                        % {"header": header.strip()},
                    )
        return data

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{name}"] for name in FIELDS]

    def columns(self) -> dict[str, str]:
        """header → field, from every filled field input."""
        found: dict[str, str] = {}
        for name in FIELDS:
            text = str(self.cleaned_data.get(f"column_{name}", ""))
            for header in text.split(HEADER_SEPARATOR):
                if header.strip():
                    found[header.strip()] = name
        return found
