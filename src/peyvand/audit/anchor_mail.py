"""A copy of each checkpoint for the data-protection officers, out of reach of the server.

The anchor file lives on the application's machine; a copy in the DPOs' mailboxes survives
someone who can reach both the database and that machine. The mail holds hashes only, never a
personal value, and the public key that checks the signature.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from peyvand.accounts.models import Role, User
from peyvand.audit.anchor import Checkpoint, signing_key
from peyvand.audit.anchor_key import public_key_text


def mail_checkpoint(checkpoint: Checkpoint) -> int:
    """Mail ``checkpoint`` to every active DPO with an address; returns how many were sent."""
    public_key = public_key_text(signing_key().public_key())
    sent = 0
    for dpo in User.objects.filter(role=Role.DPO, is_active=True).exclude(email="").order_by("pk"):
        with translation.override(dpo.language or settings.LANGUAGE_CODE):
            subject = _("Peyvand audit checkpoint: sequence %(sequence)s") % {
                "sequence": checkpoint.sequence
            }
            body = _(
                "A signed checkpoint of the Peyvand audit trail. Please keep this message: if the "
                "trail is later cut short or rewritten, this checkpoint shows it.\n\n"
                "Checkpoint: %(checkpoint)s\n"
                "Public key (Ed25519): %(public_key)s\n"
            ) % {"checkpoint": checkpoint.line().strip(), "public_key": public_key}
        sent += send_mail(subject, body, None, [dpo.email])
    return sent
