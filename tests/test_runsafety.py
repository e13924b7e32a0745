"""Runs that are killed, overlap, or meet forbidden links lose and corrupt nothing."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from faultserver import FaultServer
from sitefixture import ROOT, config_for, serve_samples

from pipeline import config as config_mod
from pipeline.run import EXIT_LOCKED, ingest, run_lock


def write_cfg(raw: dict, tmp: Path) -> Path:
    p = tmp / "config.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return p


def cli(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def written(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    db = sqlite3.connect(db_path, timeout=5)
    try:
        return db.execute("SELECT COUNT(*) FROM items WHERE state='written'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file() and (p.name.startswith(".") or p.suffix == ".tmp")]


@pytest.mark.parametrize("kill_after_written, workers", [(0, "1"), (3, "1"), (3, "2")])
def test_sigkill_mid_run_then_rerun_finishes_without_duplicates(tmp_path, kill_after_written, workers):
    with FaultServer() as srv:
        site = serve_samples(srv)
        for by_query in site.routes.values():
            for route in by_query.values():
                route.delay = 0.25  # slow pages: the kill lands mid-run
        cfg_path = write_cfg(config_for(site, tmp_path), tmp_path)
        db_path = tmp_path / "archive.sqlite3"
        proc = cli("ingest", "--config", str(cfg_path), "--workers", workers)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if kill_after_written == 0 and db_path.exists():
                break
            if kill_after_written and written(db_path) >= kill_after_written:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be killed"
        children = _children(proc.pid)
        assert children or workers == "1"  # the pool was running when the kill landed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        before = written(db_path)
        # worker processes die with their parent and hold no lock
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.05)
        assert not [c for c in children if _alive(c)]

        for by_query in site.routes.values():
            for route in by_query.values():
                route.delay = 0
        report = ingest(config_mod.load(cfg_path), workers=1)
        out = tmp_path / "out"
        files = sorted(out.rglob("*.md"))
        assert not leftovers(out)
        assert len(files) == len(site.articles)  # nothing lost, nothing twice
        assert written(db_path) == len(files) >= before
        db = sqlite3.connect(db_path)
        paths = [r[0] for r in db.execute("SELECT post_path FROM items WHERE state='written'")]
        assert len(set(paths)) == len(paths) == len(files)
        assert not db.execute("SELECT COUNT(*) FROM items WHERE state IN ('pending','fetched')").fetchone()[0]
        assert report.exit_code == 0


def test_second_run_exits_with_lock_code(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        cfg_path = write_cfg(config_for(site, tmp_path), tmp_path)
        cfg = config_mod.load(cfg_path)
        with run_lock(cfg.resolve(cfg.archive_path)):
            proc = cli("ingest", "--config", str(cfg_path))
            out, err = proc.communicate(timeout=60)
        assert proc.returncode == EXIT_LOCKED
        assert "another run" in err
        assert not (tmp_path / "out").exists()  # the second run touched nothing


def test_links_to_private_addresses_are_refused_unless_allowed(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        feed = tmp_path / "local-feed.rss"
        # A feed read from disk, linking to loopback article pages: without
        # allow_private those links must not be fetched.
        feed.write_bytes((
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f'<item><title>내부 주소</title><link>{next(iter(site.articles))}</link><guid>g1</guid>'
            f'<pubDate>Mon, 23 Nov 2026 09:00:00 +0900</pubDate></item>'
            f'<item><title>메타데이터</title><link>http://169.254.169.254/latest/meta-data/</link><guid>g2</guid>'
            f'<pubDate>Mon, 23 Nov 2026 09:00:00 +0900</pubDate></item>'
            f'</channel></rss>').encode())
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "local", "path": str(feed)}]
        cfg = config_mod.load(write_cfg(raw, tmp_path))
        srv.reset_stats()
        report = ingest(cfg, workers=1)
        assert [i.status for i in report.items] == ["skipped", "skipped"]
        assert all(i.error_class == "unsafe_url" for i in report.items)
        assert not [r for r in srv.requests if r.path.endswith(".html")]
        assert not list((tmp_path / "out").rglob("*.md"))


def test_config_error_exit_code_names_the_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - name: a\n    url: https://a.example/rss\n    max_item: 3\n", encoding="utf-8")
    proc = cli("ingest", "--config", str(bad))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert str(bad) in err and "feeds[0].max_item" in err and "unknown key" in err


def test_orphan_temp_files_are_swept_and_rerender_respects_the_lock(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        cfg_path = write_cfg(config_for(site, tmp_path), tmp_path)
        cfg = config_mod.load(cfg_path)
        ingest(cfg, workers=1)
        post = sorted((tmp_path / "out").rglob("*.md"))[0]
        orphan = post.with_name(f".{post.name}.abc123.tmp")
        orphan.write_text("half a post", encoding="utf-8")  # what a SIGKILL mid-write leaves
        with run_lock(cfg.resolve(cfg.archive_path)):
            proc = cli("rerender", "--config", str(cfg_path))
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == EXIT_LOCKED and "another run" in err
        assert orphan.exists()
        ingest(cfg, workers=1)
        assert not orphan.exists() and post.exists()
