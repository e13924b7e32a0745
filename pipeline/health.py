"""Per-feed health: when a feed last worked, why it failed, when to try again.

Pure functions over a small record; the archive stores it and the ingest
loop asks ``is_due`` before fetching. A failing feed is retried after an
exponentially growing pause (base, 2*base, 4*base, ... capped at the ceiling)
so a dead site is not hammered from cron every few minutes, but it is never
given up on: the pause stops growing at the ceiling and one success resets it.
A server's Retry-After is honoured when longer than our own pause (up to
RETRY_AFTER_CAP, so a bogus "come back next year" cannot silence a feed).
That server-given pause is kept apart (``not_before``): ``ingest --force``
skips our own pause, never the server's.

Datetimes are timezone-aware; ``now`` is always passed in, never read here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

RETRY_AFTER_CAP = 7 * 86_400.0
_MESSAGE_MAX = 300


@dataclass
class FeedHealth:
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_class: str | None = None
    last_attempt: datetime | None = None
    consecutive_failures: int = 0
    next_attempt: datetime | None = None
    not_before: datetime | None = None  # the server's Retry-After, which --force does not override

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FeedHealth":
        def dt(v: Any) -> datetime | None:
            return datetime.fromisoformat(v) if v else None

        return cls(
            last_success=dt(d.get("last_success")),
            last_error=d.get("last_error"),
            last_error_class=d.get("last_error_class"),
            last_attempt=dt(d.get("last_attempt")),
            consecutive_failures=int(d.get("consecutive_failures") or 0),
            next_attempt=dt(d.get("next_attempt")),
            not_before=dt(d.get("not_before")),
        )


def record_success(h: FeedHealth, now: datetime) -> FeedHealth:
    # The last error is kept for the status report; the failure streak and
    # the pause are what success clears.
    return replace(h, last_success=now, last_attempt=now, consecutive_failures=0, next_attempt=None,
                   not_before=None)


def backoff_seconds(failures: int, base: float, ceiling: float, retry_after: float | None = None) -> float:
    """Pause after the *failures*-th consecutive failure."""
    if failures <= 0:
        return 0.0
    # Exponent clamped: 2**1100 would overflow a float long after the ceiling bites.
    delay = min(base * 2.0 ** min(failures - 1, 64), ceiling)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
    return max(delay, 0.0)


def record_failure(
    h: FeedHealth,
    now: datetime,
    error_class: str,
    message: str,
    base: float,
    ceiling: float,
    retry_after: float | None = None,
) -> FeedHealth:
    n = h.consecutive_failures + 1
    delay = backoff_seconds(n, base, ceiling, retry_after)
    not_before = None
    if retry_after is not None and retry_after > 0:
        not_before = now + timedelta(seconds=min(retry_after, RETRY_AFTER_CAP))
    return replace(
        h,
        last_error=_one_line(message),
        last_error_class=error_class,
        last_attempt=now,
        consecutive_failures=n,
        next_attempt=now + timedelta(seconds=delay),
        not_before=not_before,
    )


def is_due(h: FeedHealth, now: datetime, *, force: bool = False) -> bool:
    """Time to fetch? ``force`` ignores our own backoff, never a server's Retry-After."""
    if h.not_before is not None and now < h.not_before:
        return False
    return force or h.next_attempt is None or now >= h.next_attempt


def describe(h: FeedHealth, now: datetime) -> str:
    """One line for `status`, e.g. 'failing 3x (http_5xx: ...); last ok 2d ago; next try in 40m'."""
    if h.last_attempt is None:
        return "never fetched"
    parts = []
    if h.consecutive_failures:
        times = "once" if h.consecutive_failures == 1 else f"{h.consecutive_failures}x"
        parts.append(f"failing {times} ({h.last_error_class}: {h.last_error})")
        parts.append(f"last ok {_ago(h.last_success, now)}" if h.last_success else "never succeeded")
        if h.next_attempt is not None:
            wait = (h.next_attempt - now).total_seconds()
            parts.append("due now" if is_due(h, now) else f"next try in {_span(wait)}")
        if h.not_before is not None and now < h.not_before:
            parts.append(f"the server asked for a pause until {h.not_before.isoformat()} (--force waits too)")
    else:
        parts.append(f"ok, last success {_ago(h.last_success, now)}")
    return "; ".join(parts)


def _ago(t: datetime | None, now: datetime) -> str:
    if t is None:
        return "never"
    secs = (now - t).total_seconds()
    return "just now" if secs < 1 else f"{_span(secs)} ago"


def _span(secs: float) -> str:
    secs = max(0, int(round(secs)))
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60)):
        if secs >= size:
            whole, rest = divmod(secs, size)
            sub = {"d": ("h", 3_600), "h": ("m", 60), "m": ("s", 1)}[unit]
            extra = rest // sub[1]
            return f"{whole}{unit}{extra}{sub[0]}" if extra and whole < 10 else f"{whole}{unit}"
    return f"{secs}s"


def _one_line(message: str) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= _MESSAGE_MAX else text[: _MESSAGE_MAX - 1] + "…"
