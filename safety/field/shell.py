"""What the field app's shell page is made of: the modules to preload and the files behind the page."""
import os
import re
from functools import lru_cache

from flask import Flask

# Pages the service worker precaches so the app opens with no network.
SHELL_PAGES = ("/app/", "/app/manifest.webmanifest", "/app/i18n/zh_CN.json", "/app/i18n/en.json",
               "/app/i18n/vocabulary.json")
ENTRY_MODULE = "/static/js/app.js"
# Static imports only (`import … from '…'`, `import '…'`, `export … from '…'`); `import('…')` loads later.
_STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]""", re.MULTILINE)


def _module_path(static_root: str, url: str) -> str:
    return os.path.join(static_root, url[len("/static/"):])


def _resolve(base_url: str, specifier: str) -> str:
    if specifier.startswith("/"):
        return specifier
    return os.path.normpath(os.path.join(os.path.dirname(base_url), specifier)).replace(os.sep, "/")


@lru_cache(maxsize=8)
def _import_closure(static_root: str, mtime_key: float) -> tuple[str, ...]:
    seen = []
    pending = [ENTRY_MODULE]
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.append(url)
        with open(_module_path(static_root, url), encoding="utf-8") as fh:
            pending.extend(_resolve(url, specifier) for specifier in _STATIC_IMPORT.findall(fh.read()))
    return tuple(sorted(seen))


def field_modules(static_root: str) -> list[str]:
    """The modules the app needs before its first screen (app.js and its static imports, recursively),
    so the shell preloads them in one round trip instead of one per import level. Screens and the QR
    decoder are imported on demand and not preloaded; the service worker precaches them all the same."""
    js_root = os.path.join(static_root, "js")
    newest = max(os.path.getmtime(os.path.join(dirpath, name))
                 for dirpath, _dirs, names in os.walk(js_root) for name in names)
    return list(_import_closure(static_root, newest))


def register_shell(app: Flask) -> None:
    """Tell the service worker (safety.home.shell) which pages to precache and which files they come from."""
    from safety.field.catalogue import VOCABULARY_SOURCES, catalogue_files

    pages = list(app.config.get("SHELL_PAGES", ()))
    app.config["SHELL_PAGES"] = tuple(pages + [page for page in SHELL_PAGES if page not in pages])
    package = os.path.dirname(__file__)
    sources = [os.path.join(app.root_path, "..", "templates", "field", "app.html"),
               os.path.join(package, "manifest.py"), os.path.join(package, "shell.py"), *VOCABULARY_SOURCES]
    with app.app_context():
        sources += catalogue_files()
    app.config["SHELL_SOURCES"] = tuple(app.config.get("SHELL_SOURCES", ())) + tuple(
        os.path.normpath(path) for path in sources)
