"""WSGI entry point for `peyvand serve` and any other WSGI server.

A misconfigured environment stops the server with one line naming the variable and exit status
2 (as the ``peyvand`` command does), not a traceback through Django's internals.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peyvand.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    print(f"peyvand: configuration error: {exc}", file=sys.stderr)
    raise SystemExit(2) from None
