"""The web app manifest that makes the field app installable (Add to Home Screen)."""
from flask_babel import force_locale, gettext as _

THEME_COLOUR = "#0b5cab"


def _icon(size: int, purpose: str) -> dict:
    name = f"icon-{size}.png" if purpose == "any" else f"icon-maskable-{size}.png"
    return {"src": f"/static/img/{name}", "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}


def web_app_manifest() -> dict:
    """The manifest; in Chinese for everyone, because the service worker caches one copy per phone."""
    with force_locale("zh_CN"):
        name = _("Safety inspections")
        description = _("Scan, inspect and re-check, also offline")
    return {
        "id": "/app/",
        "name": name,
        "short_name": name,
        "description": description,
        "lang": "zh-CN",
        "start_url": "/app/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [_icon(192, "any"), _icon(512, "any"), _icon(192, "maskable"), _icon(512, "maskable")],
    }
