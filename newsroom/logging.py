"""Log formatting: JSON lines for machines, key=value text for people.

Both formatters print the fields a call passes in ``extra`` (``event``,
``status``, ``duration_ms``, ``user_id``…) beside the message, and both get the
current request's id from RequestContextFilter, so every line a request causes
(the request line, an audit event, an error with its traceback) can be joined.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id_var = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else came from ``extra``.
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def extra_fields(record):
    """Return the ``extra`` fields of ``record`` (everything not standard)."""
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}


class RequestContextFilter(logging.Filter):
    """Add ``request_id`` to every record logged while a request is handled."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JSONFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _plain_value(value):
    # Quote text with spaces so that key=value pairs stay easy to split.
    if isinstance(value, str) and " " in value:
        return json.dumps(value, ensure_ascii=False)
    return value


class PlainFormatter(logging.Formatter):
    """Format a record as ``time LEVEL logger message key=value…`` for a terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record):  # noqa: N802 - logging's name
        line = super().formatMessage(record)
        fields = " ".join(
            f"{key}={_plain_value(value)}"
            for key, value in extra_fields(record).items()
            if value is not None
        )
        return f"{line} {fields}" if fields else line
