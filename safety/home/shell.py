"""The precached shell: which files the service worker caches, and its version.

The list and the version are derived from the files on disk, so any change to
a shell file changes the worker's bytes, the browser installs the new worker,
and phones get the deploy.
"""
import hashlib
import json
import os
import re
from functools import lru_cache

from flask import current_app

# Folders under static/ whose every file belongs to the shell.
SHELL_FOLDERS = ("css", "js", "img", "vendor")
# Folders of files that are fetched on demand, not at install: back-office-only libraries (charts)
# that a phone in the field never needs.
LAZY_FOLDERS = ("vendor/lazy",)
# The Background Sync tag is spelled once, in the page's sync module. The worker is a classic script and cannot
# import it, so it gets the tag in SHELL, read from that module's own line.
SYNC_MODULE = "js/sync.js"
_SYNC_TAG = re.compile(r"^export const BACKGROUND_SYNC_TAG = '([^']+)';$", re.MULTILINE)


def _static_files(static_root: str) -> list[str]:
    files = []
    for folder in SHELL_FOLDERS:
        base = os.path.join(static_root, folder)
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, static_root).replace(os.sep, "/")
                if name.startswith(".") or any(rel.startswith(lazy + "/") for lazy in LAZY_FOLDERS):
                    continue
                if name.endswith((".md", ".txt")) and "LICENSE" not in name.upper():
                    continue
                if "LICENSE" in name.upper():
                    continue
                files.append(rel)
    return sorted(files)


def _background_sync_tag(static_root: str) -> str:
    """The tag the page registers Background Sync under (static/js/sync.js), which the worker listens for."""
    with open(os.path.join(static_root, SYNC_MODULE), encoding="utf-8") as fh:
        match = _SYNC_TAG.search(fh.read())
    if match is None:
        raise RuntimeError(f"static/{SYNC_MODULE} no longer exports BACKGROUND_SYNC_TAG as a quoted string")
    return match.group(1)


@lru_cache(maxsize=4)
def _build(static_root: str, worker_path: str, extra_urls: tuple[str, ...], sources: tuple[str, ...],
           mtime_key: float) -> str:
    digest = hashlib.sha256()
    files = _static_files(static_root)
    for rel in files:
        digest.update(rel.encode())
        with open(os.path.join(static_root, rel), "rb") as fh:
            digest.update(fh.read())
    # The pages' own sources (templates, catalogues): a changed page is a new shell version too.
    for path in sources:
        with open(path, "rb") as fh:
            digest.update(fh.read())
    with open(worker_path, "rb") as fh:
        worker = fh.read()
    digest.update(worker)
    for url in extra_urls:
        digest.update(url.encode())
    urls = list(extra_urls) + ["/static/" + rel for rel in files]
    header = "const SHELL = " + json.dumps({"version": digest.hexdigest()[:16], "urls": urls,
                                            "syncTag": _background_sync_tag(static_root)}) + ";\n"
    return header + worker.decode("utf-8")


def _tree_mtime(static_root: str, worker_path: str, sources: tuple[str, ...] = ()) -> float:
    """The newest modification time, so a file edited during development refreshes the cache key."""
    newest = max([os.path.getmtime(worker_path)] + [os.path.getmtime(path) for path in sources])
    for folder in SHELL_FOLDERS:
        for dirpath, _dirs, names in os.walk(os.path.join(static_root, folder)):
            for name in names:
                newest = max(newest, os.path.getmtime(os.path.join(dirpath, name)))
    return newest


def shell_pages() -> tuple[str, ...]:
    """Pages (not static files) the shell needs, registered by features such as the field app."""
    return tuple(current_app.config.get("SHELL_PAGES", ()))


def shell_sources() -> tuple[str, ...]:
    """Files the shell pages are rendered from (set by the features that register pages)."""
    return tuple(current_app.config.get("SHELL_SOURCES", ()))


def service_worker_source() -> str:
    """The worker script with its shell manifest (``SHELL``) prepended."""
    static_root = current_app.static_folder
    worker_path = os.path.join(os.path.dirname(current_app.root_path), "service_worker.js")
    sources = shell_sources()
    return _build(static_root, worker_path, shell_pages(), sources, _tree_mtime(static_root, worker_path, sources))
