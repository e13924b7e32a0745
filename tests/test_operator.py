"""What a site operator touches: drafts and publish, status --check, the
Prometheus textfile, report retention, OPML, logs, progress, --version and
one-line errors for bad input. Real ingests over loopback HTTP (see
sitefixture), the real CLI in a subprocess where exit codes and streams
matter."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from faultserver import FaultServer, Route
from sitefixture import config_for, serve_samples

from pipeline import cli
from pipeline import config as config_mod
from pipeline.columns import pad, width
from pipeline.run import ingest
from pipeline.write import draft_state

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def write_cfg(raw: dict, tmp: Path, name: str = "config.yaml") -> Path:
    p = tmp / name
    p.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


# ------------------------------------------------------------------ edges


def test_version_is_the_package_version():
    want = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"kr-news-pipeline {want}"


def _file(name: str, data: bytes):
    def make(t: Path) -> Path:
        (t / name).write_bytes(data)
        return t / name
    return make


@pytest.mark.parametrize("make, args, says", [
    (lambda t: t, ["status", "--config", "{p}"], "is a directory"),
    (_file("b.yaml", b"\x7fELF\x00\x00binary"), ["status", "--config", "{p}"], "binary data"),
    (_file("k.yaml", "feeds: 뉴스\n".encode("euc-kr")), ["ingest", "--config", "{p}"], "not UTF-8"),
    (_file("d.yaml", b"feeds: []\n"), ["ingest", "--config", "{p}"], "at least one feed"),
    (lambda t: t, ["facts", "{p}"], "is a directory"),
    (lambda t: t, ["compose", "{p}", "--url", "https://a.example/1"], "is a directory"),
    (_file("e.html", b""), ["facts", "{p}"], "empty file"),
    (_file("e.html", b"\n  \n"), ["compose", "{p}", "--url", "https://a.example/1"], "empty file"),
    (_file("n.html", b"<html><body><p>x</p></body></html>"), ["facts", "{p}"], "no article text"),
])
def test_bad_input_is_one_line_naming_the_file_and_exit_2(tmp_path, make, args, says):
    p = make(tmp_path)
    r = run(*[a.replace("{p}", str(p)) for a in args])
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(p) in lines[0] and says in lines[0], r.stderr


def test_columns_count_hangul_as_two_cells():
    assert width("뉴스") == 4 and width("ab") == 2 and width("가a") == 3
    assert width(pad("산업부 발표", 8)) == 8 and pad("abc", 5) == "abc  "
    assert pad("가나다라마바", 7).endswith("…") and width(pad("가나다라마바", 7)) == 7


# ---------------------------------------------------------- drafts/publish


def test_drafts_wait_until_published_and_stay_published(tmp_path, capsys):
    with FaultServer() as srv:
        site = serve_samples(srv)
        raw = config_for(site, tmp_path)
        raw["site"] = {"name": "초안 시험", "draft": True}
        cfg_path = write_cfg(raw, tmp_path)
        report = ingest(config_mod.load(cfg_path), workers=1)
    written = [i for i in report.items if i.status == "written"]
    assert len(written) >= 3 and len(report.drafts) == len(written)
    assert f"{len(written)} drafts waiting" in report.summary()
    latest = json.loads((tmp_path / "reports" / "latest.json").read_text(encoding="utf-8"))
    assert latest["counts"]["drafts_waiting"] == len(written)
    out = tmp_path / "out"
    for i in written:
        text = (out / i.post).read_text(encoding="utf-8")
        assert "\npublished: false\n---\n" in text

    first = written[0]
    assert cli.main(["publish", first.id[:10], "--config", str(cfg_path)]) == 0
    assert f"{first.id} published" in capsys.readouterr().out
    assert draft_state(out / first.post) == "published"
    assert "published:" not in (out / first.post).read_text(encoding="utf-8")
    # A rerender (drafts still on) leaves the published post published and the rest drafts.
    assert cli.main(["rerender", "--config", str(cfg_path), "--workers", "1"]) == 0
    capsys.readouterr()
    assert draft_state(out / first.post) == "published"
    assert all(draft_state(out / i.post) == "draft" for i in written[1:])
    # The dry run sees the same: a published post and the drafts are unchanged.
    assert cli.main(["rerender", "--config", str(cfg_path), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert f"{len(written)} unchanged (dry run)" in dry and "would-change" not in dry

    assert cli.main(["publish", "--all", "--config", str(cfg_path)]) == 0
    assert f"publish: {len(written) - 1} published" in capsys.readouterr().out
    assert all(draft_state(out / i.post) == "published" for i in written)
    assert cli.main(["publish", "--all", "--config", str(cfg_path)]) == 0
    assert "publish: 0 published" in capsys.readouterr().out
    assert cli.main(["publish", "nosuchitem", "--config", str(cfg_path)]) == 2


# --------------------------------------------------------------- monitoring


def test_status_check_metrics_and_report_retention(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        srv.add("/broken.xml", Route(status=500, body="down"))
        raw = config_for(site, tmp_path)
        raw["feeds"].append({"name": "broken", "url": srv.url("/broken.xml"), "allow_private": True})
        raw["fetch"].update({"backoff_base": 1, "backoff_max": 1})
        raw["reports"] = {"keep": 2}
        raw["metrics"] = {"textfile": "metrics/krnews.prom"}
        raw["status"] = {"fail_after": 3}
        cfg_path = write_cfg(raw, tmp_path)
        for n in range(4):
            r = run("ingest", "--force", "--workers", "1", "--config", str(cfg_path))
            assert r.returncode == 0, r.stderr
            # Failures go to stderr even in a plain run, results to stdout.
            assert "feed broken failed" in r.stderr and "feed broken" not in r.stdout
            if n == 1:
                ok = run("status", "--check", "--config", str(cfg_path))
                assert ok.returncode == 0, ok.stderr  # 2 failures < 3
    failing = run("status", "--check", "--config", str(cfg_path))
    assert failing.returncode == 1 and "feed broken has failed 4 times in a row" in failing.stderr
    assert run("status", "--check", "--fail-after", "5", "--config", str(cfg_path)).returncode == 0
    st = json.loads(run("status", "--json", "--config", str(cfg_path)).stdout)
    assert st["failing"] == ["broken"]

    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert len([n for n in reports if n.startswith("run-")]) == 2 and "latest.json" in reports

    prom = (tmp_path / "metrics" / "krnews.prom").read_text(encoding="utf-8")
    assert not [p for p in (tmp_path / "metrics").iterdir() if p.name != "krnews.prom"]  # no temp left
    samples = {}
    for line in prom.splitlines():
        if line.startswith("#"):
            assert re.fullmatch(r"# (HELP|TYPE) krnews_\w+ .+", line), line
            continue
        m = re.fullmatch(r'(krnews_\w+(?:\{[^}]*\})?) (-?[0-9.e+]+)', line)
        assert m, line
        samples[m.group(1)] = float(m.group(2))
    assert samples['krnews_feed_up{feed="broken"}'] == 0
    assert samples['krnews_feed_consecutive_failures{feed="broken"}'] == 4
    assert samples['krnews_feed_up{feed="news-example"}'] == 1
    assert samples["krnews_run_exit_code"] == 0
    assert samples['krnews_archive_items{state="written"}'] >= 3
    assert samples['krnews_run_feeds{status="failed"}'] == 1


# ------------------------------------------------------------------- logs


def test_json_logs_and_quiet(tmp_path):
    cfg_path = write_cfg({"feeds": [{"name": "gone", "url": "http://127.0.0.1:9/feed.xml", "allow_private": True}],
                          "output_dir": "out", "archive_path": "a.sqlite3", "report_dir": "rep",
                          "fetch": {"retries": 1, "connect_timeout": 1, "total_timeout": 2}}, tmp_path)
    r = run("ingest", "--log-format", "json", "--config", str(cfg_path))
    assert r.returncode == 1  # every feed failing
    records = [json.loads(ln) for ln in r.stderr.splitlines()]
    assert records and all({"time", "level", "logger", "message"} <= set(x) for x in records)
    assert any(x["level"] == "error" and x.get("feed") == "gone" for x in records)
    assert r.stdout.startswith("ingest: 1 feeds")
    q = run("ingest", "-q", "--force", "--config", str(cfg_path))
    assert "feed gone failed" in q.stderr  # errors survive --quiet


def test_quiet_hides_warnings_and_verbose_shows_each_post(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)  # one sample entry links to a 404: a skipped item, a warning
        raw = config_for(site, tmp_path)
        quiet = run("ingest", "-q", "--workers", "1", "--config", str(write_cfg(raw, tmp_path)))
        assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout.startswith("ingest: ")
        (tmp_path / "v").mkdir()
        raw = config_for(site, tmp_path / "v")
        loud = run("ingest", "-v", "--workers", "1", "--config", str(write_cfg(raw, tmp_path / "v")))
    assert re.search(r"^warning: item \w+ skipped: http_4xx", loud.stderr, re.M)
    assert len(re.findall(r"^item \w+ written: _posts/", loud.stderr, re.M)) == len(site.articles)
    assert re.search(r"^feed news-example: ok, \d+ entries", loud.stderr, re.M)


def test_progress_bar_only_on_a_terminal(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        cfg_path = write_cfg(config_for(site, tmp_path), tmp_path)
        piped = run("ingest", "--workers", "1", "--config", str(cfg_path))
        assert piped.returncode == 0 and "\r" not in piped.stderr and "item/s" not in piped.stderr
        (tmp_path / "archive.sqlite3").unlink()
        # The same run on a pseudo-terminal draws the bar on stderr.
        pid, fd = pty.fork()
        if pid == 0:  # child: stdin/stdout/stderr are the terminal
            os.environ["PYTHONPATH"] = str(ROOT)
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "pipeline", "ingest", "--workers", "1",
                                      "--config", str(cfg_path)])
        seen, deadline = b"", time.monotonic() + 120
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    assert re.search(r"items: +\d+%\|", text), text[-2000:]
    assert "posts written" in text


# ------------------------------------------------------------------- OPML


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>구독</title></head><body>
  <outline text="경제">
    <outline type="rss" text="한국경제 뉴스" title="Hankyung Economy" xmlUrl="https://econ.example/rss.xml"/>
    <outline type="rss" text="중복" xmlUrl="https://econ.example/rss.xml"/>
  </outline>
  <outline type="rss" text="지역 소식" xmlUrl="https://local.example/feed"/>
  <outline type="rss" text="나쁜 주소" xmlUrl="file:///etc/passwd"/>
</body></opml>
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<opml version="2.0"><body><outline text="&lol2;" xmlUrl="https://x.example/"/></body></opml>
"""


