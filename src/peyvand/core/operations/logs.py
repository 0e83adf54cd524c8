"""JSON log lines (``LOG_FORMAT=json``) that carry no personal data.

A record's message is kept only for Peyvand's own request line and for loggers whose messages
are fixed text; Django's request and server loggers put the path (which can hold a record id) in
their message, so only their status code is kept. An exception gives its class and its frames
(file, line, function), never its message, which can quote a value (a database error does).
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

# Loggers whose message text includes the request path or other request data.
PATH_LOGGERS = ("django.request", "django.server", "django.security")
REQUEST_FIELDS = ("method", "view", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name.startswith(PATH_LOGGERS):
            line["message"] = record.levelname.lower()
            status = getattr(record, "status_code", None)
            if isinstance(status, int):
                line["status"] = status
        else:
            line["message"] = record.getMessage()
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
            frames = traceback.extract_tb(record.exc_info[2])
            line["frames"] = [f"{frame.filename}:{frame.lineno}:{frame.name}" for frame in frames]
        return json.dumps(line, ensure_ascii=False)
