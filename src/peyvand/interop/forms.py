"""The PFIF upload form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.interop.pfif import MAX_BYTES


class PfifUploadForm(forms.Form):
    file = forms.FileField(label=_("PFIF 1.4 file (XML)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        data: bytes = upload.read()
        return data
