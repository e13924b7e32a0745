"""The Korean morphological analyser (Kiwi), loaded once per process.

Loading the model takes about a second and 100 MB, so every stage that
needs morphology (the rules engine, the guard's negation and modality
checks) shares this one instance; worker processes each load their own on
first use. The `cong` model is Kiwi's default and its fastest (about half a
millisecond a sentence here).

Analyses are cached per process and shared: the rules engine analyses the
plan's source sentences, and the guard reads the same analyses when it
checks a rewrite against them. `prefetch` analyses many sentences in one
Kiwi call (Kiwi batches them over its worker threads) into the same cache;
Kiwi is deterministic, so a batched analysis is the one a single call gives.
"""
from __future__ import annotations

import threading
from typing import Any, Iterable

CACHE_SIZE = 8192  # sentences; a post has a few dozen, so this spans many posts

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
                from kiwipiepy import Kiwi

                k = Kiwi(model_type="cong")
                k.tokenize("준비했다.")  # the first analysis builds lazy tables: part of loading
                _kiwi = k
    return _kiwi


_warming: threading.Thread | None = None
_inherited: list[Any] = []  # analysers a forked worker got from its parent (see after_fork)


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
    """In a new worker process: forget an analyser inherited from the parent.
    Kiwi's worker threads do not survive a fork, so an inherited instance
    could wait forever on a batched call; each worker loads its own. The
    inherited one is kept referenced, never freed: its destructor would join
    threads that do not exist here and hang the worker."""
    global _kiwi, _lock, _warming
    if _kiwi is not None:
        _inherited.append(_kiwi)
    _kiwi = None
    _warming = None
    _lock = threading.Lock()
    _cache.clear()


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


def prefetch(texts: Iterable[str]) -> None:
    """Analyse every sentence of `texts` not yet cached, in one Kiwi call."""
    todo = [t for t in dict.fromkeys(texts) if t and t not in _cache]
    if len(todo) < 2:
        return  # one sentence costs the same either way; tokens() will do it
    for text, res in zip(todo, kiwi().tokenize(todo)):
        _stats["analysed"] += 1
        _store(text, tuple(res))


def stats() -> dict[str, int]:
    """Sentences analysed and cache hits so far in this process (for tests and the benchmark)."""
    return dict(_stats)
