"""Text columns that line up with Hangul in a terminal.

Hangul and other East Asian wide characters take two terminal cells, so
``str.ljust`` misaligns every column after a Korean title. Widths here
follow Unicode's East Asian Width (W and F: two cells; combining marks:
none). It knows nothing of emoji presentation sequences or terminals that
render ambiguous-width characters wide.
"""
from __future__ import annotations

import unicodedata


def width(s: str) -> int:
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def clip(s: str, cells: int) -> str:
    """At most ``cells`` wide, with "…" when cut."""
    if width(s) <= cells:
        return s
    out, used = [], 0
    for ch in s:
        cw = width(ch)
        if used + cw > cells - 1:
            break
        out.append(ch)
        used += cw
    return "".join(out) + "…"


def pad(s: str, cells: int) -> str:
    """``s`` clipped to and padded out to exactly ``cells`` terminal cells."""
    s = clip(s, cells)
    return s + " " * (cells - width(s))


def table(rows: list[list[str]], widths: list[int | None]) -> list[str]:
    """Rows as lines; a width of None sizes the column to its widest cell
    (the last column is never padded)."""
    sizes = [w if w is not None else max((width(r[i]) for r in rows), default=0) for i, w in enumerate(widths)]
    lines = []
    for r in rows:
        cells = [pad(c, sizes[i]) if i < len(r) - 1 else clip(c, sizes[i]) if widths[i] else c for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return lines
