"""docs/config.md lists every config key, with the code's type and default."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.config import reference

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+) \| `(.*?)` \| (.+) \|$")


def _documented() -> dict[str, tuple[str, str, str]]:
    rows = {}
    for line in (ROOT / "docs" / "config.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line.replace("\\|", "/"))
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} documented twice"
            rows[m.group(1)] = (m.group(2).strip(), m.group(3), m.group(4).strip())
    return rows


def test_every_config_key_is_documented_with_its_type_and_default():
    docs = _documented()
    schema = {path: (kind, default) for path, kind, default in reference()}
    missing = sorted(set(schema) - set(docs))
    assert not missing, f"undocumented config keys (add them to docs/config.md): {missing}"
    stale = sorted(set(docs) - set(schema))
    assert not stale, f"docs/config.md lists keys the schema does not have: {stale}"
    for path, (kind, default) in schema.items():
        assert docs[path][0] == kind, f"{path}: documented type {docs[path][0]!r}, schema says {kind!r}"
        assert docs[path][1] == default, f"{path}: documented default {docs[path][1]!r}, schema says {default!r}"
        assert len(docs[path][2]) > 8, f"{path}: say what it means"


def test_readme_commands_exist():
    from pipeline.cli import _parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(_parser()._subparsers._group_actions[0].choices)
    for cmd in re.findall(r"^\| `([a-z-]+)[ `]", readme, re.M):
        assert cmd in commands, f"README documents a command the CLI lacks: {cmd}"
