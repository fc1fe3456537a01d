"""The line burned into the copies of a photo that are shown and shared: where it came from.

A screenshot of a thumbnail or the display-size copy sent around a chat group still says which
enterprise, who took it, when the phone took it and when the server received it, and, in the
office's copies, where (rounded to about 100 m: the enterprise's own copies leave the place out).
The original stays untouched under its hash; only these copies carry the line. Pillow stays here.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from PIL import Image, ImageDraw, ImageFont

from safety.common.office_time import office_zone
from safety.photos.imaging import JPEG_QUALITY

VERSION = "2"  # part of each copy's key: a new look makes new copies
SEPARATOR = " · "


@dataclass(frozen=True)
class Provenance:
    """What a photo's copies say about it. ``location`` only in the office's copies."""

    enterprise: str | None
    inspector: str
    taken_at: datetime | None
    received_at: datetime
    location: tuple[float, float] | None


def rounded_location(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """The place to three decimals: about 110 m north–south, less east–west; None without a fix."""
    if latitude is None or longitude is None:
        return None
    return round(latitude, 3), round(longitude, 3)


def watermark_parts(provenance: Provenance, taken_label: str, received_label: str) -> list[str]:
    """The pieces of the line, in order; the labels are ``%(time)s`` templates in the reader's language."""
    zone = office_zone()
    parts = [provenance.enterprise] if provenance.enterprise else []
    parts.append(provenance.inspector)
    if provenance.taken_at is not None:
        parts.append(taken_label % {"time": f"{provenance.taken_at.astimezone(zone):%Y-%m-%d %H:%M}"})
    parts.append(received_label % {"time": f"{provenance.received_at.astimezone(zone):%Y-%m-%d %H:%M}"})
    if provenance.location is not None:
        parts.append(f"{provenance.location[0]:.3f},{provenance.location[1]:.3f}")
    return parts


def mark_key(parts: list[str]) -> str:
    """The key a watermarked copy is kept under: the same line, the same copy."""
    font_path, font_index = current_app.config["WATERMARK_FONT_FILE"]
    text = "\n".join([VERSION, f"{font_path}:{font_index}", *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = current_app.config["WATERMARK_FONT_FILE"]
    return _load_font(path, index, size)


_FONTS: dict[tuple[str, int, int], ImageFont.FreeTypeFont] = {}


def _load_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    key = (path, index, size)
    if key not in _FONTS:
        _FONTS[key] = ImageFont.truetype(path, size, index=index)
    return _FONTS[key]


def _lines(parts: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The parts packed greedily into lines no wider than ``width`` (a part never split)."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]}{SEPARATOR}{part}" if lines else part
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def burn_watermark(jpeg: bytes, parts: list[str]) -> bytes:
    """The JPEG ``jpeg`` (a thumbnail or display copy) with the line along its bottom edge, small, light text on
    a translucent dark band; no metadata, as the copy it is made from."""
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    picture = image.convert("RGB")
    width, height = picture.size
    # About 3 % of the width: small on a desktop, still readable on a phone that shows the copy full width.
    size = max(10, round(width / 34))
    font = _font(size)
    padding = max(3, size // 3)
    lines = _lines(parts, font, width - 2 * padding)
    line_height = round(size * 1.25)
    band = line_height * len(lines) + padding
    # Only the band is composited: the rest of the picture is decoded and encoded again, never blended.
    box = (0, max(0, height - band), width, height)
    region = picture.crop(box).convert("RGBA")
    overlay = Image.new("RGBA", region.size, (0, 0, 0, 120))
    draw = ImageDraw.Draw(overlay)
    for n, line in enumerate(lines):
        draw.text((padding, padding // 2 + n * line_height), line, font=font, fill=(255, 255, 255, 230))
    picture.paste(Image.alpha_composite(region, overlay).convert("RGB"), box)
    marked = picture
    buffer = io.BytesIO()
    options = {"quality": JPEG_QUALITY}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    marked.save(buffer, "JPEG", **options)
    return buffer.getvalue()
