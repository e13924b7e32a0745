"""Config loading: every mistake names the file, the key and what was expected."""
import os
from pathlib import Path

import pytest

from pipeline import config

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_bundled_configs_load():
    for name in ("default.yaml", "newsdao.example.yaml"):
        cfg = config.load(ROOT / "configs" / name)
        assert cfg.feeds and all(f.url for f in cfg.feeds)
        # paths resolve against the config's folder, not the working directory
        assert cfg.resolve(cfg.output_dir) == ROOT / "output" / "posts"


def test_unknown_key_is_named_with_file_and_path(tmp_path):
    p = write(tmp_path, "feeds:\n  - name: a\n    url: https://a.example/rss\n    lable: x\n")
    with pytest.raises(config.ConfigError) as e:
        config.load(p)
    msg = str(e.value)
    assert str(p) in msg and "feeds[0].lable" in msg and "unknown key" in msg and "label" in msg


def test_missing_feed_url(tmp_path):
    p = write(tmp_path, "feeds:\n  - name: a\n")
    with pytest.raises(config.ConfigError, match=r"feeds\[0\].*missing feed URL"):
        config.load(p)


def test_wrong_type_names_expected(tmp_path):
    p = write(tmp_path, "feeds:\n  - name: a\n    url: https://a.example/rss\ncompose:\n  sections: six\n")
    with pytest.raises(config.ConfigError, match=r"compose\.sections: expected an integer, got 'six'"):
        config.load(p)


def test_non_http_feed_url_refused(tmp_path):
    p = write(tmp_path, "feeds:\n  - name: a\n    url: file:///etc/passwd\n")
    with pytest.raises(config.ConfigError, match="http or https"):
        config.load(p)


def test_missing_feeds_and_bad_yaml(tmp_path):
    with pytest.raises(config.ConfigError, match="feeds: missing required key"):
        config.load(write(tmp_path, "output_dir: x\n"))
    with pytest.raises(config.ConfigError, match="not valid YAML"):
        config.load(write(tmp_path, "feeds: [\n"))
    with pytest.raises(config.ConfigError, match="file not found"):
        config.load(tmp_path / "nope.yaml")


def test_duplicate_feed_names_and_generator(tmp_path):
    with pytest.raises(config.ConfigError, match="duplicate feed name"):
        config.load(write(tmp_path, "feeds:\n  - {name: a, url: 'https://a.example/'}\n  - {name: a, url: 'https://b.example/'}\n"))
    with pytest.raises(config.ConfigError, match="site.generator"):
        config.load(write(tmp_path, "feeds: [{name: a, url: 'https://a.example/'}]\nsite: {generator: wordpress}\n"))


@pytest.mark.parametrize("snippet, where", [
    ("compose:\n  category_rules:\n    - {pattern: '교육(|학교', category: 교육}\n", "compose.category_rules[0].pattern"),
    ("compose:\n  title_rules:\n    - {pattern: '[', replace: ''}\n", "compose.title_rules[0].pattern"),
    ("compose:\n  sections: 0\n", "compose.sections"),
    ("compose:\n  highlight_styles: []\n", "compose.highlight_styles"),
    ("fetch:\n  retries: -3\n", "fetch.retries"),
    ("fetch:\n  connect_timeout: -1\n", "fetch.connect_timeout"),
    ("site:\n  templates_dir: /nonexistent/templates\n", "site.templates_dir"),
])
def test_values_are_checked_not_just_types(tmp_path, snippet, where):
    p = write(tmp_path, "feeds:\n  - {name: a, url: 'https://a.example/rss'}\n" + snippet)
    with pytest.raises(config.ConfigError) as e:
        config.load(p)
    assert where in str(e.value) and "expected" in str(e.value)


def test_feed_needs_exactly_one_source_and_positive_max_items(tmp_path):
    with pytest.raises(config.ConfigError, match="either 'url' or 'path'"):
        config.load(write(tmp_path, "feeds:\n  - {name: a, url: 'https://a.example/rss', path: x.xml}\n"))
    with pytest.raises(config.ConfigError, match=r"feeds\[0\].max_items: expected at least 1"):
        config.load(write(tmp_path, "feeds:\n  - {name: a, url: 'https://a.example/rss', max_items: -1}\n"))


