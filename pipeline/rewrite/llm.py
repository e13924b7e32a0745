"""The llm engine: a language model on any OpenAI-compatible server says the plan.

Models write the most natural Korean, and they also invent figures. This
engine lets one write and never trusts it:

1. the prompt (Jinja2 templates, replaceable with `llm.prompts_dir`) gives
   the plan's source sentences by number, their facts and the plan of
   sections, and asks for JSON in the seed's shape;
2. the reply is validated here whatever the server promised: its shape,
   its language (Hangul share; Japanese kana, Chinese characters or English
   words its sources do not have), its citations, the guard's checks on
   every sentence (guard.sentence_reasons) and the copy share against
   `llm.max_copy`;
3. problems get one repair request that lists them; what still fails
   carries the `rules` rewrite of its cited sentences (then the source) as
   fallbacks, so the guard that runs after every engine publishes the first
   safe form and nothing the source does not support;
4. every reply is cached in the archive by model, prompt-template hash,
   source-text hash and parameters, so a re-render asks nothing and writes
   the same bytes (`rerender --refresh-llm` asks again).

It refuses to publish an unusable reply: a broken, truncated or
wrong-language answer that its repair does not fix raises EngineError and
the stage falls back to `rules`. A server that is down, over its budget or
out of retries raises EngineError too (reason "unavailable"/"budget", the
item is marked for a later llm run), or EngineWait with `llm.required`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from ..config import Config
from ..errors import EngineError, EngineWait
from ..guard import Context, copy_metrics, norm, sentence_reasons, whole_reasons
from ..llm_client import ChatClient, ChatError, ChatReply
from ..models import KST, Draft, OutSentence, Plan, Section

BUNDLED_PROMPTS = Path(__file__).resolve().parents[1] / "templates" / "llm"
PROMPTS = ("system.j2", "user.j2", "repair.j2")
MIN_HANGUL = 0.5  # share of letters in a reply below which it is not Korean
# EngineError reasons that mean "ask again on a later run" (see retry_later).
RETRY_KINDS = ("unavailable", "budget")

SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["title", "excerpt", "sections"],
    "properties": {
        "title": {"type": "string"}, "excerpt": {"type": "string"},
        "sections": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["heading", "sentences"],
            "properties": {
                "heading": {"type": "string"},
                "sentences": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["text", "sources", "highlight"],
                    "properties": {"text": {"type": "string"},
                                   "sources": {"type": "array", "items": {"type": "integer"}},
                                   "highlight": {"type": "boolean"}}}},
            }}},
    },
}


def fallback_engine() -> str:
    """`rules` once it exists in this checkout, else the verbatim engine."""
    return "rules" if importlib.util.find_spec("pipeline.rewrite.rules") is not None else "extractive"


def retry_later(notes: dict[str, Any]) -> bool:
    """Whether a post's notes say the llm could not be asked (so rules wrote it)."""
    reason = str(notes.get("engine_fallback", ""))
    return any(reason.startswith(f"llm: {k}") for k in RETRY_KINDS)


# -- replies -------------------------------------------------------------------


@dataclass
class RSentence:
    text: str
    sources: list[int]
    highlight: bool


@dataclass
class RSection:
    heading: str
    sentences: list[RSentence]


@dataclass
class Reply:
    title: str
    excerpt: str
    sections: list[RSection]


class BadReply(Exception):
    """The reply cannot be read as a post; the message says why (for the repair request)."""


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def parse_reply(content: str, finish_reason: str | None = None) -> Reply:
    text = _FENCE.sub("", content.strip())
    try:
        data = json.loads(text)
    except ValueError as e:
        a, b = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[a:b + 1]) if 0 <= a < b else None
        except ValueError:
            data = None
        if data is None:
            cut = " (cut off at the output limit)" if finish_reason == "length" else ""
            raise BadReply(f"the reply is not valid JSON{cut}: {e.msg} at character {e.pos}") from None
    if not isinstance(data, dict):
        raise BadReply("the reply is not a JSON object")

    def string(v: Any, where: str, empty_ok: bool = False) -> str:
        if not isinstance(v, str) or (not empty_ok and not v.strip()):
            raise BadReply(f"{where}: expected a non-empty string")
        return norm(v)

    title = string(data.get("title"), "title")
    excerpt = string(data.get("excerpt", ""), "excerpt", empty_ok=True)
    secs = data.get("sections")
    if not isinstance(secs, list) or not secs:
        raise BadReply("sections: expected a non-empty list")
    sections = []
    for i, sec in enumerate(secs):
        if not isinstance(sec, dict):
            raise BadReply(f"sections[{i}]: expected an object")
        heading = string(sec.get("heading", ""), f"sections[{i}].heading", empty_ok=True)
        sents = sec.get("sentences")
        if not isinstance(sents, list) or not sents:
            raise BadReply(f"sections[{i}].sentences: expected a non-empty list")
        out = []
        for j, s in enumerate(sents):
            where = f"sections[{i}].sentences[{j}]"
            if not isinstance(s, dict):
                raise BadReply(f"{where}: expected an object")
            src = s.get("sources")
            if not isinstance(src, list) or not src or not all(
                    isinstance(x, int) and not isinstance(x, bool) for x in src):
                raise BadReply(f"{where}.sources: expected a non-empty list of sentence numbers")
            out.append(RSentence(string(s.get("text"), f"{where}.text"), list(src), s.get("highlight") is True))
        sections.append(RSection(heading, out))
    return Reply(title, excerpt, sections)


_HANGUL = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_LATIN = re.compile(r"[A-Za-z]")


def hangul_share(text: str) -> float:
    h = len(_HANGUL.findall(text))
    letters = h + len(_KANA.findall(text)) + len(_HAN.findall(text)) + len(_LATIN.findall(text))
    return h / letters if letters else 1.0


def language_reasons(text: str, source: str) -> list[str]:
    """Drift out of Korean: kana, or Chinese characters / English words its source does not have
    (Korean news writes 美·中 and AI, so those alone are no drift)."""
    out = []
    if _KANA.search(text):
        out.append("language: Japanese kana in a Korean sentence")
    han = sorted({c for c in _HAN.findall(text) if c not in source})
    if han:
        out.append(f"language: Chinese characters {''.join(han[:8])!r} not in its source")
    low = source.lower()
    words = [w for w in _LATIN_WORD.findall(text) if w.lower() not in low]
    if words:
        out.append(f"language: English words {' '.join(words[:6])!r} not in its source")
    if not out and hangul_share(text) < MIN_HANGUL:
        out.append(f"language: Hangul share {hangul_share(text):.2f}")
    return out


@dataclass
class Judgement:
    problems: list[str] = field(default_factory=list)  # for the repair request
    kinds: Counter[str] = field(default_factory=Counter)  # problem kind -> count (report)
    copy: float = 0.0
    fatal: str | None = None  # the reply as a whole is unusable
    # Parts that fail: ("title",), ("excerpt",), ("heading", k), ("sentence", k, n). Only
    # these need fallbacks (the guard runs the same checks, so it passes the rest).
    bad: set[tuple[Any, ...]] = field(default_factory=set)


# -- the engine ----------------------------------------------------------------


