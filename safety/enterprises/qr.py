"""QR codes of enterprises: each encodes the absolute URL ``<server>/e/<code>`` of the field app."""
import io
from urllib.parse import quote

import qrcode
from flask import current_app, request
from qrcode.constants import ERROR_CORRECT_M

# Medium error correction survives a scuffed or partly dirty label on a factory wall.
_BOX_SIZE = 10
_BORDER = 4  # the quiet zone the QR standard asks for, in modules


def enterprise_url(code: str) -> str:
    """The URL a phone's camera opens for this enterprise: on PUBLIC_URL when set, else this request's host."""
    base = current_app.config.get("PUBLIC_URL") or request.url_root
    return base.rstrip("/") + "/e/" + quote(code, safe="")


def qr_png(text: str, box_size: int = _BOX_SIZE) -> bytes:
    """A black-on-white PNG of ``text`` as a QR code."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=_BORDER)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

