"""The PFIF upload form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.interop.pfif import max_bytes, too_large


class PfifUploadForm(forms.Form):
    file = forms.FileField(label=_("PFIF 1.4 file (XML)"))

    def clean_file(self) -> Any:
        """The uploaded file, read later as a stream (never whole into memory)."""
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(too_large().messages)
        upload.seek(0)
        return upload
