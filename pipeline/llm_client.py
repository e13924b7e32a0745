"""A bounded client for OpenAI-compatible `/chat/completions` servers.

Ollama, vLLM, llama.cpp's server, LM Studio and OpenAI itself all speak
this protocol, so one small httpx client serves them all (the `openai` SDK
would add a dependency for one POST; litellm far more). What a model server
can do to a run is bounded here:

* time: `timeout_s` per attempt for the whole reply, a server dripping
  bytes included; at most `retries` attempts for 429, 5xx, timeouts and
  dropped connections (tenacity, jittered exponential waits), and a
  Retry-After (seconds or HTTP-date) is honoured only up to
  `retry_wait_max`: a longer one means "unavailable" at once;
* size: a reply body above `max_reply_bytes` is refused while streaming;
* load: at most `concurrency` requests in flight per process;
* outages: after `retries` failures in a row across all requests (5xx,
  timeouts, no connection; a 429 only means busy), the server counts as
  down for the rest of the run and nothing more is sent (`reset()` starts
  a new run).

Structured output: `response_format` json_schema first; a server that
answers 400 to it is asked again with JSON mode, then with no
response_format, and the client remembers what worked.

It refuses to judge the content: a 200 with a message is returned as is;
parsing and validating it is the engine's job (pipeline/rewrite/llm.py).
The API key is read from the environment variable the config names, sent
in the Authorization header and never logged, cached or reported.

The endpoint is the operator's own configuration, so loopback and private
addresses are allowed here; article links keep the SSRF guard (fetch.py).
"""
from __future__ import annotations

import json
import os
import random
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from .config import LLMSettings
from .fetch import parse_retry_after

FORMATS = ("json_schema", "json_object", "none")


