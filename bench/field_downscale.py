"""How long the field app takes to downscale a 12-megapixel camera photo (4000×3000 JPEG) to 1600 px.

Runs the app's own photos.js in Debian Chromium at phone size: decode with EXIF
orientation, draw to a canvas, encode JPEG, hash with SHA-256 — what happens on the
phone between the shutter and the photo being stored. No CPU throttling: figures are
this machine's; a mid-range phone is a few times slower.

    .venv/bin/python bench/field_downscale.py [photos]
"""
import io
import statistics
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

from field_server import DemoServer

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def camera_jpeg() -> bytes:
    """A 4000×3000 JPEG with detail (a flat image would encode unrealistically fast)."""
    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, 4000, 97):
        draw.line([(x, 0), (4000 - x, 3000)], fill=(200, 40 + x % 200, 90), width=9)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def main() -> int:
    photos = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with DemoServer(seed=False) as base, tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "camera.jpg"
        path.write_bytes(camera_jpeg())
        size = path.stat().st_size
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "/app/")
        page.set_content('<input type="file" id="photo">')
        page.set_input_files("#photo", str(path))
        timings = page.evaluate("""async ([base, photos]) => {
            const { downscale, sha256Hex } = await import(base + '/static/js/photos.js');
            const file = document.getElementById('photo').files[0];
            const result = [];
            for (let n = 0; n < photos; n += 1) {
                const start = performance.now();
                const { blob, width, height } = await downscale(file);
                await sha256Hex(blob);
                result.push({ ms: performance.now() - start, width, height, bytes: blob.size });
            }
            return result;
        }""", [base, photos])
        browser.close()
    print(f"input: 4000x3000 JPEG, {size:,} bytes")
    for n, timing in enumerate(timings, 1):
        print(f"photo {n}: {timing['ms']:.0f} ms -> {timing['width']}x{timing['height']}, {timing['bytes']:,} bytes")
    print(f"median {statistics.median(t['ms'] for t in timings):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
