"""YAML front matter that Jekyll (Psych), Hugo (go-yaml) and PyYAML all read
back as exactly the strings we meant.

Korean headlines routinely start with YAML syntax (``[단독]``, ``*``, ``#``)
or contain it (``속보: …``), and several plain words are not strings in
YAML 1.1 (``no``, ``2024``, ``12:30``). A library dumper gets most of this
right but folds long lines and escapes Hangul unless told otherwise, and the
seed's layout (plain titles when safe, ``>`` blocks for the excerpt,
single-quoted URLs) is easier to guarantee by writing each scalar ourselves:

* a string stays plain only when a conservative check says no YAML reader
  could take it for anything else, and PyYAML confirms it round-trips;
* otherwise it is double-quoted with every escape spelled out;
* ``folded`` keys are written as ``>`` block scalars when the text allows it;
* http(s) URLs are single-quoted, as in the seed.

Control characters other than tab and newline are dropped: no reader needs
them and several tools choke on them even when escaped.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable

import yaml

# libyaml's loader when PyYAML has it: the same YAML 1.1 rules as SafeLoader
# (what Jekyll's Psych follows), at a fraction of the cost per post.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["dump", "load", "FrontMatterError", "clean_text", "DEFAULT_FOLDED"]

DEFAULT_FOLDED = frozenset({"excerpt", "feature_text"})


class FrontMatterError(ValueError):
    pass


# C0 (except tab/LF), DEL, C1, lone surrogates, BOM, U+FFFE/U+FFFF:
# not printable in YAML or invisible junk from copy-paste.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_PLAIN_FIRST_BAD = set("-?:,[]{}#&*!|>'\"%@`\\ \t")
# Characters that make a value risky somewhere even mid-string (flow
# indicators, ":" and "#" which start mappings and comments next to a space,
# quotes, escapes); quoting costs nothing, guessing can break.
_PLAIN_ANY_BAD = set("{}[]:#\"\\`\t\n\r\x85\u2028\u2029")
# YAML 1.1 words that are booleans or null in at least one of the readers.
_SPECIAL_WORDS = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nil", "none", "~", "=", "<<",
    ".nan", ".inf", "-.inf", "+.inf",
}
_URL = re.compile(r"https?://[^\s'\x00-\x1f]+")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x85": "\\N",
    "\u2028": "\\L", "\u2029": "\\P",
}


def clean_text(s: str) -> str:
    """Drop characters YAML cannot carry and normalise line breaks to LF."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _DROP.sub("", s)


# Characters a plain scalar can hold anywhere after its first one without any
# YAML reader seeing structure or a non-printable: letters, digits, Hangul,
# CJK and common punctuation, minus everything in _PLAIN_ANY_BAD. A value
# made only of these (and passing the checks below) is a plain string to
# every reader, so PyYAML need not be asked; anything else still is.
_PLAIN_SAFE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x20, 0x7F) if chr(c) not in _PLAIN_ANY_BAD)
    + "\u2010-\u2027\u3001-\u303f\u3131-\u318e\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff5e·ㆍ×÷°±"
    + "]*"
)


def _plain_ok(s: str) -> bool:
    if not s or s != s.strip() or s[0] in _PLAIN_FIRST_BAD:
        return False
    if not _PLAIN_ANY_BAD.isdisjoint(s):
        return False
    if ": " in s or " #" in s or s.endswith(":"):
        return False
    if s.lower() in _SPECIAL_WORDS:
        return False
    # Numbers, dates, times and sexagesimals (12:30) all start with a digit,
    # a sign or a dot; quoting every such string is cheaper than matching
    # each reader's resolver rules.
    if s[0].isdigit() or s[0] in "+.":
        return False
    if _PLAIN_SAFE.fullmatch(s):
        return True
    try:
        return yaml.load("k: " + s, Loader=_LOADER) == {"k": s}
    except yaml.YAMLError:
        return False


def _double(s: str) -> str:
    out = []
    for c in s:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _single(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _folded(s: str, indent: str) -> str | None:
    """``>`` block scalar for ``s``, or None when a block cannot carry it exactly."""
    if not s.strip() or s[0] in " \t\n":
        return None
    body, trail = s.rstrip("\n"), len(s) - len(s.rstrip("\n"))
    chomp = {0: "-", 1: ""}.get(trail)
    if chomp is None:
        return None
    if any(c in body for c in "\t\r\x85\u2028\u2029"):
        return None
    # Under folding, one line break between text lines becomes a space, so
    # n newlines in the value are written as n blank lines.
    paragraphs = re.split(r"(\n+)", body)
    lines: list[str] = []
    for part in paragraphs:
        if part.startswith("\n"):
            lines.extend([""] * len(part))
        else:
            if part != part.strip(" "):
                return None  # leading/trailing spaces: "more-indented" or lost
            lines.append(part)
    text = "\n".join(indent + ln if ln else "" for ln in lines)
    return f">{chomp}\n{text}"


def _scalar(value: Any, key: str, folded: bool, indent: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise FrontMatterError(f"{key}: non-finite number {value!r}")
        return repr(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise FrontMatterError(f"{key}: datetime without a UTC offset")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise FrontMatterError(f"{key}: unsupported value type {type(value).__name__}")
    s = clean_text(value)
    if folded:
        block = _folded(s, indent + "  ")
        if block is not None:
            return block
    if _URL.fullmatch(s):
        return _single(s)
    return s if _plain_ok(s) else _double(s)


def _emit(mapping: dict, folded_keys: Iterable[str], indent: str, out: list[str]) -> None:
    folded_keys = frozenset(folded_keys)
    for key, value in mapping.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise FrontMatterError(f"front matter key {key!r} is not a simple identifier")
        if isinstance(value, (list, tuple)):
            if not value:
                out.append(f"{indent}{key}: []")
                continue
            out.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, (dict, list, tuple)):
                    raise FrontMatterError(f"{key}: nested collections are not supported")
                out.append(f"{indent}  - {_scalar(item, key, False, indent + '  ')}")
        elif isinstance(value, dict):
            if not value:
                out.append(f"{indent}{key}: {{}}")
                continue
            out.append(f"{indent}{key}:")
            _emit(value, (), indent + "  ", out)
        else:
            out.append(f"{indent}{key}: {_scalar(value, key, key in folded_keys, indent)}")


def dump(mapping: dict, *, folded: Iterable[str] = DEFAULT_FOLDED) -> str:
    """Front matter block, ``---`` lines included, ending in a newline.

    Keys keep the mapping's order. Keys named in ``folded`` are written as
    ``>`` block scalars when possible (a value ending in one newline gives
    ``>``, as the seed's excerpt; no newline gives ``>-``).
    """
    out = ["---"]
    _emit(mapping, folded, "", out)
    out.append("---")
    return "\n".join(out) + "\n"


def load(text: str) -> tuple[dict, str]:
    """Split ``text`` into (front matter mapping, body) and parse the mapping
    with PyYAML's YAML 1.1 safe loader, as strict as Jekyll's Psych."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise FrontMatterError("no front matter: text does not start with '---'")
    m = re.search(r"^(?:---|\.\.\.)[ \t]*$\n?", text[4:], re.M)
    if m is None:
        raise FrontMatterError("front matter is not closed by '---'")
    head = text[4 : 4 + m.start()]
    body = text[4 + m.end() :]
    try:
        data = yaml.load(head, Loader=_LOADER) if head.strip() else {}
    except yaml.YAMLError as e:
        raise FrontMatterError(f"front matter is not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is a {type(data).__name__}, not a mapping")
    return data, body