class ChatError(Exception):
    """A request that produced no usable message. `kind` is "unavailable"
    (worth asking again on a later run) or "invalid" (the server answered,
    but not with a chat completion)."""

    def __init__(self, kind: str, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after


class _Transient(ChatError):
    """Retried within the attempt budget. `outage`: a sign the server is down
    (5xx, timeout, no connection), as opposed to busy (429)."""

    def __init__(self, message: str, retry_after: float | None = None, outage: bool = True):
        super().__init__("unavailable", message, retry_after)
        self.outage = outage


@dataclass
class ChatReply:
    content: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    requests: int  # HTTP requests it took (retries and format fallbacks included)


class ChatClient:
    def __init__(self, settings: LLMSettings, *, sleep=time.sleep):
        self.s = settings
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(settings.concurrency)
        self._format_lock = threading.Lock()
        start = settings.response_format
        self._formats = list(FORMATS[FORMATS.index(start):])
        timeout = httpx.Timeout(settings.timeout_s, connect=min(10.0, settings.timeout_s))
        limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
        # trust_env=False: a cron job must not route its model traffic through the shell's proxy.
        self._http = httpx.Client(timeout=timeout, limits=limits, trust_env=False)
        self.url = settings.base_url.rstrip("/") + "/chat/completions"
        self._failures = 0
        self.down: str | None = None

    def reset(self) -> None:
        with self._format_lock:
            self._failures, self.down = 0, None

    def close(self) -> None:
        self._http.close()

    def _headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json", "accept": "application/json"}
        if self.s.api_key_env:
            key = os.environ.get(self.s.api_key_env)
            if not key:
                raise ChatError("unavailable", f"environment variable {self.s.api_key_env} (llm.api_key_env) is not set")
            headers["authorization"] = f"Bearer {key}"
        return headers

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> ChatReply:
        """One chat completion; raises ChatError when there is no message."""
        headers = self._headers()
        sent = 0
        while True:
            fmt = self._formats[0]
            body: dict[str, Any] = {
                "model": self.s.model, "messages": messages, "temperature": self.s.temperature,
                "max_tokens": self.s.max_output_tokens, "stream": False,
            }
            if self.s.seed is not None:
                body["seed"] = self.s.seed
            if fmt == "json_schema":
                body["response_format"] = {"type": "json_schema",
                                           "json_schema": {"name": "post", "strict": True, "schema": schema}}
            elif fmt == "json_object":
                body["response_format"] = {"type": "json_object"}
            try:
                data, n = self._post(body, headers)
            except _FormatRefused as e:
                sent += e.requests
                with self._format_lock:
                    if self._formats[0] == fmt and len(self._formats) > 1:
                        self._formats.pop(0)  # this server does not do it: never ask it again
                    elif self._formats[0] == fmt:
                        raise ChatError("invalid", f"HTTP 400: {e.message}") from None
                continue
            sent += n
            return _reply_of(data, sent)

    def _post(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[dict[str, Any], int]:
        attempts = 0

        def one() -> dict[str, Any]:
            nonlocal attempts
            attempts += 1
            with self._slots:
                if self.down:
                    raise ChatError("unavailable", f"{self.down} (the server is down: asked no more in this run)")
                try:
                    data = self._attempt(body, headers)
                except _Transient as e:
                    if e.outage:
                        with self._format_lock:
                            self._failures += 1
                            if self._failures >= self.s.retries:
                                self.down = self.down or e.message
                    raise
                with self._format_lock:
                    self._failures = 0
                return data

        retrying = Retrying(stop=stop_after_attempt(self.s.retries), wait=self._wait, sleep=self._sleep,
                            retry=retry_if_exception_type(_Transient), reraise=True)
        try:
            data = retrying(one)
        except _FormatRefused as e:
            e.requests = attempts
            raise
        except _Transient as e:
            raise ChatError("unavailable", f"{e.message} (after {attempts} attempts)") from None
        return data, attempts

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = min(self.s.retry_wait_max, 0.5 * 2 ** (state.attempt_number - 1)) * (0.5 + random.random() / 2)
        after = getattr(exc, "retry_after", None)
        return backoff if after is None else max(backoff * 0.1, after)

    def _attempt(self, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        deadline = time.monotonic() + self.s.timeout_s
        try:
            with self._http.stream("POST", self.url, json=body, headers=headers) as r:
                if r.status_code == 429 or r.status_code >= 500 or r.status_code == 408:
                    after = parse_retry_after(r.headers.get("retry-after"))
                    if after is not None and after > self.s.retry_wait_max:
                        raise ChatError("unavailable", f"HTTP {r.status_code}, Retry-After {after:.0f} s "
                                        f"(over llm.retry_wait_max)", after)
                    raise _Transient(f"HTTP {r.status_code}", after, outage=r.status_code != 429)
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.s.max_reply_bytes:
                    raise ChatError("invalid", f"reply of {declared} bytes is over llm.max_reply_bytes")
                raw = bytearray()
                for chunk in r.iter_bytes():
                    raw += chunk
                    if len(raw) > self.s.max_reply_bytes:
                        raise ChatError("invalid", f"reply over llm.max_reply_bytes ({self.s.max_reply_bytes})")
                    if time.monotonic() > deadline:
                        raise _Transient(f"reply not complete within {self.s.timeout_s:g} s")
                if r.status_code == 400 and "response_format" in body:
                    raise _FormatRefused(_snippet(raw))
                if r.status_code in (401, 403, 404):
                    raise ChatError("unavailable", f"HTTP {r.status_code}: {_snippet(raw)}")
                if r.status_code != 200:
                    raise ChatError("invalid", f"HTTP {r.status_code}: {_snippet(raw)}")
        except httpx.TimeoutException:
            raise _Transient(f"no reply within {self.s.timeout_s:g} s") from None
        except httpx.TransportError as e:
            raise _Transient(f"connection failed: {type(e).__name__}") from None
        try:
            data = json.loads(bytes(raw).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ChatError("invalid", "reply is not JSON") from None
        if not isinstance(data, dict):
            raise ChatError("invalid", "reply is not a JSON object")
        choices = data.get("choices")
        if not isinstance(choices, list) or not choices:
            # Servers under load answer 200 with no choices; worth another attempt.
            raise _Transient("reply has no choices")
        return data


class _FormatRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.requests = 1


def _snippet(raw: bytes | bytearray) -> str:
    return " ".join(bytes(raw[:200]).decode("utf-8", "replace").split())


def _reply_of(data: dict[str, Any], requests: int) -> ChatReply:
    choice = data["choices"][0]
    msg = choice.get("message") if isinstance(choice, dict) else None
    content = msg.get("content") if isinstance(msg, dict) else None
    if not isinstance(content, str):
        raise ChatError("invalid", "first choice has no message content")
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}

    def count(k: str) -> int:
        v = usage.get(k)
        return v if isinstance(v, int) and v >= 0 else 0

    return ChatReply(content, choice.get("finish_reason"), count("prompt_tokens"), count("completion_tokens"),
                     requests)
