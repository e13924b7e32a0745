"""Stories: reports of one event from several outlets become one post.

The multi-outlet sets in tests/data/stories/ were written for this project.
The end-to-end tests serve them as three outlets' feeds and pages on a real
HTTP server on 127.0.0.1 and run real ingests into a real SQLite archive.
"""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from copy import deepcopy
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest
import yaml
from faultserver import FaultServer, Route

from pipeline import config as config_mod
from pipeline.archive import Archive, story_of_item
from pipeline.config import StoriesSettings
from pipeline.merge import merge
from pipeline.run import ingest, rerender

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "stories"
sys.path.insert(0, str(ROOT / "scripts"))
import eval_stories  # noqa: E402


def rows(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["articles"]


def clusters(articles: list[dict], settings: StoriesSettings | None = None) -> dict[str, str]:
    res = eval_stories.evaluate(articles, settings or StoriesSettings())
    story = {}
    for s in res["stories"]:
        for m in s["members"]:
            story[m] = s["story"]
    return {a["id"]: story.get(a["id"], a["id"]) for a in articles}


# ------------------------------------------------------------- detection

def test_own_sets_cluster_as_labelled():
    articles = rows("moel-youth.json") + rows("mof-same-day.json")
    res = eval_stories.evaluate(articles, StoriesSettings())
    assert res["precision"] == 1.0 and res["recall"] == 1.0, (res["false"], res["missed"])


def test_same_ministry_same_day_different_events_stay_apart():
    c = clusters(rows("mof-same-day.json"))
    assert c["mof-sale-hanbit"] == c["mof-sale-saebyeok"]
    assert c["mof-village-bareun"] == c["mof-village-hanbit"]
    assert c["mof-sale-hanbit"] != c["mof-village-bareun"]
    assert c["mof-sale-saebyeok"] != c["mof-village-hanbit"]


def test_spacing_and_particles_do_not_matter_for_the_signature():
    from pipeline.stories import shingles

    assert list(shingles("서울과 경기 남부 12개 시군에", 3)) == list(shingles("서울과경기남부  12개시군에.", 3))
    assert list(shingles("서울과 경기 남부", 3)) != list(shingles("서울과 경기 북부", 3))


def test_reports_outside_the_window_are_other_stories():
    articles = deepcopy(rows("moel-youth.json"))
    for a in articles:
        if a["id"] == "youth-bareun":
            a["published"] = "2026-03-09T08:00:00+09:00"  # five days later
    c = clusters(articles)
    assert c["youth-hanbit"] == c["youth-saebyeok"] != c["youth-bareun"]
    wide = StoriesSettings(window_hours=24 * 7)
    c = clusters(articles, wide)
    assert c["youth-hanbit"] == c["youth-bareun"]


def test_clustering_is_deterministic():
    articles = rows("moel-youth.json") + rows("mof-same-day.json")
    first = eval_stories.evaluate(articles, StoriesSettings())
    again = eval_stories.evaluate(list(reversed(articles)), StoriesSettings())
    assert first["stories"] == again["stories"]


def test_candidates_come_from_the_bands_not_all_pairs():
    articles = rows("moel-youth.json") + rows("mof-same-day.json")
    res = eval_stories.evaluate(articles, StoriesSettings())
    n = len(articles)
    assert res["compared"] < n * (n - 1) // 2


# ------------------------------------------------------------- merge

def _members(articles: list[dict]):
    return eval_stories.members_of(articles)


def test_contradicting_figure_majority_is_stated_minority_listed():
    ms = _members(rows("moel-youth.json")[:3])
    merged = merge(ms)
    assert len(merged.disagreements) == 1
    d = merged.disagreements[0].to_dict()
    assert d["decision"] == "majority: 1200억원"
    by_value = {v["value"]: v["outlets"] for v in d["values"]}
    assert [o["outlet"] for o in by_value["120000000000"]] == ["한빛일보", "새벽뉴스"]
    minority = by_value["12000000"][0]
    assert minority["outlet"] == "바른경제" and minority["text"] == "1200만원"
    src = ms[2].source.article.text
    assert src[minority["span"][0]:minority["span"][1]] == "1200만원"
    # the primary states the majority figure: nothing of it is dropped
    assert merged.dropped == []
    facts = {(f["kind"], f["value"]): f["outlets"] for f in merged.facts}
    assert facts[("count", "50000")] == 3


def test_minority_primary_loses_the_sentences_stating_the_figure():
    arts = deepcopy(rows("moel-youth.json")[:3])
    arts[2]["title"] = "노동부, 청년 일자리 사업 신청 다음 달 시작"  # its headline states no figure
    ms = _members([arts[2], arts[0], arts[1]])  # the outlet that writes 만 reported first
    merged = merge(ms)
    assert merged.primary == 0 and merged.dropped, "the sentence stating 1200만원 must go"
    text = merged.source.article.text
    assert "1200만원" not in text and "1200억원" not in text  # never another outlet's words in its text
    assert "5만명" in text  # the rest of the report stays


def test_a_headline_with_an_outvoted_figure_hands_the_post_to_the_next_report():
    arts = rows("moel-youth.json")[:3]
    merged = merge(_members([arts[2], arts[0], arts[1]]))  # its headline says 1200만원
    assert merged.primary == 1 and merged.dropped == []
    assert "1200만원" not in merged.source.article.title + merged.source.article.text


def test_two_outlets_that_disagree_state_neither_figure():
    arts = rows("moel-youth.json")
    merged = merge(_members([arts[0], arts[2]]))
    assert merged.disagreements and merged.disagreements[0].stated is None
    assert "1200억원" not in merged.source.article.text


# ------------------------------------------------------------- real set

def test_eval_stories_on_the_real_set():
    from conftest import shared_dir

    corpus = shared_dir("real-corpus/articles.jsonl")  # skips, or fails under REQUIRE_SHARED=1, when absent
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_stories.py"), "--corpus", str(corpus)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r"real set: 44 articles", out.stdout)
    assert "pairwise precision" in out.stdout


# ------------------------------------------------------------- end to end

def _page(a: dict) -> str:
    paras = "".join(f"<p>{escape(p)}</p>\n" for p in a["text"].split("\n\n"))
    return f"""<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>{escape(a['title'])} | {escape(a['outlet'])}</title>
<meta property="og:title" content="{escape(a['title'])}">
<meta property="og:site_name" content="{escape(a['outlet'])}">
<meta property="article:published_time" content="{a['published']}">
</head><body><header><nav><a href="/">홈</a> <a href="/politics">정치</a> <a href="/economy">경제</a></nav></header>
<article><h1>{escape(a['title'])}</h1>
{paras}</article>
<footer><p>Copyright ⓒ {escape(a['outlet'])}. All rights reserved.</p></footer></body></html>"""


def _feed(base: str, outlet: str, items: list[dict]) -> str:
    entries = "".join(
        f"<item><title>{escape(a['title'])}</title><link>{base}/{a['id']}.html</link>"
        f"<guid>{base}/{a['id']}.html</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(a['published']))}</pubDate></item>"
        for a in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(outlet)}</title>'
            f"<link>{base}/</link><description>{escape(outlet)}</description>{entries}</channel></rss>")


