"""Photo upload ingest: PUT /api/v1/photos/<uuid> against gunicorn on loopback, at several concurrencies.

Target (DESIGN.md): a 300 KB JPEG, verified and stored with its thumbnail: >= 40 photos/s on 2 cores.

The photos are what the field app sends: JPEGs of 1600 x 1200 (the phone downscales to
1600 px) at about 300 KB, camera-like (gradients, shapes and sensor noise), each one
distinct. Each upload carries its SHA-256, time and position; the server checks the hash,
decodes the image, writes the original and its two derivatives (each fsynced, the
original's directory too) and inserts the row. wrk (C, from Debian; installed when
missing) sends them: a Lua script walks through the prepared files, one per request,
never the same bytes twice.

In the same run the same bytes are written raw to the same disk, as the store writes an
original (temporary file, fsync, rename, fsync of the directory), one writer per client:
the ratio between the two says how far the upload is from the disk's own speed.

    .venv/bin/python bench/photo_ingest.py --database sqlite --concurrency 1,4,16 --seconds 15 --runs 3
"""
import argparse
import hashlib
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_server import (LUA_THREAD_NUMBERS, IngestServer, cpu_seconds, load_conditions, lua_headers,  # noqa: E402
                           lua_string, require_wrk, run_wrk, wrk_version)

WIDTH, HEIGHT = 1600, 1200
TARGET_BYTES = 300_000


def camera_like_jpeg(rng: random.Random, quality: int) -> bytes:
    """A distinct 1600 x 1200 JPEG that compresses like a photo: light gradients, shapes, sensor noise."""
    from PIL import Image, ImageDraw, ImageFilter
    base = Image.linear_gradient("L").resize((WIDTH, HEIGHT)).rotate(rng.uniform(0, 360), expand=False)
    colour = Image.merge("RGB", [base.point(lambda v, k=k: int(v * k + rng.uniform(0, 60)))
                                 for k in (rng.uniform(0.4, 1), rng.uniform(0.4, 1), rng.uniform(0.4, 1))])
    draw = ImageDraw.Draw(colour)
    for _n in range(rng.randint(8, 16)):  # walls, pipes, extinguishers
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        box = (x, y, x + rng.randint(40, 500), y + rng.randint(40, 400))
        fill = tuple(rng.randrange(256) for _c in range(3))
        (draw.rectangle if rng.random() < 0.6 else draw.ellipse)(box, fill=fill)
    colour = colour.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.frombytes("RGB", (WIDTH, HEIGHT), rng.randbytes(WIDTH * HEIGHT * 3))
    picture = Image.blend(colour, noise, 0.06)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def make_photos(count: int, folder: str) -> tuple[list[str], int]:
    """``count`` distinct JPEGs of about 300 KB in ``folder``; answers their paths and mean size."""
    rng = random.Random(20261123)
    quality = 85
    for _attempt in range(6):  # find the quality that gives about 300 KB
        size = len(camera_like_jpeg(random.Random(1), quality))
        if abs(size - TARGET_BYTES) < 30_000:
            break
        quality = max(30, min(95, quality + (5 if size < TARGET_BYTES else -5)))
    paths, total = [], 0
    for n in range(count):
        data = camera_like_jpeg(rng, quality)
        path = os.path.join(folder, f"{n:05d}.jpg")
        with open(path, "wb") as fh:
            fh.write(data)
        paths.append(path)
        total += len(data)
    return paths, total // count


