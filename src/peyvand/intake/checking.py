"""The dry run of a family list: read as a stream, every row validated as the services will,
repeats and likely duplicates found. Nothing here writes; ``peyvand.intake.services`` records
the result (``start_batch``) and imports the rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency
from peyvand.intake.models import ColumnMapping, ImportKind
from peyvand.intake.reading import REGISTRATION_ONLY, REQUEST_ONLY, detect_columns, open_sheet
from peyvand.intake.rows import CellError, fingerprint, prepare_row
from peyvand.linkage import OnlineIndex, Record
from peyvand.matching.engine import person_model, person_record
from peyvand.people.services import CleanPerson
from peyvand.tracing.models import Registration, TracingRequest

MAX_LISTED_ERRORS = 1000  # in a dry-run report; the failing rows are all counted
DUPLICATE_FLOOR = 0.9  # pairwise match probability from which two rows are reported

Row = tuple[int, dict[str, str]]  # spreadsheet row number, field → value


@dataclass
class Checked:
    """A file read and checked: the columns found, how many rows, and what would fail. The rows
    themselves are not kept (a file is read as a stream), except, encoded one JSON line a row,
    those of a staff upload waiting for its confirmation (``pending``)."""

    kind: str
    columns: dict[str, str]  # field → the file's header
    unknown_headers: list[str]
    row_count: int
    errors: list[CellError]  # the first MAX_LISTED_ERRORS
    errors_not_listed: int
    failing_rows: int
    repeats: list[dict[str, int]]
    duplicates: list[dict[str, Any]]
    pending: list[str] | None = None

    def report(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "unknown_headers": self.unknown_headers,
            "rows": self.row_count,
            "failing_rows": self.failing_rows,
            "errors": [e.as_dict() for e in self.errors],
            "errors_not_listed": self.errors_not_listed,
            "repeats": self.repeats,
            "duplicates": self.duplicates,
        }


def read_rows(
    file: IO[bytes], name: str, kind: str, mapping: ColumnMapping | None = None
) -> tuple[dict[str, str], list[str], Iterator[Row]]:
    """The columns found (field → header), unknown headers, and the rows as field → value, read
    lazily: iterating may raise :class:`FileFormatError` when the file reaches a cap."""
    sheet = open_sheet(file, name)
    by_index, unknown = detect_columns(sheet.headers, mapping.columns if mapping else None)
    excluded = REGISTRATION_ONLY if kind == ImportKind.REQUESTS else REQUEST_ONLY
    for index in [i for i, f in by_index.items() if f in excluded]:
        unknown.append(sheet.headers[index])
        del by_index[index]
    columns = {f: sheet.headers[i] for i, f in by_index.items()}
    rows = (
        (number, {f: values[i] for i, f in by_index.items() if i < len(values) and values[i]})
        for number, values in sheet.rows
    )
    return columns, unknown, rows


def _record(clean: CleanPerson, record_id: str) -> Record:
    birth = clean.birth
    data = clean.data
    sex = data.sex or None
    return Record(
        record_id=record_id,
        names=tuple(" ".join(n.full.split()) for n in data.names if n.full.strip()),
        birth_year=birth.value.year if birth is not None else None,
        birth_date=birth.value if birth is not None and birth.precision == "day" else None,
        birth_precision=str(birth.precision) if birth is not None else "unknown",  # type: ignore[arg-type]
        birthplace=data.birthplace.strip() or None,
        father_name=data.father_given_name.strip() or None,
        sex=sex,  # type: ignore[arg-type]
        national_id=clean.national_id or None,
    )


def find_duplicates(agency: Agency, kind: str, queries: list[Record]) -> list[dict[str, Any]]:
    """Rows that the linkage engine thinks describe the same person as another row of the file
    or an existing record of this agency: reported, never merged."""
    index = OnlineIndex(person_model())
    existing: list[Record] = []
    if kind == ImportKind.REGISTRATIONS:
        for registration in (
            Registration.objects.filter(agency=agency)
            .select_related("person")
            .prefetch_related("person__names")
        ):
            existing.append(person_record(registration.person, f"registration:{registration.pk}"))
    else:
        for request in (
            TracingRequest.objects.filter(agency=agency)
            .select_related("sought")
            .prefetch_related("sought__names")
        ):
            existing.append(person_record(request.sought, f"request:{request.pk}"))
    index.add([*existing, *queries])
    found: list[dict[str, Any]] = []
    for query in queries:
        number = int(query.record_id.removeprefix("row:"))
        for pair in index.candidates(query, top_n=3, one_person_per_query=False):
            if pair.match_probability < DUPLICATE_FLOOR:
                continue
            other_kind, _colon, other = pair.record_id_r.partition(":")
            if other_kind == "row":
                if int(other) > number:
                    found.append(
                        {
                            "row": number,
                            "other_row": int(other),
                            "probability": round(pair.match_probability, 3),
                        }
                    )
            else:
                found.append(
                    {
                        "row": number,
                        "record": pair.record_id_r,
                        "probability": round(pair.match_probability, 3),
                    }
                )
    return found


def check_rows(
    agency: Agency,
    kind: str,
    columns: dict[str, str],
    unknown: list[str],
    rows: Iterable[Row],
    *,
    duplicates: bool = True,
    keep: bool = False,
) -> Checked:
    """The dry run: every row validated as the services will, repeats and likely duplicates
    found, one row at a time. Writes nothing. With ``keep`` the rows are kept for the import."""
    checked = Checked(kind, columns, unknown, 0, [], 0, 0, [], [], [] if keep else None)
    seen: dict[str, int] = {}
    queries: list[Record] = []
    for number, values in rows:
        checked.row_count += 1
        prepared = prepare_row(kind, columns, number, values)
        if prepared.errors:
            checked.failing_rows += 1
            room = MAX_LISTED_ERRORS - len(checked.errors)
            checked.errors.extend(prepared.errors[: max(room, 0)])
            checked.errors_not_listed += max(len(prepared.errors) - max(room, 0), 0)
        key = fingerprint(agency, kind, values)
        if key in seen:
            checked.repeats.append({"row": number, "same_as": seen[key]})
        else:
            seen[key] = number
            if duplicates and prepared.clean is not None:
                queries.append(_record(prepared.clean, f"row:{number}"))
        if checked.pending is not None:
            checked.pending.append(json.dumps([number, values], ensure_ascii=False))
    if duplicates:
        checked.duplicates = find_duplicates(agency, kind, queries)
    return checked


def check_file(
    agency: Agency,
    kind: str,
    file: IO[bytes],
    name: str,
    mapping: ColumnMapping | None = None,
    *,
    duplicates: bool = True,
    keep: bool = False,
) -> Checked:
    """Read and check a file as a stream; raises :class:`FileFormatError` (the file refused
    whole, before anything is imported) when it cannot be read or reaches a cap."""
    if kind not in ImportKind.values:
        raise ValidationError(_("Choose tracing requests or registrations."))
    columns, unknown, rows = read_rows(file, name, kind, mapping)
    return check_rows(agency, kind, columns, unknown, rows, duplicates=duplicates, keep=keep)
