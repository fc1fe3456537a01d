"""The copies served carry a line saying where they came from; the original is untouched; a damaged original
gives no copy at all; and the server will not start without the Chinese font the line is written in."""
import hashlib
import io
import logging
from datetime import datetime, timezone

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from safety import create_app
from safety.common import fonts
from safety.common.fonts import MissingFontError
from safety.photos.copies import provenance_of
from safety.photos.storage import get_photo_store
from safety.photos.watermark import Provenance, watermark_parts
from tests.conftest import base_config
from tests.factories import image_bytes, make_hazard, make_photo, make_user

TAKEN = datetime(2026, 12, 3, 2, 5, tzinfo=timezone.utc)  # 10:05 in the office (UTC+8)
RECEIVED = datetime(2026, 12, 3, 2, 40, tzinfo=timezone.utc)


@pytest.fixture
def evidence(enterprise, inspector):
    """A grey 1200 × 900 photo of a hazard at 华东机械有限公司, with the phone's place."""
    hazard = make_hazard(enterprise)
    return make_photo(inspector, data=image_bytes(1200, 900, colour=(128, 128, 128)), hazard_id=hazard.id,
                      purpose="hazard", taken_at=TAKEN, received_at=RECEIVED, latitude=31.230416,
                      longitude=121.473701, accuracy_m=8)


def _read(handle) -> bytes:
    with handle:
        return handle.read()


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_the_line_names_enterprise_inspector_times_and_for_the_office_the_place(app, evidence, enterprise):
    office = watermark_parts(provenance_of(evidence, enterprise, for_office=True), "拍摄 %(time)s", "接收 %(time)s")
    assert office == ["华东机械有限公司", "李检查", "拍摄 2026-12-03 10:05", "接收 2026-12-03 10:40", "31.230,121.474"]
    own = watermark_parts(provenance_of(evidence, enterprise, for_office=False), "拍摄 %(time)s", "接收 %(time)s")
    assert own == office[:4]
    loose = Provenance(enterprise=None, inspector="李检查", taken_at=None, received_at=RECEIVED, location=None)
    assert watermark_parts(loose, "拍摄 %(time)s", "接收 %(time)s") == ["李检查", "接收 2026-12-03 10:40"]


def test_the_display_copy_carries_the_line_along_its_bottom_and_the_original_is_untouched(client, auth, evidence):
    original = _read(get_photo_store().open_original(evidence.sha256))
    auth.login("inspector")
    served = client.get(f"/photos/{evidence.uuid}/display.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    copy = _image(served.data)
    assert copy.size == (1200, 900)
    plain = _image(_read(get_photo_store().open_derivative(evidence.sha256, "display")))
    difference = ImageChops.difference(copy, plain)
    top, bottom = difference.crop((0, 0, 1200, 800)), difference.crop((0, 820, 1200, 900))
    assert max(ImageStat.Stat(top).extrema[0]) <= 8  # only JPEG's own noise above the band
    assert max(ImageStat.Stat(bottom).extrema[0]) > 100  # light text burned in below
    again = client.get(f"/photos/{evidence.uuid}/original")
    assert again.data == original and hashlib.sha256(again.data).hexdigest() == evidence.sha256


def test_the_thumbnail_carries_it_too_and_the_enterprise_copy_leaves_out_the_place(client, auth, evidence, enterprise):
    make_user("enterprise", username="contact", enterprise=enterprise)
    auth.login("inspector")
    office = client.get(f"/photos/{evidence.uuid}/thumb.jpg")
    auth.login("contact")
    own = client.get(f"/photos/{evidence.uuid}/thumb.jpg")
    assert office.status_code == own.status_code == 200
    assert office.headers["ETag"] != own.headers["ETag"]  # different lines, different copies
    plain = _image(_read(get_photo_store().open_derivative(evidence.sha256, "thumb")))
    for served in (office, own):
        band = ImageChops.difference(_image(served.data), plain).crop((0, plain.height - 12, plain.width, plain.height))
        assert max(ImageStat.Stat(band).extrema[0]) > 100
    # The two differ by the place, in the line only.
    differs = ImageChops.difference(_image(office.data), _image(own.data)).convert("L").point(
        lambda value: 255 if value > 40 else 0).getbbox()
    assert differs is not None and differs[1] >= plain.height - _band_rows(office.data, plain)


def _band_rows(data: bytes, plain: Image.Image) -> int:
    """How many rows from the bottom the burned-in line reaches."""
    marked = ImageChops.difference(_image(data), plain).convert("L").point(lambda value: 255 if value > 40 else 0)
    return plain.height - marked.getbbox()[1]


def test_the_copy_is_made_once_and_served_again_from_the_store(client, auth, evidence):
    auth.login("inspector")
    first = client.get(f"/photos/{evidence.uuid}/display.jpg")
    second = client.get(f"/photos/{evidence.uuid}/display.jpg")
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert client.get(f"/photos/{evidence.uuid}/display.jpg",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_a_damaged_original_gives_no_copy_and_is_logged(client, auth, evidence, caplog, damage):
    path = get_photo_store()._path(evidence.sha256, "original")
    auth.login("inspector")
    assert client.get(f"/photos/{evidence.uuid}/thumb.jpg").status_code == 200  # its copy is already made
    if damage == "changed":
        with open(path, "ab") as original:
            original.write(b"\0")
    else:
        import os
        os.remove(path)
    with caplog.at_level(logging.ERROR):
        for kind in ("thumb", "display"):
            response = client.get(f"/photos/{evidence.uuid}/{kind}.jpg")
            assert response.status_code == 409 and response.mimetype != "image/jpeg"
            assert "Evidence damaged" in response.get_data(as_text=True) or "证据受损" in response.get_data(as_text=True)
    assert f"evidence damaged: photo {evidence.uuid}" in caplog.text


def test_staff_see_evidence_damaged_in_the_photo_s_place_on_the_hazard_page(client, auth, evidence):
    from safety.hazards.models import Hazard
    from safety.extensions import db
    hazard = db.session.get(Hazard, evidence.hazard_id)
    make_user("supervisor", username="boss").locale = "en"
    with open(get_photo_store()._path(evidence.sha256, "original"), "ab") as original:
        original.write(b"\0")
    auth.login("boss")
    page = client.get(f"/hazards/{hazard.uuid}").get_data(as_text=True)
    assert 'class="thumb evidence-damaged size-120"' in page
    assert f'/photos/{evidence.uuid}/thumb.jpg' not in page


def test_the_font_writes_chinese_not_boxes(app):
    path, index = app.config["WATERMARK_FONT_FILE"]
    font = ImageFont.truetype(path, 40, index=index)

    def drawn(character: str) -> bytes:
        canvas = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(canvas).text((5, 5), character, font=font, fill=255)
        return canvas.tobytes()
    # A font without the glyphs draws the same empty box for every character.
    assert len({drawn(character) for character in "检查隐患整改"}) == 6


def test_the_server_will_not_start_without_the_chinese_font(tmp_path, monkeypatch):
    with pytest.raises(MissingFontError, match="make fonts"):
        create_app({**base_config("sqlite:///" + str(tmp_path / "x.sqlite"), tmp_path),
                    "WATERMARK_FONT": str(tmp_path / "no-such-font.ttc")})
    # A machine without fontconfig, or without fonts-noto-cjk, is found out the same way.
    monkeypatch.setenv("PATH", str(tmp_path))
    fonts._matched_file.cache_clear()
    try:
        with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
            create_app(base_config("sqlite:///" + str(tmp_path / "x.sqlite"), tmp_path))
    finally:
        fonts._matched_file.cache_clear()