def numbered(base: bytes, index: int) -> bytes:
    """``base`` with a comment segment numbering it: other bytes (another original to store), the same pixels.

    The Lua script below builds the same bytes; only the hashes are computed here.
    """
    text = b"bench %08d" % index
    return base[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + base[2:]


def upload_script(server: IngestServer, paths: list[str], hashes: list[str], offset: int, threads: int) -> str:
    """Each wrk thread loads the photos once; request n of the level sends photo offset + n, numbered,
    so no two requests of a run send the same bytes. ``hashes[i - 1]`` is the SHA-256 of number i."""
    files = "{" + ", ".join(lua_string(path) for path in paths) + "}"
    digests = "{" + ", ".join(lua_string(digest) for digest in hashes) + "}"
    headers = lua_headers(server)
    return f"""
wrk.method = "PUT"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["X-Photo-Taken-At"] = "2026-11-20T09:30:00+08:00"
wrk.headers["X-Photo-Location"] = "31.2304,121.4737,12"
{headers}
local files = {files}
local digests = {digests}
{LUA_THREAD_NUMBERS}
function init(args)
  bases = {{}}
  for i, path in ipairs(files) do
    local fh = io.open(path, "rb")
    bases[i] = fh:read("*a")
    fh:close()
  end
  math.randomseed(os.time() + thread_number * 7919)
  run = math.random(0, 0xffff)
  counter = 0
end

function request()
  local index = {offset} + thread_number + counter * {threads}
  counter = counter + 1
  if index > #digests then
    error("ran out of prepared photo hashes")
  end
  local base = bases[(index - 1) % #bases + 1]
  local text = string.format("bench %08d", index)
  local body = base:sub(1, 2) .. "\\255\\254" .. string.char(0, #text + 2) .. text .. base:sub(3)
  local id = string.format("%08x-%04x-4000-8000-%012x", run * 65536 + thread_number, 1, counter)
  wrk.headers["X-Content-SHA256"] = digests[index]
  return wrk.format(nil, "/api/v1/photos/" .. id, nil, body)
end
"""


def raw_writes(paths: list[str], folder: str, writers: int, seconds: float) -> dict:
    """Write the photos' bytes as the store writes an original, ``writers`` at a time; answer files/s and p95."""
    from safety.photos.storage import FileSystemPhotoStore
    contents = [Path(path).read_bytes() for path in paths[:400]]
    store = FileSystemPhotoStore(folder)
    latencies, lock, stop = [], threading.Lock(), time.monotonic() + seconds
    counter = iter(range(10 ** 9))

    def writer():
        while time.monotonic() < stop:
            n = next(counter)
            data = contents[n % len(contents)] + n.to_bytes(8, "big")  # distinct bytes, distinct name
            started = time.perf_counter()
            store.put_original(hashlib.sha256(data).hexdigest(), data)
            with lock:
                latencies.append(time.perf_counter() - started)

    started = time.monotonic()
    threads = [threading.Thread(target=writer) for _n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"rate": len(latencies) / elapsed, "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)]}


def one_run(database: str, levels: list[int], seconds: int, paths: list[str], hashes: list[str], per_level: int,
            wrk: str) -> dict:
    results = {}
    probe = Path(paths[0]).read_bytes()  # a plain photo, not one of the numbered ones
    with IngestServer(database) as server:
        status, _headers, answer = server.request(
            "PUT", f"/api/v1/photos/{uuid.uuid4()}", probe,
            {"Content-Type": "image/jpeg", "X-Content-SHA256": hashlib.sha256(probe).hexdigest(),
             **server.auth_headers()})
        if status != 201:
            raise SystemExit(f"a benchmark photo was refused ({status}): {answer[:500]!r}")
        pids = server.server_pids()
        for n, level in enumerate(levels):
            conditions = load_conditions()
            before = server.count("photos")
            cpu_before = cpu_seconds(pids)
            threads = min(2, level)
            upload = run_wrk(wrk, server.url, upload_script(server, paths, hashes, n * per_level, threads), level,
                             seconds, threads=threads)
            server_cpu = cpu_seconds(pids) - cpu_before
            stored = server.count("photos") - before
            expected = upload["requests"] - upload["status_errors"]
            if upload["status_errors"] or upload["socket_errors"] or not expected <= stored <= expected + level:
                raise SystemExit(f"errors at {level}: {upload}, {stored} stored\n"
                                 + server.log_trouble())
            with tempfile.TemporaryDirectory(dir=server.folder) as raw_folder:  # the same disk as the store
                raw = raw_writes(paths, raw_folder, level, min(seconds, 8))
            results[level] = {"upload": upload, "raw": raw, "conditions": conditions, "stored": stored,
                              "server_cpu_ms": 1000 * server_cpu / max(1, stored)}
        results["server"] = server.describe()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--concurrency", default="1,4,16", help="client counts, comma-separated")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3, help="fresh database and server each; medians reported")
    parser.add_argument("--photos", type=int, default=40, help="distinct pictures to prepare")
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",")]
    wrk = require_wrk()
    per_level = 150 * args.seconds  # photo numbers for each level: enough for 150 photos/s
    with tempfile.TemporaryDirectory(prefix="photo-bench-") as folder:
        started = time.monotonic()
        paths, mean_size = make_photos(args.photos, folder)
        bases = [Path(path).read_bytes() for path in paths]
        hashes = [hashlib.sha256(numbered(bases[(index - 1) % len(bases)], index)).hexdigest()
                  for index in range(1, per_level * len(levels) + 1)]
        print(f"{args.photos} distinct {WIDTH} x {HEIGHT} JPEGs, mean {mean_size / 1000:.0f} KB, each sent numbered "
              f"(a comment segment) so no upload repeats bytes (prepared in {time.monotonic() - started:.0f} s)")
        print(f"load generator: {wrk_version(wrk)}, up to 2 threads, closed loop")
        runs = []
        for n in range(args.runs):
            result = one_run(args.database, levels, args.seconds, paths, hashes, per_level, wrk)
            runs.append(result)
            if n == 0:
                print(result["server"])
            for level in levels:
                entry = result[level]
                upload, raw = entry["upload"], entry["raw"]
                print(f"run {n + 1}, {level} clients ({entry['conditions']}): {upload['rate']:.1f} photos/s, "
                      f"p50 {upload['p50_ms']:.0f} ms, p95 {upload['p95_ms']:.0f} ms; server CPU "
                      f"{entry['server_cpu_ms']:.1f} ms each; raw fsynced writes {raw['rate']:.0f}/s "
                      f"(p95 {raw['p95_ms']:.1f} ms); ratio {upload['rate'] / raw['rate']:.2f}")
    for level in levels:
        def median(key, part="upload"):
            return statistics.median(run[level][part][key] for run in runs)
        ratio = statistics.median(run[level]["upload"]["rate"] / run[level]["raw"]["rate"] for run in runs)
        print(f"median of {len(runs)} on {args.database}, {level} clients: {median('rate'):.1f} photos/s "
              f"(target >= 40), p95 {median('p95_ms'):.0f} ms; raw writes {median('rate', 'raw'):.0f}/s; "
              f"ratio {ratio:.2f}; server CPU "
              f"{statistics.median(run[level]['server_cpu_ms'] for run in runs):.1f} ms per photo")


if __name__ == "__main__":
    main()
