"""Rewrite engines: how a plan is said.

An engine takes a `Plan` (what to say, see plan.py) and returns a `Draft`:
title, excerpt, headings and body sentences, every body sentence citing the
source sentences it draws on. Engines never check themselves against the
source: the guard (guard.py) does that after any engine, the same way for
all, so a new engine cannot weaken fidelity.

A new engine is a module here plus one line in ENGINES. The config's
`rewrite.engine` picks one by name.
"""
from __future__ import annotations

import importlib
from typing import Protocol

from ..config import Config
from ..errors import EngineError
from ..models import Draft, Plan

ENGINES: dict[str, str] = {
    "extractive": "pipeline.rewrite.extractive:ExtractiveEngine",
    "rules": "pipeline.rewrite.rules:RulesEngine",
    "llm": "pipeline.rewrite.llm:LLMEngine",
}


class Engine(Protocol):
    name: str

    def rewrite(self, plan: Plan) -> Draft:
        """The draft for `plan`; raises EngineError when it has none."""
        ...


# Keyed by the config object itself (held here, so its id is never reused).
_cache: dict[tuple[str, int], tuple[Config, Engine]] = {}


def get_engine(name: str, cfg: Config) -> Engine:
    """The engine `name`, built once per process and config (the rules engine
    loads a morphological model; the llm engine holds an HTTP client)."""
    key = (name, id(cfg))
    hit = _cache.get(key)
    if hit is not None and hit[0] is cfg:
        return hit[1]
    target = ENGINES.get(name)
    if target is None:
        raise EngineError(f"unknown rewrite engine {name!r} (expected one of: {', '.join(ENGINES)})")
    module, _, cls = target.partition(":")
    engine = getattr(importlib.import_module(module), cls)(cfg)
    _cache[key] = (cfg, engine)
    return engine
