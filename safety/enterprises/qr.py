"""QR codes of enterprises: each encodes the absolute URL ``<server>/e/<code>`` of the field app."""
import io
import ipaddress
from urllib.parse import quote, urlsplit

import qrcode
from flask import current_app, request
from flask_babel import gettext as _
from qrcode.constants import ERROR_CORRECT_M

# Medium error correction survives a scuffed or partly dirty label on a factory wall.
_BOX_SIZE = 10
_BORDER = 4  # the quiet zone the QR standard asks for, in modules


def qr_base_url() -> str:
    """Where the QR codes point: PUBLIC_URL when set, else the address this request came to."""
    return current_app.config.get("PUBLIC_URL") or request.url_root


def enterprise_url(code: str) -> str:
    """The URL a phone's camera opens for this enterprise: on PUBLIC_URL when set, else this request's host."""
    return qr_base_url().rstrip("/") + "/e/" + quote(code, safe="")


def qr_address_warning(base_url: str, public_url_set: bool) -> str | None:
    """Why labels whose codes point at ``base_url`` would fail on the factory wall, or None when they should not.

    A printed label lives for years: a code pointing at this computer (127.0.0.1, localhost) opens nothing on a
    phone, one pointing at a private network address only works on that network, and without PUBLIC_URL the
    codes follow whatever address the page happened to be opened with.
    """
    host = (urlsplit(base_url).hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host == "localhost" or host.endswith(".localhost") or (address is not None and address.is_loopback):
        return _("The QR codes point at %(url)s, an address of this computer only: a phone that scans them opens "
                 "nothing. Set PUBLIC_URL to the address phones use before printing labels.", url=base_url)
    if (address is not None and (address.is_private or address.is_link_local)) or host.endswith(".local"):
        return _("The QR codes point at %(url)s, a private network address: only phones on that network can open "
                 "them. Set PUBLIC_URL to the server's public address before printing labels.", url=base_url)
    if not public_url_set:
        return _("PUBLIC_URL is not set: the QR codes point at %(url)s, the address this page was opened with. "
                 "Set PUBLIC_URL so every label points at the server's public address.", url=base_url)
    return None


def label_page_warning() -> str | None:
    """The warning a label page shows above the labels, for this request."""
    return qr_address_warning(qr_base_url(), bool(current_app.config.get("PUBLIC_URL")))


def qr_png(text: str, box_size: int = _BOX_SIZE) -> bytes:
    """A black-on-white PNG of ``text`` as a QR code."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=_BORDER)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

