"""Pillow stays here: checking an upload is a real photo, and making its derivatives.

An upload is judged by its content, never by its name or Content-Type: Pillow
must recognise it as JPEG, PNG or WebP, its pixel count must stay under the
limit before anything is decoded (a small file can decode to gigabytes), and
it must decode completely (a truncated upload is refused, not half-stored).

The derivatives are JPEGs with the EXIF orientation applied and no metadata at
all: the original keeps the phone's EXIF (and any GPS position) as evidence,
but a thumbnail shown in the back office must not carry the location along.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from safety.common.errors import DomainError

# Pillow format name → the content type stored with the original. MPO is how Pillow
# names the multi-picture JPEGs many Android phones write; the bytes are JPEG.
CONTENT_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_OPENABLE = ("JPEG", "PNG", "WEBP")
THUMB_EDGE = 320
DISPLAY_EDGE = 1600
JPEG_QUALITY = 82
_ORIENTATION_TAG = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}  # orientations that turn the picture by 90°
_PIXELS_IN_MESSAGE = re.compile(r"\((\d+) pixels\)")


@dataclass(frozen=True)
class ProcessedPhoto:
    """What the photo feature needs from one upload: its kind, its upright size and its derivatives."""

    content_type: str
    width: int  # as the picture is seen, after the EXIF orientation
    height: int
    thumb: bytes  # JPEG, long edge at most THUMB_EDGE
    display: bytes  # JPEG, long edge at most DISPLAY_EDGE


def process_photo(data: bytes, max_pixels: int) -> ProcessedPhoto:
    """Validate ``data`` as a photo and make its derivatives, decoding it once.

    Raises DomainError: 415 when it is not a JPEG, PNG or WebP image, 413 when it
    has more than ``max_pixels`` pixels, 400 when it is damaged or truncated.
    """
    image = _open(data, max_pixels)
    content_type = CONTENT_TYPES[image.format]
    width, height = image.size
    orientation = _orientation(image)
    if orientation in _SWAPS_SIDES:
        width, height = height, width
    # The phone already sends upright JPEGs of about display size: their pixels can serve as
    # the display derivative as they are, with the metadata cut out, instead of being re-encoded.
    display_bytes = None
    if image.format == "JPEG" and max(image.size) <= DISPLAY_EDGE and orientation == 1 and image.mode in ("RGB", "L"):
        display_bytes = strip_jpeg_metadata(data)
    try:
        # JPEG decodes straight at 1/2, 1/4 or 1/8 scale: a 12-megapixel photo is decoded at
        # about the size needed instead of in full, the costliest step saved. Decoding still
        # reads all of the data, so a truncated upload is found here.
        image.draft(None, _fitted(image.size, THUMB_EDGE if display_bytes else DISPLAY_EDGE))
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
        picture = _flatten(image)
        if display_bytes is None:
            picture.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
            display_bytes = _jpeg(picture.copy(), image.info.get("icc_profile"))
        picture.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DomainError("image_damaged",
                          _("The image is damaged or incomplete; take or send the photo again."),
                          status=400) from exc
    return ProcessedPhoto(content_type=content_type, width=width, height=height,
                          thumb=_jpeg(picture, image.info.get("icc_profile")), display=display_bytes)


def strip_jpeg_metadata(data: bytes) -> bytes | None:
    """The JPEG without its metadata segments (EXIF and GPS, XMP, IPTC, comments), pixels untouched.

    Kept: JFIF (APP0), the colour profile (APP2 ICC_PROFILE) and Adobe's colour
    transform (APP14), which decoders need to show the colours right. Answers
    None for anything it does not fully understand, so the caller re-encodes instead.
    """
    if data[:2] != b"\xff\xd8":
        return None
    kept = [data[:2]]
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        length = int.from_bytes(data[position + 2:position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(data):
            return None
        if marker == 0xDA:  # start of scan: the image data runs to the end-of-image marker
            finish = data.find(b"\xff\xd9", end)
            # In the image data every 0xFF is followed by 0x00 or a restart marker, so a metadata
            # marker there would be a real one (after a later scan): do not try to cut it out.
            if finish < 0 or _METADATA_MARKER.search(data, end, finish):
                return None
            kept.append(data[position:finish + 2])
            return b"".join(kept)
        segment = data[position:end]
        if not _is_metadata(marker, segment):
            kept.append(segment)
        position = end
    return None


_METADATA_MARKER = re.compile(rb"\xff[\xe0-\xef\xfe]")


def _is_metadata(marker: int, segment: bytes) -> bool:
    if marker in (0xE0, 0xEE):  # JFIF, Adobe
        return False
    if marker == 0xE2:  # APP2 holds the ICC profile, or an MPO's picture index
        return not segment[4:16] == b"ICC_PROFILE\x00"
    return 0xE1 <= marker <= 0xEF or marker == 0xFE


def _open(data: bytes, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        image = Image.open(io.BytesIO(data), formats=_OPENABLE)
    except UnidentifiedImageError:
        raise DomainError("not_an_image", _("This is not an image (JPEG, PNG or WebP)."), status=415) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = _PIXELS_IN_MESSAGE.search(str(exc))
        raise _too_many_pixels(int(found.group(1)) if found else None, max_pixels) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DomainError("image_damaged",
                          _("The image is damaged or incomplete; take or send the photo again."),
                          status=400) from exc
    if image.format not in CONTENT_TYPES:
        raise DomainError("not_an_image", _("This is not an image (JPEG, PNG or WebP)."), status=415)
    # Pillow only warns between the limit and twice the limit; the limit is ours to keep.
    if image.size[0] * image.size[1] > max_pixels:
        raise _too_many_pixels(image.size[0] * image.size[1], max_pixels)
    return image


def _too_many_pixels(pixels: int | None, max_pixels: int) -> DomainError:
    limit = max_pixels / 1_000_000
    if pixels is None:
        message = _("The image is too large: at most %(limit)s megapixels.", limit=f"{limit:g}")
    else:
        message = _("The image is too large: %(size)s megapixels, at most %(limit)s.",
                    size=f"{pixels / 1_000_000:.0f}", limit=f"{limit:g}")
    return DomainError("image_too_large", message, status=413)


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_ORIENTATION_TAG, 1))
    except (ValueError, TypeError, SyntaxError, OSError):
        return 1  # unreadable EXIF: show the picture as stored


def _fitted(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """``size`` scaled down so its long side is at most ``edge`` (never scaled up)."""
    width, height = size
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB or greyscale image JPEG can hold; transparency becomes white, as on paper."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, icc_profile: bytes | None) -> bytes:
    # A fresh info dict: nothing of the original's EXIF, XMP or comments goes along.
    image.info = {}
    buffer = io.BytesIO()
    options = {"quality": JPEG_QUALITY}
    if icc_profile:
        options["icc_profile"] = icc_profile  # colours, not metadata: iPhones shoot in Display P3
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()