def test_opml_import_appends_keeping_comments_and_export_round_trips(tmp_path):
    cfg_path = tmp_path / "c.yaml"
    cfg_path.write_text("# my site\nsite:\n  name: 시험  # keep me\nfeeds:\n  - name: first\n"
                        "    url: https://first.example/rss\n", encoding="utf-8")
    opml_path = tmp_path / "subs.opml"
    opml_path.write_text(OPML, encoding="utf-8")
    r = run("feeds", "import-opml", str(opml_path), "--config", str(cfg_path))
    assert r.returncode == 0 and "2 feeds added" in r.stdout, r.stderr
    text = cfg_path.read_text(encoding="utf-8")
    assert text.startswith("# my site\n") and "# keep me" in text
    cfg = config_mod.load(cfg_path)
    assert [f.url for f in cfg.feeds] == ["https://first.example/rss", "https://econ.example/rss.xml",
                                           "https://local.example/feed"]
    assert cfg.feeds[1].name == "hankyung-economy" and cfg.feeds[2].label == "지역 소식"
    again = run("feeds", "import-opml", str(opml_path), "--config", str(cfg_path))
    assert again.returncode == 0 and "none new" in again.stdout

    exported = run("feeds", "export-opml", "--config", str(cfg_path))
    assert exported.returncode == 0
    back = tmp_path / "back.opml"
    back.write_text(exported.stdout, encoding="utf-8")
    from pipeline.opml import parse

    assert [o.url for o in parse(back)] == [f.url for f in cfg.feeds]


