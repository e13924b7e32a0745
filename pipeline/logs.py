"""Log levels and formats for the command line.

Everything diagnostic goes to stderr through the ``pipeline`` logger, so
stdout keeps only what a command is asked for (the summary line, a post,
JSON) and cron or a collector can split the two. ``-q`` leaves errors,
the default adds warnings (failed feeds, skipped items), ``-v`` adds each
feed and post, ``-vv`` debugging. ``--log-format json`` writes one JSON
object a line for log collectors. Nothing here configures other libraries'
loggers beyond silencing them below warnings.
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

LEVELS = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}
# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.levelno >= logging.WARNING:
            return f"{record.levelname.lower()}: {msg}"
        return msg


def level_for(verbosity: int) -> int:
    return LEVELS.get(verbosity, logging.DEBUG if verbosity > 1 else logging.ERROR)


def setup(verbosity: int = 0, fmt: str = "text", stream=None) -> logging.Handler:
    """Route the ``pipeline`` logger to stderr at the level -v/-q ask for."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logger = logging.getLogger("pipeline")
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(level_for(verbosity))
    logger.propagate = False
    for noisy in ("httpx", "httpcore", "trafilatura", "charset_normalizer", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler
