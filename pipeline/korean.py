"""The Korean morphological analyser (Kiwi), loaded once per process.

Loading the model takes about a second and 100 MB, so every stage that
needs morphology (the rules engine, the guard's negation and modality
checks) shares this one instance. The `cong` model is Kiwi's default and its
fastest (about half a millisecond a sentence here).

Kiwi runs single-threaded (`num_workers=0`): its thread pool does not
survive a fork (a forked worker waited forever on a batched call), and
batching on it was no faster than one call a sentence on this workload. A
single-threaded instance is safe to fork, so a pool started after the load
inherits the parent's analyser instead of loading one per worker.

Analyses are cached per process and shared: the rules engine analyses the
plan's source sentences, and the guard reads the same analyses when it
checks a rewrite against them.
"""
from __future__ import annotations

import functools
import threading
from typing import Any, Callable, TypeVar

# Sentences: a post has a few dozen, so this spans a story's reports and a
# re-render's neighbours. Unseen text fills a cache to its bound; at 8192
# entries the analyser's caches held about 160 MB a process.
CACHE_SIZE = 1024

_cache: dict[str, tuple[Any, ...]] = {}
_stats = {"analysed": 0, "hits": 0}


_lock = threading.Lock()
_kiwi: Any = None


def kiwi() -> Any:
    """The process's Kiwi, loaded on first use (by whichever thread asks first)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                import warnings

                from kiwipiepy import Kiwi

                with warnings.catch_warnings():
                    # 0 means one thread since kiwipiepy 0.21, which warns that it once meant all cores.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    # Without the typo and multi-word dictionaries Kiwi loads in about a
                    # third of the time (1.1 s against 2.7 s here); over 1,651 sentences of
                    # news, samples and the facts corpus the analyses were the same but one
                    # (`자폐 스펙트럼`, one proper noun with the multi-word dictionary).
                    k = Kiwi(model_type="cong", num_workers=0, load_typo_dict=False, load_multi_dict=False)
                k.tokenize("준비했다.")  # the first analysis builds lazy tables: part of loading
                _kiwi = k
    return _kiwi


_warming: threading.Thread | None = None


def warm_in_background() -> None:
    """Load Kiwi on a thread while the caller does I/O: on a loaded machine
    the load takes seconds, which a cron run under a deadline cannot spare
    at its first post."""
    global _warming
    if _kiwi is None and _warming is None:
        _warming = threading.Thread(target=kiwi, name="kiwi-warm", daemon=True)
        _warming.start()


def settle() -> None:
    """Wait for a background load to finish. Call before forking: a child
    forked while the loading thread holds an import or allocator lock would
    inherit the lock held and hang on its first import of Kiwi."""
    global _warming
    if _warming is not None:
        _warming.join()
        _warming = None


def after_fork() -> None:
    """In a new worker process: the locks and the loading thread are the
    parent's. An analyser the parent had loaded is kept (single-threaded, it
    works after a fork, and its pages stay shared with the parent)."""
    global _lock, _warming
    _warming = None
    _lock = threading.Lock()


def _store(text: str, toks: tuple[Any, ...]) -> None:
    if len(_cache) >= CACHE_SIZE:
        # Oldest first: dicts keep insertion order, so this is a FIFO bound.
        for key in list(_cache)[: CACHE_SIZE // 8]:
            del _cache[key]
    _cache[text] = toks


def tokens(text: str) -> tuple[Any, ...]:
    """Kiwi tokens of one sentence (form, tag, start, len), cached: the rules
    engine and the guard analyse the same sentences."""
    hit = _cache.get(text)
    if hit is not None:
        _stats["hits"] += 1
        return hit
    toks = tuple(kiwi().tokenize(text))
    _stats["analysed"] += 1
    _store(text, toks)
    return toks


_F = TypeVar("_F", bound=Callable[..., Any])
_sentence_caches: list[Any] = []


def sentence_cache(maxsize: int) -> Callable[[_F], _F]:
    """An lru_cache for a function of one sentence's text (its analysis, its
    rewrite, its dates), registered so `forget` can empty them all."""
    def wrap(fn: _F) -> _F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _sentence_caches.append(cached)
        return cached  # type: ignore[return-value]
    return wrap


def forget() -> None:
    """Empty every per-sentence cache: the process meets the next text as
    unseen. The benchmark calls this before each page, because its corpus
    repeats its source sentences and a real feed does not; caches of words
    and patterns stay warm, as they do in a real run."""
    _cache.clear()
    for c in _sentence_caches:
        c.cache_clear()


def names_subject(toks: tuple[Any, ...] | list[Any]) -> bool:
    """Whether a sentence's tokens mark a subject or a topic anywhere (`…이/가`,
    `…은/는`, `…도`): a line without one leans on what came before it."""
    return any(t.tag == "JKS" or (t.tag == "JX" and t.form in ("은", "는", "ᆫ", "도")) for t in toks)


def stats() -> dict[str, int]:
    """Sentences analysed and cache hits so far in this process (for tests and the benchmark)."""
    return dict(_stats)