def test_opml_entities_are_refused_and_odd_configs_are_not_edited(tmp_path):
    cfg_path = tmp_path / "c.yaml"
    cfg_path.write_text("feeds: [{name: a, url: 'https://a.example/'}]\nsite: {name: x}\n", encoding="utf-8")
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(BOMB, encoding="utf-8")
    r = run("feeds", "import-opml", str(bomb), "--config", str(cfg_path))
    assert r.returncode == 2 and str(bomb) in r.stderr and "refused" in r.stderr
    good = tmp_path / "subs.opml"
    good.write_text(OPML, encoding="utf-8")
    before = cfg_path.read_bytes()
    r = run("feeds", "import-opml", str(good), "--config", str(cfg_path))
    assert r.returncode == 2 and "not edited" in r.stderr and "url: https://local.example/feed" in r.stdout
    assert cfg_path.read_bytes() == before


# ------------------------------------------------------------------- init


def test_init_writes_a_loadable_config_and_never_overwrites(tmp_path):
    site = tmp_path / "site"
    r = run("init", str(site), "--generator", "hugo", "--feed", "https://www.news.example/rss.xml")
    assert r.returncode == 0, r.stderr
    cfg = config_mod.load(site / "pipeline.yaml")
    assert cfg.site.generator == "hugo" and cfg.site.timezone == "Asia/Seoul"
    assert [f.url for f in cfg.feeds] == ["https://www.news.example/rss.xml"] and cfg.feeds[0].name == "news-example"
    assert cfg.resolve(cfg.output_dir) == site.resolve()
    toml = (site / "hugo.toml").read_text(encoding="utf-8")
    assert re.search(r"\[markup\.goldmark\.renderer\]\nunsafe = true", toml)
    before = (site / "hugo.toml").read_bytes()
    again = run("init", str(site), "--generator", "hugo")
    assert again.returncode == 2 and "already has" in again.stderr and "hugo.toml" in again.stderr
    assert (site / "hugo.toml").read_bytes() == before
    bad = run("init", str(tmp_path / "x"), "--generator", "jekyll", "--feed", "ftp://x.example/")
    assert bad.returncode == 2 and "http or https" in bad.stderr and not (tmp_path / "x").exists()
    # Without --feed: a placeholder that is never fetched, so a first ingest is harmless.
    plain = tmp_path / "plain"
    assert run("init", str(plain), "--generator", "jekyll").returncode == 0
    jcfg = config_mod.load(plain / "pipeline.yaml")
    assert not any(f.enabled for f in jcfg.feeds)
    assert "permalink: /:year/:month/:day/:title/" in (plain / "_config.yml").read_text(encoding="utf-8")