class LLMEngine:
    name = "llm"

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.s = cfg.llm
        folders = [self.s.prompts_dir] if self.s.prompts_dir else []
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([*folders, str(BUNDLED_PROMPTS)]),
                                 autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        self.templates = {n: env.get_template(n) for n in PROMPTS}
        digest = hashlib.sha256()
        for n in PROMPTS:
            source, _, _ = env.loader.get_source(env, n)
            digest.update(n.encode() + b"\0" + source.encode("utf-8") + b"\0")
        self.template_hash = digest.hexdigest()[:16]
        # What shapes a reply to given messages (the messages themselves are keyed by digest).
        self.params = {"temperature": self.s.temperature, "seed": self.s.seed,
                       "max_output_tokens": self.s.max_output_tokens, "response_format": self.s.response_format}
        self._client: ChatClient | None = None
        self._cache = None
        self._lock = threading.Lock()
        self.begin_run()

    # per-run state -------------------------------------------------------------
    def begin_run(self) -> None:
        """Budgets, the outage switch and the figures start again (one per ingest or rerender)."""
        with self._lock:
            self.totals_: Counter[str] = Counter()
            self.fallbacks: Counter[str] = Counter()  # whole posts given to `rules`, by reason
            self.problems: Counter[str] = Counter()  # problems found in replies, by kind
            self.down: str | None = None
            if self._client is not None:
                self._client.reset()

    def totals(self) -> dict[str, Any]:
        with self._lock:
            t = self.totals_
            return {
                "calls": t["calls"], "requests": t["requests"], "cache_hits": t["cache_hits"],
                "prompt_tokens": t["prompt_tokens"], "completion_tokens": t["completion_tokens"],
                "prompt_chars": t["prompt_chars"], "source_chars": t["source_chars"],
                "repairs": t["repairs"], "articles": t["articles"],
                "fallbacks": dict(sorted(self.fallbacks.items())), "problems": dict(sorted(self.problems.items())),
            }

    def _client_(self) -> ChatClient:
        with self._lock:
            if self._client is None:
                self._client = ChatClient(self.s)
            return self._client

    def _cache_(self):
        from ..archive import LLMCache

        with self._lock:
            if self._cache is None:
                self._cache = LLMCache(self.cfg.resolve(self.cfg.archive_path))
            return self._cache

    # the rewrite ---------------------------------------------------------------
    def rewrite(self, plan: Plan) -> Draft:
        shown = [i for ps in plan.sections for i in ps.chosen]
        source = norm((plan.article.title or "") + "\n" + plan.article.text)
        ctx = Context(plan, source)
        item: Counter[str] = Counter()
        with self._lock:
            self.totals_["articles"] += 1
            self.totals_["source_chars"] += len(plan.article.text)
        messages = [{"role": "system", "content": self.templates["system.j2"].render()},
                    {"role": "user", "content": self._user_prompt(plan, shown)}]
        source_hash = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
        try:
            content, finish = self._ask(messages, source_hash, item)
        except EngineError as e:
            self._count_fallback(e.reason)
            raise
        reply, judged = self._read(content, finish, plan, ctx, shown, source)
        if judged.problems or judged.fatal or judged.copy > self.s.max_copy:
            repair = self.templates["repair.j2"].render(
                problems=([judged.fatal] if judged.fatal else []) + judged.problems[:30],
                copy=judged.copy if judged.copy > self.s.max_copy else 0.0, max_copy=self.s.max_copy)
            turn = [*messages, {"role": "assistant", "content": content}, {"role": "user", "content": repair}]
            try:
                content2, finish2 = self._ask(turn, source_hash, item)
            except (EngineError, EngineWait) as e:
                if reply is None:
                    self._count_fallback(e.reason)
                    raise
                # A usable first reply is kept; the guard and the fallbacks handle its problems.
            else:
                item["repairs"] += 1
                with self._lock:
                    self.totals_["repairs"] += 1
                reply2, judged2 = self._read(content2, finish2, plan, ctx, shown, source)
                if reply2 is not None:
                    reply, judged = reply2, judged2
                elif reply is None:
                    reason = f"{judged2.fatal or judged.fatal}"
                    self._count_fallback(reason)
                    raise EngineError(reason)
        if reply is None:
            self._count_fallback(judged.fatal or "invalid reply")
            raise EngineError(judged.fatal or "invalid reply")
        # The fallback engine (rules: a morphological analysis of every
        # sentence) runs only when some part of the reply needs its words.
        fb = self._fallback(plan) if judged.bad else None
        draft = self._draft(reply, fb, judged, source, item)
        draft.notes = {"llm": {**dict(sorted(item.items())), "problems": dict(sorted(judged.kinds.items())),
                               "copy_share": round(judged.copy, 3)}}
        return draft

    def _count_fallback(self, reason: str) -> None:
        with self._lock:
            self.fallbacks[reason.split(":", 1)[0].strip()] += 1

    def _user_prompt(self, plan: Plan, shown: list[int]) -> str:
        ids = set(shown)
        published = plan.article.published.astimezone(KST).date().isoformat() if plan.article.published else ""
        return self.templates["user.j2"].render(
            title=norm(plan.article.title), published=published,
            sentences=[{"id": i, "text": plan.texts[i]} for i in shown],
            facts=[{"sentence": f.sentence, "kind": f.kind, "text": norm(f.text)}
                   for f in sorted(plan.facts, key=lambda f: (f.sentence, f.start)) if f.sentence in ids],
            sections=[{"subheading": ps.subheading, "ids": ps.chosen, "highlights": ps.highlights}
                      for ps in plan.sections if ps.chosen],
            target_chars=plan.target_chars,
        )

    def _ask(self, messages: list[dict[str, str]], source_hash: str, item: Counter[str]) -> tuple[str, str | None]:
        """The reply's content: from the cache, else one call within the run's budget."""
        digest = hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
        key = hashlib.sha256(json.dumps(
            {"model": self.s.model, "template": self.template_hash, "source": source_hash, "params": self.params,
             "messages": digest}, sort_keys=True).encode()).hexdigest()
        cache = self._cache_()
        if not self.s.refresh:
            hit = cache.get(key)
            if hit is not None:
                item["cache_hits"] += 1
                with self._lock:
                    self.totals_["cache_hits"] += 1
                return hit[0], hit[1].get("finish_reason")
        prompt_chars = sum(len(m["content"]) for m in messages)
        with self._lock:
            t = self.totals_
            if self.down:
                raise self._unavailable(f"unavailable: {self.down} (earlier in this run)")
            if self.s.max_calls_per_run and t["calls"] >= self.s.max_calls_per_run:
                raise self._unavailable(f"budget: llm.max_calls_per_run ({self.s.max_calls_per_run}) spent")
            if self.s.max_tokens_per_run and t["prompt_tokens"] + t["completion_tokens"] >= self.s.max_tokens_per_run:
                raise self._unavailable(f"budget: llm.max_tokens_per_run ({self.s.max_tokens_per_run}) spent")
            t["calls"] += 1
            t["prompt_chars"] += prompt_chars
        item["calls"] += 1
        try:
            reply: ChatReply = self._client_().complete(messages, SCHEMA)
        except ChatError as e:
            if e.kind == "unavailable":
                with self._lock:
                    self.down = self.down or e.message
                raise self._unavailable(f"unavailable: {e.message}") from None
            raise EngineError(f"invalid reply: {e.message}") from None
        with self._lock:
            t["requests"] += reply.requests
            t["prompt_tokens"] += reply.prompt_tokens
            t["completion_tokens"] += reply.completion_tokens
        item["requests"] += reply.requests
        item["prompt_tokens"] += reply.prompt_tokens
        item["completion_tokens"] += reply.completion_tokens
        cache.put(key, model=self.s.model, template_hash=self.template_hash, source_hash=source_hash,
                  params=self.params, reply=reply.content,
                  usage={"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                         "finish_reason": reply.finish_reason},
                  now=datetime.now(KST).replace(microsecond=0))
        return reply.content, reply.finish_reason

    def _unavailable(self, reason: str) -> Exception:
        if self.s.required:
            return EngineWait(f"llm {reason}")
        return EngineError(reason)

    def _read(self, content: str, finish: str | None, plan: Plan, ctx: Context, shown: list[int],
              source: str) -> tuple[Reply | None, Judgement]:
        j = Judgement()
        try:
            reply = parse_reply(content, finish)
        except BadReply as e:
            j.fatal = f"invalid reply: {e}"
            j.kinds["invalid"] += 1
            with self._lock:
                self.problems["invalid"] += 1
            return None, j
        texts = [reply.title, reply.excerpt, *(s.heading for s in reply.sections),
                 *(x.text for s in reply.sections for x in s.sentences)]
        share = hangul_share(" ".join(texts))
        if share < MIN_HANGUL:
            j.fatal = f"wrong language: Hangul is {share:.0%} of the letters, the post must be Korean"
            j.kinds["language"] += 1
            with self._lock:
                self.problems["language"] += 1
            return None, j
        body = [x.text for s in reply.sections for x in s.sentences]
        j.copy = copy_metrics(body, plan).share
        if j.copy > self.s.max_copy:
            j.kinds["copy"] += 1
        allowed = set(shown)
        limit = self.cfg.compose.heading_max_chars
        parts: list[tuple[tuple[Any, ...], str, str]] = [(("title",), "title", reply.title),
                                                         (("excerpt",), "excerpt", reply.excerpt)]
        parts += [(("heading", k), f"section {k + 1} heading", s.heading) for k, s in enumerate(reply.sections)]
        for key, where, text in parts:
            if not text or (key[0] == "heading" and len(text) > limit):
                j.bad.add(key)  # no problem to report: a fallback simply takes its place
                continue
            for r in whole_reasons(text, ctx) + language_reasons(text, source):
                j.bad.add(key)
                j.problems.append(f"{where} {text[:40]!r}: {r}")
                j.kinds[r.split(" ", 1)[0].rstrip(":")] += 1
        for k, sec in enumerate(reply.sections):
            for n, s in enumerate(sec.sentences):
                for r in self._sentence_reasons(s, ctx, allowed, plan):
                    j.bad.add(("sentence", k, n))
                    j.problems.append(f"section {k + 1} sentence {n + 1} {s.text[:40]!r}: {r}")
                    j.kinds[r.split(" ", 1)[0].rstrip(":")] += 1
        with self._lock:
            self.problems.update(j.kinds)
        return reply, j

    def _sentence_reasons(self, s: RSentence, ctx: Context, allowed: set[int], plan: Plan) -> list[str]:
        unknown = [i for i in s.sources if i not in allowed]
        if unknown:
            return [f"citation of sentence numbers {unknown} that are not in the source list"]
        return sentence_reasons(s.text, s.sources, ctx) + language_reasons(s.text, ctx.source_text)

    def _fallback(self, plan: Plan) -> Draft:
        from . import get_engine

        return get_engine(fallback_engine(), self.cfg).rewrite(plan)

    def _draft(self, reply: Reply, fb: Draft | None, judged: Judgement, source: str, item: Counter[str]) -> Draft:
        """The reply as a Draft; every failing part carries the fallback
        engine's words (for a sentence: its rewrite of the cited sentences),
        for the guard to use; the guard adds the source itself last."""
        by_source: dict[int, OutSentence] = {}
        heading_of: dict[int, str] = {}
        for sec in fb.sections if fb else []:
            for o in sec.sentences:
                for i in o.sources:
                    by_source.setdefault(i, o)
                    heading_of.setdefault(i, sec.heading)
        bad = judged.bad
        sections = []
        for k, sec in enumerate(reply.sections):
            outs = []
            for n, s in enumerate(sec.sentences):
                fallbacks: list[str] = []
                text = s.text
                if ("sentence", k, n) in bad:
                    picked: list[OutSentence] = []
                    for i in s.sources:
                        o = by_source.get(i)
                        if o is not None and o not in picked:
                            picked.append(o)
                    if picked:
                        fallbacks.append(" ".join(o.text for o in picked))
                        deeper = " ".join((o.fallbacks[0] if o.fallbacks else o.text) for o in picked)
                        if deeper not in fallbacks:
                            fallbacks.append(deeper)
                    if language_reasons(text, source) and fallbacks:
                        # The guard does not judge language: a drifting sentence gives way here.
                        text = fallbacks.pop(0)
                        item["language_fallbacks"] += 1
                outs.append(OutSentence(text, list(s.sources), 0 if s.highlight else None, fallbacks))
            first = sec.sentences[0].sources[0]
            heading, alt = sec.heading, []
            if ("heading", k) in bad and first in heading_of:
                alt = [heading_of[first]]
                if not heading or len(heading) > self.cfg.compose.heading_max_chars or language_reasons(heading, source):
                    heading, alt = alt[0], []
            sections.append(Section(heading, outs, heading_fallbacks=alt))
        title, title_alt = reply.title, []
        if ("title",) in bad and fb is not None:
            title_alt = [fb.title, *fb.title_fallbacks]
            if language_reasons(title, source):
                title, title_alt = title_alt[0], title_alt[1:]
        excerpt, excerpt_alt = reply.excerpt, []
        if ("excerpt",) in bad and fb is not None:
            excerpt_alt = [fb.excerpt, *fb.excerpt_fallbacks]
            if not excerpt or language_reasons(excerpt, source):
                excerpt, excerpt_alt = excerpt_alt[0], excerpt_alt[1:]
        return Draft(self.name, title, excerpt, sections, title_fallbacks=title_alt, excerpt_fallbacks=excerpt_alt)


def begin_run(cfg: Config) -> LLMEngine:
    """The process's llm engine for `cfg`, with its per-run budget and figures reset."""
    from . import get_engine

    engine = get_engine("llm", cfg)
    engine.begin_run()  # type: ignore[attr-defined]
    # Built here, before the run's threads start, so they share one of each
    # instead of each loading its own: the fallback engine and the Korean
    # analyser the guard and the rules engine use (about a second and 100 MB).
    get_engine(fallback_engine(), cfg)
    from ..korean import kiwi

    kiwi()
    return engine  # type: ignore[return-value]
