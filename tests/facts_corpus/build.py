"""Build the labelled JSON files from the hand-annotated sources in src/.

Labels are written inline while writing each article, `{K:span=value;unit}`:
M money (unit defaults to KRW), C count (unit = the span's counter), D duration
(ISO value), T date (ISO value), P percent (unit from the span: %, %p, 배→x),
O organisation, H person, G programme (value defaults to the span).
Run: python tests/facts_corpus/build.py
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"M": "money", "C": "count", "D": "duration", "T": "date", "P": "percent",
         "O": "org", "H": "person", "G": "programme"}
MARK = re.compile(r"\{([MCDTPOHG]):([^{}=;]+?)(?:=([^{};]*))?(?:;([^{}]*))?\}")
COUNTERS = sorted("개교 개국 개사 개소 개팀 개 곳 명 건 대 가구 세대 가지 차례 번 회 척 채 마리 그루 권 편 종 팀 기 군데 승 패 골 경기 홈런 안타 타점 장 명분 문 석 실".split(),
                  key=len, reverse=True)


def _unit(kind: str, span: str, given: str | None) -> str | None:
    if given:
        return given
    if kind == "money":
        return "KRW"
    if kind == "percent":
        if span.endswith(("%p", "%포인트", "퍼센트포인트")):
            return "%p"
        return "x" if span.endswith("배") else "%"
    if kind == "count":
        return next(c for c in COUNTERS if span.endswith(c))
    return None


def _value(kind: str, span: str, raw: str | None) -> object:
    if kind in ("money", "percent"):
        return raw  # kept as a string: compared as Decimal by the evaluator
    if kind == "count":
        return int(raw)  # type: ignore[arg-type]
    if kind in ("org", "programme", "person"):
        return raw or span
    return None if raw in (None, "None") else raw


def build(src: Path) -> dict:
    raw = src.read_text(encoding="utf-8")
    header, body = raw.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in header.splitlines())
    body = body.rstrip("\n")
    text_parts: list[str] = []
    facts = []
    pos = 0
    length = 0
    for m in MARK.finditer(body):
        chunk = body[pos:m.start()]
        text_parts.append(chunk)
        length += len(chunk)
        kind = KINDS[m.group(1)]
        span = m.group(2)
        facts.append({"kind": kind, "text": span, "value": _value(kind, span, m.group(3)),
                      "unit": _unit(kind, span, m.group(4)), "start": length, "end": length + len(span)})
        text_parts.append(span)
        length += len(span)
        pos = m.end()
    text_parts.append(body[pos:])
    text = "".join(text_parts)
    if "{" in text or "}" in text:
        raise SystemExit(f"{src.name}: unparsed markup near {text[text.find('{'):][:40]!r}")
    for f in facts:
        assert text[f["start"]:f["end"]] == f["text"]
    return {"published": meta["published"], "entities_labelled": meta.get("entities") == "yes",
            "text": text, "facts": facts}


def main() -> int:
    for src in sorted((HERE / "src").glob("*.txt")):
        data = build(src)
        out = HERE / f"{src.stem}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
