"""A server that fails a share of the sync requests, as a flaky network path or an overloaded proxy does.

WSGI middleware around the live server's app. Of each kind of sync write (photo PUT, inspection POST, hazard
event POST) the first and then every ``every``-th fails, in one of three ways, taken in turn:

- ``dropped_after``: the app handles and commits the request, then the connection is closed without an answer
  (a proxy timing out): the phone sees a network error;
- ``error_after``: the app handles and commits the request, then the answer is replaced by a proxy's 500 page;
- ``refused_before``: a 503 before the app sees the request (an overloaded proxy): nothing is stored.

Counting per kind keeps the schedule the same whatever order the phone sends its records in (records queued
in the same second have no fixed order), so every kind meets a fault after it was stored.

The last two are why clients must treat "no answer" as "maybe stored" and send again with the same UUID.
"""
import re
import socket
import threading
from dataclasses import dataclass

SYNC_WRITES = re.compile(r"^/api/v1/(?:photos/[^/]+|inspections|hazards/[^/]+/events)$")
FAULTS = ("dropped_after", "error_after", "refused_before")


@dataclass(frozen=True)
class Fault:
    method: str
    path: str
    kind: str
    status: int | None  # what the app answered (None when it never saw the request)

    @property
    def resource(self) -> str:
        return resource_of(self.path)


def resource_of(path: str) -> str:
    if path.startswith("/api/v1/photos/"):
        return "photo"
    return "event" if path.endswith("/events") else "inspection"


class FlakySync:
    """Wraps a WSGI app; ``faults`` lists what was done to which request, ``seen`` counts the writes by kind."""

    def __init__(self, app, every: int = 3):
        self.app = app
        self.every = every
        self.lock = threading.Lock()
        self.seen = {"photo": 0, "inspection": 0, "event": 0}
        self.faults: list[Fault] = []
        self.enabled = True

    def _fault_for_next(self, resource: str) -> str | None:
        with self.lock:
            self.seen[resource] += 1
            nth = self.seen[resource] - 1
            if nth % self.every:
                return None
            return FAULTS[(nth // self.every) % len(FAULTS)]

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if not (self.enabled and method in ("PUT", "POST") and SYNC_WRITES.match(path)):
            return self.app(environ, start_response)
        kind = self._fault_for_next(resource_of(path))
        if kind is None:
            return self.app(environ, start_response)
        if kind == "refused_before":
            _drain(environ)
            self._record(Fault(method, path, kind, None))
            start_response("503 Service Unavailable", [("Content-Type", "text/html"), ("Retry-After", "1")])
            return [b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"]

        # The app runs to the end (its transaction commits); only its answer is lost.
        answered = {}

        def capture(status, headers, exc_info=None):
            answered["status"] = int(status.split()[0])
            return lambda data: None

        body = self.app(environ, capture)
        try:
            for _ in body:
                pass
        finally:
            if hasattr(body, "close"):
                body.close()
        self._record(Fault(method, path, kind, answered.get("status")))
        if kind == "error_after":
            start_response("500 Internal Server Error", [("Content-Type", "text/html")])
            return [b"<html><body><h1>500 Internal Server Error</h1><p>upstream</p></body></html>"]
        connection = environ.get("werkzeug.socket")
        connection.shutdown(socket.SHUT_RDWR)  # the server's write then fails: werkzeug drops the request
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b""]

    def _record(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)


def _drain(environ) -> None:
    """Read the request body, so the connection stays usable for the next request."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ["wsgi.input"]
    while length > 0:
        chunk = stream.read(min(length, 65536))
        if not chunk:
            break
        length -= len(chunk)
