"""A document's verification address, its QR code and its PDF.

WeasyPrint renders the same HTML and A4 print CSS as the browser's print; it needs a Chinese font on
the machine (Debian's fonts-noto-cjk, installed by ``make fonts``), or the glyphs come out as boxes.
"""
from __future__ import annotations

import base64
import hmac
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from safety.common.canonical import value_hash
from safety.common.errors import DomainError
from safety.common.fonts import require_cjk_font
from safety.documents.models import Document
from safety.enterprises.qr import qr_base_url, qr_png

KEY_LENGTH = 16  # hex characters of the SHA-256 the verify URL carries: 64 bits, not guessable


def verify_key(document: Document) -> str:
    """What the verify URL carries besides the id: the start of the frozen content's hash, as issued."""
    return document.sha256[:KEY_LENGTH]


def verify_path(document: Document) -> str:
    return f"/documents/{document.id}/verify?k={verify_key(document)}"


def verify_url(document: Document) -> str:
    """The absolute address the document's QR code leads to (on PUBLIC_URL when set)."""
    return qr_base_url().rstrip("/") + verify_path(document)


def key_matches(document: Document, key: str) -> bool:
    return hmac.compare_digest(verify_key(document), (key or "")[:KEY_LENGTH].lower())


def content_intact(document: Document) -> bool:
    """Whether the stored content still hashes to the SHA-256 taken when it was issued."""
    return hmac.compare_digest(value_hash(document.content), document.sha256)


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as a PNG data URI, so the printout and the PDF need no further request."""
    return "data:image/png;base64," + base64.b64encode(qr_png(text, box_size=6)).decode("ascii")


def render_pdf(html: str, base_url: str, user) -> bytes:
    """The PDF of a printable page (its A4 print CSS applies). The stylesheet and the signatures are read here,
    never over the network: the renderer asks :func:`_fetcher` for them."""
    from PIL import ImageFile
    from weasyprint import HTML  # heavy import: only where a PDF is made
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    # Importing WeasyPrint switches Pillow's process-wide LOAD_TRUNCATED_IMAGES on, after which this worker would
    # take a half-sent photo for a whole one. The images a document shows were all checked whole on upload.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    require_cjk_font()

    class DocumentFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = _fetcher(url, user)
            if found is None:  # nothing from elsewhere: a document is made from this server's records only
                raise ValueError(f"not fetched for a document: {url[:80]}")
            return URLFetcherResponse(url, found["string"], {"Content-Type": found["mime_type"]})

    return HTML(string=html, base_url=base_url, url_fetcher=DocumentFetcher()).write_pdf()


_PHOTO_URL = re.compile(r"/photos/([0-9a-fA-F-]{36})/display\.jpg$")


def _fetcher(url: str, user) -> dict | None:
    """The app's own files a document links to: its stylesheet, the signatures the user may see."""
    from safety.photos.queries import get_photo_for
    from safety.photos.operations import read_photo_file

    path = urlsplit(url).path
    if path.startswith("/static/"):
        target = (Path(current_app.static_folder) / path.removeprefix("/static/")).resolve()
        if target.is_file() and Path(current_app.static_folder).resolve() in target.parents:
            return {"string": target.read_bytes(), "mime_type": mimetypes.guess_type(target.name)[0]}
        return None
    match = _PHOTO_URL.search(path)
    if match:
        try:
            photo = get_photo_for(user, match.group(1))
        except DomainError:
            return None
        return {"string": read_photo_file(photo, "display"), "mime_type": "image/jpeg"}
    return None