class Outlets:
    """Three outlets' feeds and pages on one loopback server."""

    def __init__(self, srv: FaultServer, articles: list[dict]):
        self.srv = srv
        self.by_outlet: dict[str, list[dict]] = {}
        self.slug = {"한빛일보": "hanbit", "새벽뉴스": "saebyeok", "바른경제": "bareun"}
        for a in articles:
            self.by_outlet.setdefault(a["outlet"], [])
            srv.add(f"/{self.slug[a['outlet']]}/{a['id']}.html", Route(body=_page(a)))

    def publish(self, outlet: str, items: list[dict]) -> None:
        s = self.slug[outlet]
        self.by_outlet[outlet] = items
        self.srv.add(f"/{s}/rss.xml", Route(body=_feed(f"{self.srv.base}/{s}", outlet, items),
                                            content_type="application/rss+xml"))

    def config(self, tmp: Path) -> config_mod.Config:
        raw = {
            "feeds": [{"name": s, "url": f"{self.srv.base}/{s}/rss.xml", "label": o, "allow_private": True}
                      for o, s in self.slug.items()],
            "output_dir": str(tmp / "out"), "archive_path": str(tmp / "archive.sqlite3"),
            "report_dir": str(tmp / "reports"),
            "fetch": {"robots": False, "retries": 1, "read_timeout": 5.0, "total_timeout": 10.0},
        }
        for o, s in self.slug.items():
            if not self.by_outlet.get(o):
                self.publish(o, [])
        tmp.mkdir(parents=True, exist_ok=True)
        p = tmp / "config.yaml"
        p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return config_mod.load(p)


def _posts(tmp: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((tmp / "out").rglob("*.md"))}


