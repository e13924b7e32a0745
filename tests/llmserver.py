"""A stand-in for a language model: an HTTP server on 127.0.0.1 that speaks
OpenAI's chat-completions protocol and answers with scripted replies.

No model weights can be downloaded on these machines, so this server takes
a model's place for the tests and the benchmark. Everything else is real:
real sockets, real HTTP/1.1, the request body the client really sent (kept
in ``requests``), real status codes, Retry-After headers, slow, hanging and
oversized answers. It writes no Korean itself: each reply's content is
whatever the test scripted, usually computed from the numbered source
sentences of the prompt (``source_sentences``).

    with LLMServer() as srv:
        srv.script(Reply(content=json.dumps(post)))          # every request
        srv.script(Reply(status=429, retry_after="1"), Reply(content=...))  # a sequence
        srv.script(lambda req: Reply(content=make(req)))     # computed per request
        cfg.llm.base_url = srv.base_url

Reply fields: status, content (the assistant message), body (raw bytes sent
instead of a completion), headers, retry_after, delay (seconds before the
status line), hang (never answer, until close()), finish_reason,
no_choices (a 200 with ``"choices": []``), usage (default: prompt tokens
estimated as one per 1.5 characters, as Korean tokenisers roughly give).

Every wait is bounded (HANG_MAX) and interrupted by close().
"""
from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union

HANG_MAX = 30.0


@dataclass
class Reply:
    status: int = 200
    content: str | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: str | None = None
    delay: float = 0.0
    hang: bool = False
    finish_reason: str = "stop"
    no_choices: bool = False
    usage: dict[str, int] | None = None


@dataclass
class ChatRequest:
    body: dict[str, Any]
    headers: dict[str, str]
    time: float

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body.get("messages", [])

    @property
    def user(self) -> str:
        return self.messages[1]["content"] if len(self.messages) > 1 else ""

    @property
    def is_repair(self) -> bool:
        return len(self.messages) > 2


Script = Union[Reply, Callable[[ChatRequest], Reply]]
_NUMBERED = re.compile(r"^\[(\d+)\] (.+)$", re.M)


def source_sentences(req: ChatRequest) -> dict[int, str]:
    """The numbered source sentences of the first user message: id -> text."""
    return {int(m.group(1)): m.group(2) for m in _NUMBERED.finditer(req.user)}


class LLMServer:
    def __init__(self, latency: float = 0.0):
        self.latency = latency  # added to every reply (benchmark)
        self.requests: list[ChatRequest] = []
        self.active = 0
        self.max_active = 0
        self._script: list[Script] = [Reply(content="{}")]
        self._n = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="llmserver")
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *replies: Script) -> None:
        """Answer the n-th request with replies[n]; the last one repeats."""
        with self._lock:
            self._script, self._n = list(replies), 0

    def next_reply(self, req: ChatRequest) -> Reply:
        with self._lock:
            spec = self._script[min(self._n, len(self._script) - 1)]
            self._n += 1
        return spec(req) if callable(spec) else spec

    def close(self) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LLMServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up (timeouts, refused bodies) is part of the script


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's
        # algorithm and the peer's delayed ACK add 40 ms to every reply.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:  # noqa: N802
        owner: LLMServer = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        if not self.path.endswith("/chat/completions"):
            self._send(404, b'{"error": "not found"}', {})
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._send(400, b'{"error": "bad json"}', {})
            return
        req = ChatRequest(body, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        with owner._lock:
            owner.requests.append(req)
            owner.active += 1
            owner.max_active = max(owner.max_active, owner.active)
        try:
            reply = owner.next_reply(req)
            wait = owner.latency + reply.delay
            if reply.hang:
                wait = HANG_MAX
            if wait and owner._closing.wait(wait):
                return
            headers = dict(reply.headers)
            if reply.retry_after is not None:
                headers["Retry-After"] = reply.retry_after
            if reply.body is not None:
                self._send(reply.status, reply.body, headers)
                return
            if reply.status != 200:
                self._send(reply.status, json.dumps({"error": {"message": "scripted error"}}).encode(), headers)
                return
            prompt_chars = sum(len(m.get("content", "")) for m in req.messages)
            content = reply.content or ""
            usage = reply.usage or {"prompt_tokens": round(prompt_chars / 1.5),
                                    "completion_tokens": round(len(content) / 1.5)}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            choices = [] if reply.no_choices else [{
                "index": 0, "message": {"role": "assistant", "content": content},
                "finish_reason": reply.finish_reason}]
            doc = {"id": "chatcmpl-scripted", "object": "chat.completion", "created": 0,
                   "model": req.body.get("model", ""), "choices": choices, "usage": usage}
            self._send(200, json.dumps(doc, ensure_ascii=False).encode("utf-8"), headers)
        finally:
            with owner._lock:
                owner.active -= 1

    def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
