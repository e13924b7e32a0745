"""Prometheus textfile (node_exporter's textfile collector) after every run.

Gauges of the last run plus per-feed health and archive totals: a textfile
is read whenever Prometheus scrapes, so it states the present, and rates
are Prometheus's job (``krnews_archive_items`` only grows). Written to a
temp file in the same folder and renamed, so the collector never reads half
a file. Refuses nothing but unwritable folders, which surface as OSError.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .archive import Archive
from .write import atomic_write

PREFIX = "krnews"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _ts(iso: str | datetime | None) -> float | None:
    if not iso:
        return None
    dt = iso if isinstance(iso, datetime) else datetime.fromisoformat(iso)
    return dt.timestamp()


def render(report, archive: Archive) -> str:
    """The textfile's content for a finished run (a run.RunReport)."""
    lines: list[str] = []

    def metric(name: str, help_: str, samples: list[tuple[dict[str, str], float | None]], kind: str = "gauge"):
        full = f"{PREFIX}_{name}"
        lines.append(f"# HELP {full} {help_}")
        lines.append(f"# TYPE {full} {kind}")
        for labels, value in samples:
            if value is None:
                continue
            lab = ",".join(f'{k}="{_label(v)}"' for k, v in labels.items())
            lines.append(f"{full}{{{lab}}} {value:g}" if lab else f"{full} {value:g}")

    c = report.counts()
    metric("run_finished_timestamp_seconds", "When the last ingest run finished (Unix time).",
           [({}, _ts(report.finished))])
    metric("run_duration_seconds", "How long the last ingest run took.", [({}, report.seconds)])
    metric("run_exit_code", "Exit code of the last ingest run (0 ok, 1 every feed failing).",
           [({}, report.exit_code)])
    metric("run_items", "Items of the last run by outcome.",
           [({"status": s}, c[s]) for s in ("written", "unchanged", "skipped", "failed")])
    metric("run_feeds", "Feeds of the last run by outcome.",
           [({"status": s}, c[k]) for s, k in (("ok", "fetched"), ("not_modified", "not_modified"),
                                              ("failed", "feeds_failed"), ("backoff", "feeds_in_backoff"))])
    metric("run_new_items", "New feed entries archived by the last run.", [({}, c["new"])])
    metric("drafts_waiting", "Posts written as drafts and not yet published.", [({}, c["drafts_waiting"])])
    health = {st.name: st.health for st in archive.feeds()}
    metric("feed_up", "1 when the feed's last attempt succeeded (or it was not modified).",
           [({"feed": f.name}, 0 if f.status in ("failed", "backoff") else 1)
            for f in report.feeds if f.status != "disabled"])
    metric("feed_new_items", "New entries per feed in the last run.", [({"feed": f.name}, f.new) for f in report.feeds])
    metric("feed_consecutive_failures", "Failures in a row per feed.",
           [({"feed": f.name}, health[f.name].consecutive_failures if f.name in health else 0)
            for f in report.feeds])
    metric("feed_last_success_timestamp_seconds", "Last successful fetch per feed (Unix time).",
           [({"feed": f.name}, _ts(health[f.name].last_success) if f.name in health else None)
            for f in report.feeds])
    metric("archive_items", "Archived items by state.", [({"state": k}, v) for k, v in sorted(archive.counts().items())])
    return "\n".join(lines) + "\n"


def write_textfile(path: Path, report, archive: Archive) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = render(report, archive).encode("utf-8")
    atomic_write(path, data)