FEED = "feeds:\n  - {name: a, url: 'https://a.example/rss'}\n"


def test_empty_feed_list_and_duplicate_keys_are_refused(tmp_path):
    with pytest.raises(config.ConfigError, match=r"feeds: expected at least one feed"):
        config.load(write(tmp_path, "feeds: []\n"))
    p = write(tmp_path, FEED + "site:\n  name: 가\n  name: 나\n")
    with pytest.raises(config.ConfigError, match=r"line 5: duplicate key 'name' \(first given on line 4\)") as e:
        config.load(p)
    assert str(p) in str(e.value)
    with pytest.raises(config.ConfigError, match=r"duplicate key 'feeds'"):
        config.load(write(tmp_path, FEED + "feeds: []\n"))


@pytest.mark.parametrize("content, why", [
    (b"\x00\x01\x02binary", "binary data"),
    ("feeds: 뉴스\n".encode("euc-kr"), "not UTF-8"),
])
def test_binary_and_non_utf8_configs(tmp_path, content, why):
    p = tmp_path / "c.yaml"
    p.write_bytes(content)
    with pytest.raises(config.ConfigError, match=why) as e:
        config.load(p)
    assert str(p) in str(e.value) and "\n" not in str(e.value)


def test_directory_and_unreadable_configs(tmp_path):
    with pytest.raises(config.ConfigError, match="is a directory"):
        config.load(tmp_path)
    # A file that opens but cannot be read (EIO), even as root.
    if Path("/proc/self/mem").exists():
        with pytest.raises(config.ConfigError, match=r"^/proc/self/mem: cannot read it \(") as e:
            config.load("/proc/self/mem")
        assert "\n" not in str(e.value)
    p = write(tmp_path, FEED)
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):  # root reads any file: /proc/self/mem above stands in
            return
        with pytest.raises(config.ConfigError, match="permission denied"):
            config.load(p)
    finally:
        p.chmod(0o644)


def test_timezone_is_a_real_zone_under_site(tmp_path):
    assert config.load(write(tmp_path, FEED)).site.timezone == "Asia/Seoul"
    assert config.load(write(tmp_path, FEED + "site: {timezone: Europe/Berlin}\n")).site.timezone == "Europe/Berlin"
    with pytest.raises(config.ConfigError, match="site.timezone: expected an IANA zone"):
        config.load(write(tmp_path, FEED + "site: {timezone: Mars/Olympus}\n"))
    with pytest.raises(config.ConfigError, match="moved to site.timezone"):
        config.load(write(tmp_path, FEED + "timezone: '+09:00'\n"))


def test_neutral_site_defaults_carry_nobody_elses_brand(tmp_path):
    site = config.load(write(tmp_path, FEED + "site: {name: 우리동네소식}\n")).site
    assert site.banner_heading == "우리동네소식 새 소식입니다." and site.banner_alt == "우리동네소식"
    assert site.banner_image is None and site.closing_html is None and site.extra_links == []
    for value in vars(config.SiteProfile()).values():
        assert "newsdao" not in str(value) and "뉴스다오" not in str(value) and "korea.kr" not in str(value)


def test_allow_hosts_entries_are_checked():
    import pytest

    from pipeline.config import ConfigError, from_dict

    ok = from_dict({"feeds": [{"name": "a", "url": "http://intranet/rss", "allow_hosts": ["intranet", "10.0.0.7:8080",
                                                                                       "[fd00::1]:81"]}]})
    assert ok.feeds[0].allow_hosts == ["intranet", "10.0.0.7:8080", "[fd00::1]:81"]
    with pytest.raises(ConfigError, match=r"feeds\[0\]\.allow_hosts\[0\]"):
        from_dict({"feeds": [{"name": "a", "url": "http://intranet/rss", "allow_hosts": ["http://intranet/"]}]})
