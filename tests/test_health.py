from __future__ import annotations

from datetime import datetime, timedelta

from pipeline.health import (
    RETRY_AFTER_CAP,
    FeedHealth,
    backoff_seconds,
    describe,
    is_due,
    record_failure,
    record_success,
)
from pipeline.models import KST

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=KST)
BASE, CEIL = 300.0, 86_400.0


def fail(h: FeedHealth, now: datetime, retry_after: float | None = None, cls: str = "http_5xx") -> FeedHealth:
    return record_failure(h, now, cls, "HTTP 503 Service Unavailable", BASE, CEIL, retry_after)


def test_pauses_double_then_stop_at_the_ceiling():
    h = FeedHealth()
    pauses = []
    now = T0
    for _ in range(12):
        h = fail(h, now)
        pauses.append((h.next_attempt - now).total_seconds())
        now = h.next_attempt
    assert pauses[:5] == [300, 600, 1200, 2400, 4800]
    assert pauses[-3:] == [CEIL] * 3  # never more than the ceiling ...
    assert h.consecutive_failures == 12
    assert is_due(h, h.next_attempt)  # ... and always tried again


def test_failure_record_fields():
    h = fail(FeedHealth(), T0, cls="timeout")
    assert h.last_error_class == "timeout"
    assert h.last_error == "HTTP 503 Service Unavailable"
    assert h.last_attempt == T0 and h.last_success is None
    assert not is_due(h, T0 + timedelta(seconds=299))
    assert is_due(h, T0 + timedelta(seconds=300))


def test_retry_after_lengthens_but_never_shortens_the_pause():
    assert (fail(FeedHealth(), T0, retry_after=3600).next_attempt - T0).total_seconds() == 3600
    assert (fail(FeedHealth(), T0, retry_after=10).next_attempt - T0).total_seconds() == BASE
    # A server asking for longer than the ceiling is believed, within reason.
    assert backoff_seconds(1, BASE, CEIL, 2 * 86_400) == 2 * 86_400
    assert backoff_seconds(1, BASE, CEIL, 365 * 86_400) == RETRY_AFTER_CAP


def test_success_resets_the_streak_but_keeps_the_last_error():
    h = fail(fail(fail(FeedHealth(), T0), T0), T0)
    ok_at = T0 + timedelta(hours=3)
    h = record_success(h, ok_at)
    assert h.consecutive_failures == 0 and h.next_attempt is None
    assert h.last_success == ok_at == h.last_attempt
    assert h.last_error_class == "http_5xx"
    assert is_due(h, ok_at)
    again = fail(h, ok_at)
    assert (again.next_attempt - ok_at).total_seconds() == BASE  # streak starts over


def test_huge_failure_counts_do_not_overflow():
    assert backoff_seconds(5000, BASE, CEIL) == CEIL
    assert backoff_seconds(0, BASE, CEIL) == 0


def test_fresh_feed_is_due():
    assert is_due(FeedHealth(), T0)


def test_messages_are_one_bounded_line():
    h = record_failure(FeedHealth(), T0, "decode", "line one\nline two\t" + "x" * 1000, BASE, CEIL)
    assert "\n" not in h.last_error and h.last_error.startswith("line one line two")
    assert len(h.last_error) <= 300


def test_describe():
    assert describe(FeedHealth(), T0) == "never fetched"
    ok = record_success(FeedHealth(), T0)
    assert describe(ok, T0 + timedelta(hours=2)) == "ok, last success 2h ago"
    h = fail(fail(ok, T0 + timedelta(hours=1)), T0 + timedelta(hours=2))
    text = describe(h, T0 + timedelta(hours=2, minutes=1))
    assert text.startswith("failing 2x (http_5xx: HTTP 503 Service Unavailable)")
    assert "last ok 2h1m ago" in text and "next try in 9m" in text
    assert describe(h, T0 + timedelta(days=3)).endswith("due now")
    never = fail(FeedHealth(), T0)
    assert "failing once" in describe(never, T0) and "never succeeded" in describe(never, T0)


def test_round_trip_through_dict():
    h = fail(record_success(FeedHealth(), T0), T0 + timedelta(minutes=5), retry_after=120)
    d = h.to_dict()
    assert isinstance(d["next_attempt"], str) and d["next_attempt"].endswith("+09:00")
    assert FeedHealth.from_dict(d) == h
    assert FeedHealth.from_dict({}) == FeedHealth()
