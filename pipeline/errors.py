"""The pipeline's exceptions, defined once.

    PipelineError
     ├── ComposeError    the article cannot become a post (too short, nothing left)
     ├── EngineError     a rewrite engine failed as a whole (the stage falls back)
     └── EngineWait      an engine the config requires is unavailable (the item waits)

Fetching keeps its own tree in fetch.py (FetchError and its retryable /
final subclasses): those are HTTP policy, not content.
"""
from __future__ import annotations


class PipelineError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ComposeError(PipelineError):
    """No post: the reason is reported for the item."""


class EngineError(PipelineError):
    """A rewrite engine could not answer (server down, budget spent, bad reply)."""


class EngineWait(PipelineError):
    """A required engine (`llm.required`) could not be asked: the item is not
    written another way but retried with the item back-off."""
