"""How many bytes the field app's first load costs, gzipped (target: 200 KB, the QR decoder excluded).

Counts what the shell page makes the browser fetch before the first screen: the
page, its stylesheet, the ES modules it preloads (app.js with its static imports and
the vendored idb), the manifest, the icon and the message catalogue; then the
screens, which load when first opened, to give the whole app. The QR decoder and
its WebAssembly are left out: the page imports them only when the scanner opens.
Each file is compressed with gzip level 6, what nginx and most proxies use.

    .venv/bin/python bench/field_shell_size.py
"""
import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from safety import create_app  # noqa: E402

TARGET = 200 * 1024
LAZY = ("/static/vendor/barcode-detector/", "/static/vendor/zxing-wasm/")


def first_load_urls(html: str) -> list[str]:
    """The URLs the shell references: stylesheet, icon, manifest, modules, plus the Chinese catalogue."""
    urls = re.findall(r'(?:href|src)="(/[^"]+)"', html)
    return list(dict.fromkeys(urls + ["/app/i18n/zh_CN.json"]))


def _measure(client, url: str) -> tuple[str, int, int]:
    response = client.get(url)
    body = response.data
    response.close()
    assert response.status_code == 200, url
    return url, len(body), len(gzip.compress(body, 6))


def _print(rows, title: str) -> int:
    width = max(len(url) for url, _raw, _gz in rows)
    for url, raw, gz in rows:
        print(f"{url:<{width}}  {raw:>8,} B  {gz:>7,} B gzipped")
    raw_total = sum(raw for _u, raw, _g in rows)
    gz_total = sum(gz for _u, _r, gz in rows)
    print(f"{title + ' (' + str(len(rows)) + ' files)':<{width}}  {raw_total:>8,} B  {gz_total:>7,} B gzipped"
          f"  = {gz_total / 1024:.1f} KB\n")
    return gz_total


def main() -> int:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench", "TESTING": True})
    client = app.test_client()
    html = client.get("/app/").data
    first = [("/app/", len(html), len(gzip.compress(html, 6)))]
    first += [_measure(client, url) for url in first_load_urls(html.decode())
              if not url.startswith(LAZY) and url != "/app/"]
    critical = _print(first, "before the first screen")
    loaded = {url for url, _raw, _gz in first}
    js_root = Path(app.static_folder) / "js"
    screens = [_measure(client, "/static/" + str(path.relative_to(app.static_folder)))
               for path in sorted(js_root.rglob("*.js"))
               if path.name not in ("office.js", "wire.js")
               and "/static/" + str(path.relative_to(app.static_folder)) not in loaded]
    later = _print(screens, "screens, loaded when first opened")
    total = critical + later
    print(f"whole app without the QR decoder: {total:,} B gzipped = {total / 1024:.1f} KB "
          f"(target {TARGET // 1024} KB)")
    return 0 if total <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
