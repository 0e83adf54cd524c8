"""Uploads: type by magic bytes, size limit, and only ever served as an attachment."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from peyvand.core.uploads import (
    JPEG,
    PDF,
    PNG,
    UploadValidator,
    attachment_response,
    safe_filename,
    validate_upload,
)

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.7\n" + b"x" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.pdf", PDF_BYTES, "pdf"),
        ("photo.PNG", PNG_BYTES, "png"),
        ("photo.jpeg", JPEG_BYTES, "jpeg"),
        ("photo.jpg", JPEG_BYTES, "jpeg"),
        ("photo.webp", WEBP_BYTES, "webp"),
    ],
)
def test_accepted_kinds(name: str, content: bytes, kind: str) -> None:
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    assert validate_upload(upload).name == kind
    assert upload.read(4) == content[:4]  # left at the start for whoever stores it


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "type"),  # HTML named .pdf
        ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='x()'/>", "type"),
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 60, "type"),
        ("photo.png", JPEG_BYTES, "extension_mismatch"),  # a JPEG named .png
        ("photo.pdf.html", PDF_BYTES, "extension_mismatch"),
        ("riff.webp", b"RIFF\x24\x00\x00\x00AVI LIST" + b"\x00" * 64, "type"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refused_by_content_not_by_claim(name: str, content: bytes, code: str) -> None:
    # the browser's declared type says PDF/PNG every time: it is never trusted
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    assert refused.value.code == code


@override_settings(PEYVAND_UPLOAD_MAX_BYTES=1024)
def test_size_limit_counts_the_bytes_received() -> None:
    assert validate_upload(SimpleUploadedFile("a.pdf", PDF_BYTES + b"x" * (1024 - 73))).name
    big = SimpleUploadedFile("a.pdf", PDF_BYTES + b"x" * 2000)
    with pytest.raises(ValidationError) as refused:
        validate_upload(big)
    assert refused.value.code == "too_large"
    with pytest.raises(ValidationError):
        UploadValidator()(SimpleUploadedFile("b.pdf", PDF_BYTES + b"x" * 2000))


def test_field_validator_limits_kinds() -> None:
    only_pdf = UploadValidator(kinds=("pdf",))
    only_pdf(SimpleUploadedFile("a.pdf", PDF_BYTES))
    with pytest.raises(ValidationError):
        only_pdf(SimpleUploadedFile("a.png", PNG_BYTES))
    assert UploadValidator(kinds=("pdf",)) == only_pdf


def test_download_is_an_attachment_with_the_detected_type() -> None:
    response = attachment_response(io.BytesIO(PDF_BYTES), '../../etc/"passwd".html', PDF)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="passwd.pdf"' in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[arg-type]


def test_safe_filename_keeps_persian_letters_and_drops_controls() -> None:
    assert safe_filename("گذرنامه\u202e.png", PNG) == "گذرنامه.png"
    assert safe_filename("C:\\Users\\x\\scan.jpeg", JPEG) == "scan.jpg"
    assert safe_filename("...", PDF) == "document.pdf"
    assert safe_filename("a\r\nSet-Cookie: x.pdf", PDF) == "aSet-Cookie x.pdf"
