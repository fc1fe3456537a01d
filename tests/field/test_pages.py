"""The field app's server side: one static shell for every app URL, the manifest, the message catalogue."""
import re

from tests.factories import make_user


def test_app_shell_is_served_without_user_data(client, auth):
    anonymous = client.get("/app/")
    make_user("inspector", username="li", display_name="李检查")
    auth.login("li")
    signed_in = client.get("/app/")
    assert anonymous.status_code == signed_in.status_code == 200
    assert anonymous.data == signed_in.data
    assert "李检查" not in signed_in.get_data(as_text=True)
    assert anonymous.headers["Cache-Control"] == "no-cache"


def test_every_app_path_and_qr_link_answers_the_same_shell(client):
    shell = client.get("/app/").data
    for path in ("/app/outbox", "/app/inspect/3f0c6a0e-8f5b-4c43-9b0e-2d7c1f7f0b11/finish", "/e/E0001",
                 "/e/NOT-A-CODE"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.data == shell, path


def test_shell_loads_the_app_as_a_module_with_no_inline_code(client):
    html = client.get("/app/").get_data(as_text=True)
    assert '<script type="module" src="/static/js/app.js"></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html and "<style" not in html
    assert 'rel="manifest" href="/app/manifest.webmanifest"' in html
    # The decoder is loaded only when the scanner opens: never preloaded by the shell.
    assert "barcode-detector" not in html and "zxing" not in html


def test_manifest_makes_the_app_installable(client):
    response = client.get("/app/manifest.webmanifest")
    manifest = response.get_json(force=True)
    assert response.mimetype == "application/manifest+json"
    assert manifest["name"] == "安全检查"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/app/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5cab"
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= purposes


def test_manifest_icons_exist_at_their_stated_size(client):
    from io import BytesIO

    from PIL import Image

    for icon in client.get("/app/manifest.webmanifest").get_json(force=True)["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        with Image.open(BytesIO(response.data)) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
        response.close()


def test_catalogue_json_translates_the_apps_msgids_to_chinese(client):
    messages = client.get("/app/i18n/zh_CN.json").get_json()
    assert messages["Sign in"] == "登录"
    assert messages["Safety inspections"] == "安全检查"
    # Only what the app's JavaScript asks for: not the whole back-office catalogue.
    assert "Checklist templates and their versions" not in messages


def test_catalogue_json_for_english_is_the_msgids_themselves(client):
    response = client.get("/app/i18n/en.json")
    assert response.status_code == 200
    assert response.get_json() == {}


def test_catalogue_json_of_an_unknown_language_is_not_found(client):
    assert client.get("/app/i18n/fr.json").status_code == 404


def test_shell_preloads_what_the_first_screen_needs_and_no_screen_behind_it(client):
    html = client.get("/app/").get_data(as_text=True)
    preloaded = set(re.findall(r'rel="modulepreload" href="([^"]+)"', html))
    assert {"/static/js/app.js", "/static/js/db.js", "/static/js/sync.js", "/static/js/ui/signin.js",
            "/static/vendor/idb/index.js"} <= preloaded
    # Screens load when first opened (the service worker precaches them for offline use).
    assert "/static/js/ui/checklist.js" not in preloaded
    assert "/static/js/ui/scanner-view.js" not in preloaded
    for url in preloaded:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()