def _run(cfg, when: str):
    t = datetime.fromisoformat(when)
    return ingest(cfg, workers=1, clock=lambda: t, force=True)


@pytest.fixture
def outlets():
    srv = FaultServer()
    try:
        yield Outlets(srv, rows("moel-youth.json") + rows("mof-same-day.json"))
    finally:
        srv.close()


def test_ingest_one_post_per_story_updated_in_place(outlets, tmp_path):
    youth = {a["id"]: a for a in rows("moel-youth.json")}
    mof = {a["id"]: a for a in rows("mof-same-day.json")}
    outlets.publish("한빛일보", [youth["youth-hanbit"], youth["edu-neulbom"], mof["mof-sale-hanbit"],
                             mof["mof-village-hanbit"]])
    outlets.publish("새벽뉴스", [youth["youth-saebyeok"], mof["mof-sale-saebyeok"]])
    cfg = outlets.config(tmp_path)
    rep = _run(cfg, "2026-03-10T18:00:00+09:00")
    assert rep.counts()["written"] + rep.counts()["unchanged"] == 6, [(i.id, i.status, i.reason) for i in rep.items]
    first = _posts(tmp_path)
    # youth (2 outlets), education, spring sale (2 outlets), fishing villages (1 so far)
    assert len(first) == 4, list(first)
    youth_post = next(n for n, t in first.items() if "청년" in t and "함께 보도한 매체" in t)
    assert "새벽뉴스" in first[youth_post] and "한빛일보" in first[youth_post]
    assert f"{outlets.srv.base}/saebyeok/youth-saebyeok.html" in first[youth_post]
    single = [t for t in first.values() if "함께 보도한 매체" not in t]
    assert len(single) == 2  # education, villages: posts as they always were

    # Later: the third outlet's report (with 1200만원) and the second villages report arrive.
    outlets.publish("바른경제", [youth["youth-bareun"], mof["mof-village-bareun"]])
    cli = subprocess.run([sys.executable, "-m", "pipeline", "ingest", "--force", "--workers", "1",
                          "--config", cfg.source_file], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert ("outlets disagree on money: 1200억원 (한빛일보, 새벽뉴스) vs 1200만원 (바른경제) -> majority: 1200억원"
            in cli.stderr), cli.stderr  # the run's log
    second = _posts(tmp_path)
    assert set(second) == set(first), "a later report updates its story's post, never a second file"
    text = second[youth_post]
    assert "바른경제" in text and "1200만원" not in text and "1200억원" in text
    villages = [t for t in second.values() if "어촌" in t]
    assert len(villages) == 1 and "함께 보도한 매체" in villages[0]
    # the disagreement is in the run report and in `show`
    d = json.loads((tmp_path / "reports" / "latest.json").read_text(encoding="utf-8"))["disagreements"]
    assert d and d[0]["disagreements"][0]["decision"] == "majority: 1200억원"
    outs = {o["outlet"] for v in d[0]["disagreements"][0]["values"] for o in v["outlets"]}
    assert outs == {"한빛일보", "새벽뉴스", "바른경제"}
    with Archive(tmp_path / "archive.sqlite3") as ar:
        it = ar.item(f"{outlets.srv.base}/bareun/youth-bareun.html")
        st = story_of_item(ar, it.id)
        assert st and len(st["members"]) == 3 and st["disagreements"]
        assert it.post_path == st["post"] and it.post_path.endswith(youth_post)
        facts = {(f["kind"], f["value"]): f["outlets"] for f in st["facts"]}
        assert facts[("count", "50000")] == 3
    show = subprocess.run([sys.executable, "-m", "pipeline", "show", it.id, "--json", "--config", cfg.source_file],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert show.returncode == 0, show.stderr
    shown = json.loads(show.stdout)["story"]
    assert shown["disagreements"][0]["values"][1]["outlets"][0]["span"]
    text = subprocess.run([sys.executable, "-m", "pipeline", "show", it.id, "--config", cfg.source_file],
                          capture_output=True, text=True, timeout=120, cwd=ROOT).stdout
    assert "3 outlets: 한빛일보, 새벽뉴스, 바른경제" in text
    assert "money: 1200억원 (한빛일보, 새벽뉴스) vs 1200만원 (바른경제) -> majority: 1200억원" in text

    # a third run changes nothing; a rerender rebuilds the same files, byte for byte
    _run(cfg, "2026-03-11T10:00:00+09:00")
    assert _posts(tmp_path) == second
    with Archive(tmp_path / "archive.sqlite3") as ar:
        outs = list(rerender(cfg, ar, ar.items(with_raw=True), workers=1))
    assert {o.status for _, o in outs} <= {"unchanged"}, [(i.id, o.status, o.reason) for i, o in outs]
    assert _posts(tmp_path) == second
    again = subprocess.run([sys.executable, "-m", "pipeline", "rerender", "--config", cfg.source_file],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert again.returncode == 0, again.stderr
    assert _posts(tmp_path) == second
    dry = subprocess.run([sys.executable, "-m", "pipeline", "rerender", "--dry-run", "--config", cfg.source_file],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert dry.returncode == 0 and dry.stdout.strip().endswith("rerender: 8 unchanged (dry run)"), dry.stdout


def test_single_outlet_posts_are_byte_identical_with_stories_off(outlets, tmp_path):
    youth = {a["id"]: a for a in rows("moel-youth.json")}
    outlets.publish("한빛일보", [youth["youth-hanbit"], youth["edu-neulbom"]])
    cfg = outlets.config(tmp_path / "on")
    _run(cfg, "2026-03-04T18:00:00+09:00")
    off = outlets.config(tmp_path / "off")
    off.stories.enabled = False
    _run(off, "2026-03-04T18:00:00+09:00")
    assert _posts(tmp_path / "on") == _posts(tmp_path / "off") and len(_posts(tmp_path / "on")) == 2
    db = sqlite3.connect(tmp_path / "off" / "archive.sqlite3")
    assert db.execute("SELECT name FROM sqlite_master WHERE name='story_items'").fetchone() is None


def test_rerender_rebuilds_stories_from_an_archive_that_never_clustered(outlets, tmp_path):
    youth = {a["id"]: a for a in rows("moel-youth.json")}
    mof = {a["id"]: a for a in rows("mof-same-day.json")}
    outlets.publish("한빛일보", [youth["youth-hanbit"], youth["edu-neulbom"], mof["mof-sale-hanbit"]])
    outlets.publish("새벽뉴스", [youth["youth-saebyeok"], mof["mof-sale-saebyeok"]])
    outlets.publish("바른경제", [youth["youth-bareun"]])
    on = outlets.config(tmp_path / "on")
    _run(on, "2026-03-10T18:00:00+09:00")
    off = outlets.config(tmp_path / "off")
    off.stories.enabled = False
    _run(off, "2026-03-10T18:00:00+09:00")
    assert len(_posts(tmp_path / "off")) == 6 and len(_posts(tmp_path / "on")) == 3
    off.stories.enabled = True
    for _ in range(2):  # the second pass finds everything in place
        with Archive(tmp_path / "off" / "archive.sqlite3") as ar:
            list(rerender(off, ar, ar.items(with_raw=True), workers=2))
        # the same stories, the same files, the same bytes as an ingest that clustered
        assert _posts(tmp_path / "off") == _posts(tmp_path / "on")


def test_ingest_with_worker_processes_gives_the_same_posts(outlets, tmp_path, monkeypatch):
    import pipeline.run as run_mod

    youth = {a["id"]: a for a in rows("moel-youth.json")}
    mof = {a["id"]: a for a in rows("mof-same-day.json")}
    outlets.publish("한빛일보", [youth["youth-hanbit"], youth["edu-neulbom"], mof["mof-sale-hanbit"]])
    outlets.publish("새벽뉴스", [youth["youth-saebyeok"], mof["mof-sale-saebyeok"]])
    outlets.publish("바른경제", [youth["youth-bareun"]])
    one = outlets.config(tmp_path / "one")
    _run(one, "2026-03-10T18:00:00+09:00")
    monkeypatch.setattr(run_mod, "POOL_MIN_ITEMS", 1)  # the pool even for six items
    two = outlets.config(tmp_path / "two")
    rep = ingest(two, workers=2, clock=lambda: datetime.fromisoformat("2026-03-10T18:00:00+09:00"), force=True)
    assert {i.status for i in rep.items} == {"written"}, [(i.id, i.status, i.reason) for i in rep.items]
    assert _posts(tmp_path / "two") == _posts(tmp_path / "one") and len(_posts(tmp_path / "one")) == 3


# ------------------------------------------------------------- source block

@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
def test_source_block_lists_every_outlet_only_when_there_are_several(generator):
    from test_write import SETTINGS, make_post

    from pipeline.config import SiteProfile
    from pipeline.frontmatter import load as load_frontmatter
    from pipeline.models import SourceLink
    from pipeline.write import render

    site = SiteProfile(generator=generator)
    plain = render(make_post(), site, SETTINGS)
    one = render(make_post(sources=[SourceLink("뉴스다오", "https://newsdao.kr/3287")]), site, SETTINGS)
    assert one == plain and "함께 보도한 매체" not in plain
    many = render(make_post(sources=[SourceLink("뉴스다오", "https://newsdao.kr/3287"),
                                     SourceLink("<b>새벽</b>뉴스", "https://saebyeok.example/a?x=1&y=2"),
                                     SourceLink("바른경제", "javascript:alert(1)")]), site, SETTINGS)
    line = next(l for l in many.splitlines() if "함께 보도한 매체" in l)
    assert line == ('<p>함께 보도한 매체: <a href="https://newsdao.kr/3287" rel="dofollow">뉴스다오</a>, '
                    '<a href="https://saebyeok.example/a?x=1&amp;y=2" rel="dofollow">&lt;b&gt;새벽&lt;/b&gt;뉴스</a></p>')
    # everything else is the single-outlet post, line for line
    assert many.replace(line + "\n\n", "") == plain
    assert load_frontmatter(many)[0] == load_frontmatter(plain)[0]


def test_a_later_outlet_settles_a_figure_the_first_two_disagreed_on():
    arts = {a["id"]: a for a in rows("moel-youth.json")}
    tied = merge(_members([arts["youth-hanbit"], arts["youth-bareun"]]))
    assert tied.dropped and "1200억원" not in tied.source.article.text
    settled = merge(_members([arts["youth-hanbit"], arts["youth-bareun"], arts["youth-saebyeok"]]))
    assert settled.dropped == [] and "1200억원을 투입한다고" in settled.source.article.text
    agreed = {(f["kind"], f["value"]): f["outlets"] for f in settled.facts}
    assert agreed[("money", "120000000000")] == 2 and agreed[("money", "12000000")] == 1


def test_a_first_report_outvoted_in_its_headline_gives_way_without_a_second_file(outlets, tmp_path):
    youth = {a["id"]: a for a in rows("moel-youth.json")}
    outlets.publish("바른경제", [youth["youth-bareun"]])
    cfg = outlets.config(tmp_path)
    _run(cfg, "2026-03-05T09:00:00+09:00")
    first = _posts(tmp_path)
    assert len(first) == 1 and "1200만원" in next(iter(first.values()))  # one outlet: its own words
    outlets.publish("한빛일보", [youth["youth-hanbit"]])
    outlets.publish("새벽뉴스", [youth["youth-saebyeok"]])
    _run(cfg, "2026-03-05T12:00:00+09:00")
    after = _posts(tmp_path)
    assert len(after) == 1, list(after)
    text = next(iter(after.values()))
    assert "1200만원" not in text and "1200억원" in text and "바른경제" in text
    with Archive(tmp_path / "archive.sqlite3") as ar:
        paths = {it.post_path for it in ar.items()}
    assert paths == {f"_posts/{next(iter(after))}"}


def test_stories_config_is_validated():
    base = {"feeds": [{"name": "a", "url": "https://a.example/rss"}]}
    with pytest.raises(config_mod.ConfigError, match=r"stories\.near_duplicate: expected a share"):
        config_mod.from_dict({**base, "stories": {"near_duplicate": 1.5}})
    with pytest.raises(config_mod.ConfigError, match=r"stories\.min_shared_figures: expected at least 1"):
        config_mod.from_dict({**base, "stories": {"min_shared_figures": 0}})
    with pytest.raises(config_mod.ConfigError, match=r"stories\.window: unknown key"):
        config_mod.from_dict({**base, "stories": {"window": 3}})
    assert config_mod.from_dict({**base, "stories": {"enabled": False}}).stories.enabled is False


def test_a_value_the_other_outlet_states_elsewhere_is_no_disagreement():
    base = {"url": "", "published": "2026-03-04T09:00:00+09:00", "cluster": "x"}
    a = {**base, "id": "a", "outlet": "가", "title": "수출 실적", "text": "\n\n".join([
        "지역별로는 중국 수출이 5630억 달러로 가장 많았다.",
        "미국 수출은 1666억 달러였다."])}
    b = {**base, "id": "b", "outlet": "나", "title": "수출 실적", "text": "\n\n".join([
        "지역별로는 미국 수출이 1666억 달러로 가장 많았다.",  # the same sentence, but both figures are in both
        "중국 수출은 5630억 달러였다."])}
    merged = merge(_members([a, b]))
    assert merged.disagreements == [] and merged.dropped == []
