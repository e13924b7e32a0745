"""Re-rendering from the archive without the network, and the inspection commands."""
from __future__ import annotations

import json
import shutil
import sqlite3
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from faultserver import FaultServer
from sitefixture import ROOT, SAMPLES, config_for, serve_samples

from pipeline import cli
from pipeline import config as config_mod
from pipeline.run import ingest


@pytest.fixture
def ingested(tmp_path):
    """An archive and posts made over loopback HTTP; the server is gone afterwards."""
    with FaultServer() as srv:
        site = serve_samples(srv)
        raw = config_for(site, tmp_path)
        cfg_path = tmp_path / "config.yaml"
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        ingest(config_mod.load(cfg_path), workers=1)
    return cfg_path


def snapshot(tmp: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp)): p.read_bytes() for p in sorted((tmp / "out").rglob("*.md"))}


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    return code, capsys.readouterr().out


def test_rerender_without_network_is_byte_identical(ingested, capsys):
    tmp = ingested.parent
    before = snapshot(tmp)
    assert len(before) == len(list((SAMPLES / "articles").glob("*.html")))
    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--workers", "1")
    assert code == 0 and f"{len(before)} unchanged" in out
    assert snapshot(tmp) == before
    # deleting the posts and re-rendering (two worker processes) gives the same bytes back
    shutil.rmtree(tmp / "out")
    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--workers", "2")
    assert code == 0 and f"{len(before)} written" in out
    assert snapshot(tmp) == before


def test_template_change_rerenders_in_place(ingested, capsys):
    tmp = ingested.parent
    before = snapshot(tmp)
    tdir = tmp / "templates"
    tdir.mkdir()
    src = (ROOT / "pipeline" / "templates" / "jekyll.md.j2").read_text(encoding="utf-8")
    (tdir / "jekyll.md.j2").write_text(src.rstrip("\n") + "\n<!-- theme v2 -->\n", encoding="utf-8")
    raw = yaml.safe_load(ingested.read_text(encoding="utf-8"))
    raw.setdefault("site", {})["templates_dir"] = "templates"  # relative to the config file
    ingested.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--dry-run")
    assert code == 0 and f"{len(before)} would-change" in out
    assert snapshot(tmp) == before  # a dry run writes nothing

    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--workers", "1")
    after = snapshot(tmp)
    assert set(after) == set(before)  # same files, no second file for any item
    assert all(v.endswith(b"<!-- theme v2 -->\n") for v in after.values())


def test_rerender_one_item_by_url_and_by_feed_and_since(ingested, capsys):
    tmp = ingested.parent
    db = sqlite3.connect(tmp / "archive.sqlite3")
    item_id, url, post = db.execute(
        "SELECT id, url, post_path FROM items WHERE state='written' ORDER BY id LIMIT 1").fetchone()
    (tmp / "out" / post).unlink()
    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--item", url, "--workers", "1")
    assert code == 0 and "1 written" in out and (tmp / "out" / post).exists()

    feed = db.execute("SELECT feed, COUNT(*) FROM items WHERE state='written' GROUP BY feed LIMIT 1").fetchone()
    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--feed", feed[0], "--workers", "1")
    assert f"{feed[1]} unchanged" in out

    code, out = run_cli(capsys, "rerender", "--config", str(ingested), "--since", "2026-11-23", "--workers", "1")
    n_since = db.execute("SELECT COUNT(*) FROM items WHERE state='written' AND published >= '2026-11-23'").fetchone()[0]
    assert 0 < n_since and f"{n_since} unchanged" in out


def test_list_show_status(ingested, capsys):
    code, out = run_cli(capsys, "list", "--config", str(ingested), "--state", "written")
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert code == 0 and len(lines) == len(list((SAMPLES / "articles").glob("*.html")))
    item_id = lines[0].split()[0]
    code, out = run_cli(capsys, "show", item_id[:8], "--config", str(ingested))
    # Concise by default: a screenful, every field labelled.
    assert code == 0 and len(out.splitlines()) <= 20 and re.search(rf"^id +{item_id}$", out, re.M) and "facts" in out
    code, out = run_cli(capsys, "show", item_id[:8], "--json", "--config", str(ingested))
    shown = json.loads(out)
    assert shown["id"] == item_id and shown["state"] == "written" and shown["post"].endswith(".md")
    assert shown["raw"]["bytes"] > 1000
    assert {"kind", "text", "value", "unit", "start", "end"} <= set(shown["facts"][0])
    code, out = run_cli(capsys, "status", "--config", str(ingested))
    assert code == 0 and "written" in out and "never fetched" not in out


def test_facts_command_prints_json_for_html_and_text(tmp_path):
    page = SAMPLES / "articles" / "news-1001.html"
    out = subprocess.run([sys.executable, "-m", "pipeline", "facts", str(page), "--published", "2026-11-17", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout)
    money = [f for f in facts if f["kind"] == "money"]
    assert any(f["text"].endswith("1000억 원") and f["value"] == 100_000_000_000 and f["unit"] == "KRW" for f in money)
    assert any(f["kind"] == "count" and f["value"] == 4 for f in facts)
    assert all({"kind", "text", "value", "unit", "start", "end"} <= set(f) for f in facts)

    txt = tmp_path / "a.txt"
    txt.write_text("교육부는 7일 직업계고 15개교에 3년간 450억 원을 지원한다고 밝혔다.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipeline", "facts", str(txt), "--published", "2026-03-09", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    facts = json.loads(out.stdout)
    text = txt.read_text(encoding="utf-8")
    by_kind = {f["kind"]: f for f in facts}
    assert by_kind["money"]["value"] == 45_000_000_000
    assert by_kind["duration"]["value"] == "P3Y"
    assert by_kind["date"]["value"] == "2026-03-07"
    assert all(text[f["start"]:f["end"]] == f["text"] for f in facts)


def test_compose_command_prints_the_post(tmp_path):
    page = SAMPLES / "articles" / "press-303-euckr.html"
    out = subprocess.run([sys.executable, "-m", "pipeline", "compose", str(page), "--url",
                          "https://press.example/briefing/view.do?id=303"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("---\ntitle:") and "복지부" in out.stdout
    assert '<h2 data-ke-size="size26">' in out.stdout
    assert "https://press.example/briefing/view.do?id=303" in out.stdout
