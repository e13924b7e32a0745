"""Config loading: every mistake names the file, the key and what was expected."""
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
        config.load(write(tmp_path, "feeds: []\nsite: {generator: wordpress}\n"))


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


def test_allow_hosts_entries_are_checked():
    import pytest

    from pipeline.config import ConfigError, from_dict

    ok = from_dict({"feeds": [{"name": "a", "url": "http://intranet/rss", "allow_hosts": ["intranet", "10.0.0.7:8080",
                                                                                       "[fd00::1]:81"]}]})
    assert ok.feeds[0].allow_hosts == ["intranet", "10.0.0.7:8080", "[fd00::1]:81"]
    with pytest.raises(ConfigError, match=r"feeds\[0\]\.allow_hosts\[0\]"):
        from_dict({"feeds": [{"name": "a", "url": "http://intranet/rss", "allow_hosts": ["http://intranet/"]}]})
