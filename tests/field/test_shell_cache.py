"""What the service worker precaches for the field app, and when phones get a new version."""
import json
import os

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from safety.home.shell import _build


def _shell(client) -> dict:
    source = client.get("/service_worker.js").get_data(as_text=True)
    header = source.split("\n", 1)[0]
    assert header.startswith("const SHELL = ")
    return json.loads(header[len("const SHELL = "):-1])


def test_worker_precaches_the_app_shell_pages(client):
    urls = _shell(client)["urls"]
    for page in ("/app/", "/app/manifest.webmanifest", "/app/i18n/zh_CN.json", "/app/i18n/en.json"):
        assert page in urls


def test_worker_precaches_the_apps_files_and_the_decoder(client):
    urls = _shell(client)["urls"]
    for path in ("/static/css/field.css", "/static/js/app.js", "/static/js/db.js", "/static/js/sync.js",
                 "/static/js/ui/checklist.js", "/static/vendor/idb/index.js",
                 "/static/vendor/barcode-detector/ponyfill.js", "/static/vendor/zxing-wasm/zxing_reader.wasm",
                 "/static/img/icon-maskable-512.png"):
        assert path in urls
    # Licences and notes are not part of the app.
    assert not [url for url in urls if url.endswith((".md", "LICENSE"))]


def test_worker_precaches_every_module_of_the_app(app, client):
    """Screens and stores load on demand or from subfolders (ui/, store/): offline they must all be there."""
    js_root = os.path.join(app.static_folder, "js")
    modules = {"/static/js/" + os.path.relpath(os.path.join(folder, name), js_root).replace(os.sep, "/")
               for folder, _dirs, names in os.walk(js_root) for name in names}
    assert {"/static/js/store/outbox.js", "/static/js/ui/checklist.js"} <= modules
    assert modules <= set(_shell(client)["urls"])


def test_the_worker_listens_for_the_background_sync_tag_the_page_registers(client):
    """The tag is spelled once, in sync.js; the worker, a classic script, gets it in SHELL."""
    assert _shell(client)["syncTag"] == "outbox"
    source = client.get("/service_worker.js").get_data(as_text=True)
    assert "event.tag !== SHELL.syncTag" in source
    page_module = client.get("/static/js/sync.js")
    assert "registration.sync.register(BACKGROUND_SYNC_TAG)" in page_module.get_data(as_text=True)
    page_module.close()


def test_every_precached_url_is_served(client):
    for url in _shell(client)["urls"]:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_decoder_webassembly_is_served_as_wasm(client):
    response = client.get("/static/vendor/zxing-wasm/zxing_reader.wasm")
    assert response.mimetype == "application/wasm"
    assert response.data[:4] == b"\0asm"
    response.close()


def test_worker_never_caches_the_api_or_writes(client):
    source = client.get("/service_worker.js").get_data(as_text=True)
    assert "request.method !== 'GET'" in source
    assert "url.pathname.startsWith('/api/')" in source
    assert not [url for url in _shell(client)["urls"] if url.startswith("/api/")]


def test_a_changed_page_source_is_a_new_shell_version(app, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("one")
    worker = os.path.join(os.path.dirname(app.root_path), "service_worker.js")
    first = _build(app.static_folder, worker, ("/app/",), (str(page),), 1.0)
    page.write_text("two")
    second = _build(app.static_folder, worker, ("/app/",), (str(page),), 2.0)
    version = lambda source: json.loads(source.split("\n", 1)[0][len("const SHELL = "):-1])["version"]  # noqa: E731
    assert version(first) != version(second)


def test_the_field_app_registers_its_templates_and_catalogues_as_shell_sources(app):
    sources = app.config["SHELL_SOURCES"]
    assert any(path.endswith(os.path.join("templates", "field", "app.html")) for path in sources)
    assert any(path.endswith("messages.mo") for path in sources)
    assert all(os.path.exists(path) for path in sources)


def test_pybabel_extracts_the_apps_javascript_messages():
    """babel.cfg sends static/js/ through the JavaScript extractor with the app's keyword ``t``."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "babel.cfg")) as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    javascript = [(pattern, method) for pattern, method in method_map if method == "javascript"]
    assert javascript == [("static/js/**.js", "javascript")]
    found = {message for _file, _line, message, _comments, _context
             in extract_from_dir(root, javascript, options_map, keywords={})}
    assert "Update available — reload" in found
    assert "Enterprise %(code)s is not in your area, or has not been downloaded to this phone yet." in found
