"""Start-up checks on the deployment, beside Django's own ``check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.database, deploy=True)
def production_database(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SQLite is the zero-set-up default; a production registry belongs on PostgreSQL."""
    engine = str(settings.DATABASES["default"]["ENGINE"])
    if settings.PRODUCTION and engine.endswith("sqlite3"):
        return [
            Warning(
                "PEYVAND_ENV=production is running on SQLite.",
                hint="Set DATABASE_URL=postgres://... for concurrent staff and background work.",
                id="peyvand.W001",
            )
        ]
    return []
