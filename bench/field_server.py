"""A demo instance of the server for the field app's benchmarks: seeded, on loopback, gzip like a proxy.

Production runs behind a TLS-terminating proxy that compresses text (nginx ``gzip on``);
the Flask development server does not, so the benchmarks put the same compression in
front of the app here, or they would measure bytes no phone downloads.
"""
import gzip
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from werkzeug.serving import make_server  # noqa: E402

from safety import create_app  # noqa: E402

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json",
                "image/svg+xml", "application/wasm")


def gzip_like_a_proxy(wsgi_app):
    """Compress text answers (level 6, as nginx does) when the browser accepts gzip."""
    def app(environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)
            return lambda data: None

        body = b"".join(wsgi_app(environ, capture))
        headers = captured["headers"]
        content_type = next((value for key, value in headers if key.lower() == "content-type"), "")
        if ("gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") and content_type.startswith(COMPRESSIBLE)
                and len(body) > 512):
            body = gzip.compress(body, 6)
            headers = [(key, value) for key, value in headers if key.lower() != "content-length"]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body))), ("Vary", "Accept-Encoding")]
        start_response(captured["status"], headers)
        return [body]
    return app


class DemoServer:
    """``with DemoServer() as url:`` a seeded demo instance at ``url`` until the block ends."""

    def __init__(self, seed: bool = True):
        self.seed = seed

    def __enter__(self) -> str:
        self.folder = tempfile.TemporaryDirectory()
        os.environ["COOKIE_SECURE"] = "0"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.folder.name}/demo.sqlite",
                          "PHOTO_ROOT": f"{self.folder.name}/photos", "SECRET_KEY": "bench",
                          "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False,
                          "RATELIMIT_ENABLED": False})
        runner = app.test_cli_runner()
        for command in (["init-db"], ["seed-demo"]) if self.seed else (["init-db"],):
            result = runner.invoke(args=command)
            if result.exit_code != 0:
                raise SystemExit(result.output)
        app.wsgi_app = gzip_like_a_proxy(app.wsgi_app)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.folder.cleanup()
