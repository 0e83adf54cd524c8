"""Uploaded files: accepted by what their bytes are, within a size limit, and only ever served
back as a download.

Every upload (a family list at ``/staff/intake/``; any future scanned document or photo) goes
through ``validate_upload`` (or ``UploadValidator`` on a form field), and any served back goes
through ``attachment_response``. What a file unpacks to and holds (rows, columns, cells, XML
records) is capped again where it is read: ``peyvand.intake.limits`` and
``peyvand.interop.pfif``.

- the type is decided by the file's first bytes (its "magic number"), never by the name or the
  Content-Type the browser sent, and the name's extension must agree with it;
- the size is capped by ``PEYVAND_UPLOAD_MAX_BYTES`` (settings, default 5 MiB), counted on the
  bytes actually received;
- the response is ``Content-Disposition: attachment`` with a sanitised name, the detected type,
  ``nosniff``, and a CSP sandbox, so a crafted file never runs as a page of this origin.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]
    # a second signature at a fixed offset (WebP: "WEBP" at byte 8 of a RIFF file)
    at_offset: tuple[int, bytes] | None = None

    def matches(self, head: bytes) -> bool:
        if not any(head.startswith(signature) for signature in self.signatures):
            return False
        if self.at_offset is not None:
            offset, marker = self.at_offset
            return head[offset : offset + len(marker)] == marker
        return True


PDF = FileKind("pdf", "application/pdf", (".pdf",), (b"%PDF-",))
PNG = FileKind("png", "image/png", (".png",), (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
WEBP = FileKind("webp", "image/webp", (".webp",), (b"RIFF",), at_offset=(8, b"WEBP"))
DEFAULT_KINDS: tuple[FileKind, ...] = (PDF, PNG, JPEG, WEBP)
HEAD_BYTES = 16
CHUNK = 64 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "PEYVAND_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))


def detect_kind(head: bytes, kinds: Iterable[FileKind] = DEFAULT_KINDS) -> FileKind | None:
    """The kind whose signature the first bytes carry, or None."""
    for kind in kinds:
        if kind.matches(head):
            return kind
    return None


def _read_head_and_size(file: IO[bytes], limit: int) -> tuple[bytes, int]:
    """The first bytes and the real size, reading at most limit + 1 bytes."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    size = len(head)
    while size <= limit:
        chunk = file.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
    file.seek(0)
    return head, size


def validate_upload(
    file: Any, kinds: Iterable[FileKind] = DEFAULT_KINDS, max_bytes: int | None = None
) -> FileKind:
    """Return the detected kind, or raise ValidationError (translated, without the file's
    content in the message). ``file`` is a Django UploadedFile or any binary file object with
    a ``name``."""
    kinds = tuple(kinds)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    head, size = _read_head_and_size(file, limit)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is too large: at most %(megabytes)s MB."),
            code="too_large",
            params={"megabytes": f"{limit / (1024 * 1024):.1f}"},
        )
    kind = detect_kind(head, kinds)
    if kind is None:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(kinds)s."),
            code="type",
            params={"kinds": ", ".join(k.name.upper() for k in kinds)},
        )
    name = str(getattr(file, "name", "") or "").lower()
    if not name.endswith(kind.extensions):
        raise ValidationError(
            _("The file's name does not match its content."), code="extension_mismatch"
        )
    return kind


@deconstructible
class UploadValidator:
    """Form or model field validator: ``validators=[UploadValidator()]``."""

    def __init__(self, kinds: tuple[str, ...] = (), max_bytes: int | None = None) -> None:
        self.kinds = kinds
        self.max_bytes = max_bytes

    def __call__(self, file: Any) -> None:
        chosen = [k for k in DEFAULT_KINDS if not self.kinds or k.name in self.kinds]
        validate_upload(file, chosen, self.max_bytes)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_bytes))


def safe_filename(name: str, kind: FileKind) -> str:
    """A download name with no path, no control or quoting characters, and the kind's own
    extension; letters of any script are kept (Persian names stay readable)."""
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    base = re.sub(r"[\"';:<>|*?%]", "", base).strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[:100] or "document"
    return f"{stem}{kind.extensions[0]}"


def attachment_response(file: IO[bytes], filename: str, kind: FileKind) -> FileResponse:
    """Serve a stored upload as a download: never rendered inline by this origin."""
    response = FileResponse(
        file, as_attachment=True, filename=safe_filename(filename, kind), content_type=None
    )
    response["Content-Type"] = kind.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response
