"""A real HTTP server around the test app, for tests that need truly concurrent requests.

The test client runs one request at a time in the test's thread; a resend
racing its twin needs two requests in flight at once, each in its own server
thread with its own database connection, as under gunicorn.
"""
import http.client
import json
import socketserver
import threading
from contextlib import contextmanager
from http.cookies import SimpleCookie

from werkzeug.serving import make_server

from tests.factories import DEFAULT_PASSWORD


def start_server(app, port: int = 0):
    """Serve ``app`` on 127.0.0.1 in background threads; returns the server (``.server_port``)."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    server.block_on_close = True  # makes socketserver keep a list of its request threads
    server.serve_thread = threading.Thread(target=server.serve_forever, daemon=True)
    server.serve_thread.start()
    return server


def stop_server(server) -> None:
    """Stop accepting, then let requests in flight finish.

    A request still running when the test's database is emptied and its engine
    disposed would hand its connection back to a pool that is gone (a
    ResourceWarning, and a flaky error). Threads idling on a keep-alive
    connection hold no database connection, so the wait for each is bounded.
    """
    server.shutdown()
    server.serve_thread.join(timeout=10)
    socketserver.TCPServer.server_close(server)  # not ThreadingMixIn's, which would wait without limit
    for thread in list(vars(server).get("_threads", [])):
        thread.join(timeout=2)


@contextmanager
def live_server(app):
    """Serve ``app`` on a free local port in a background thread; yields the port."""
    server = start_server(app)
    try:
        yield server.server_port
    finally:
        stop_server(server)


class HttpSession:
    """One phone: keeps its cookies and sends the CSRF token from sign-in on every write."""

    def __init__(self, port: int, host: str = "localhost"):
        self.port = port
        self.host = host  # the test app's SERVER_NAME
        self.cookies = SimpleCookie()
        self.csrf_token = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """Send one request; answers ``(status, body bytes)``."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        all_headers = {"Host": self.host, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        if self.csrf_token and method not in ("GET", "HEAD"):
            all_headers["X-CSRFToken"] = self.csrf_token
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, data
        finally:
            connection.close()

    def send_json(self, method: str, path: str, document: dict):
        """Send a JSON document; answers ``(status, parsed JSON answer)``."""
        status, data = self.request(method, path, json.dumps(document).encode(),
                                    {"Content-Type": "application/json"})
        return status, json.loads(data)

    def login(self, username: str, password: str = DEFAULT_PASSWORD) -> None:
        status, answer = self.send_json("POST", "/api/v1/session", {"username": username, "password": password})
        assert status == 200, answer
        self.csrf_token = answer["csrf_token"]
