"""The field app's pages: one static shell for every app URL, its manifest and its messages.

The shell carries no user data, so the service worker can cache one copy and
open it offline and signed out; the app signs in through the session API.
"""
import json

from flask import Blueprint, abort, current_app, jsonify, render_template
from flask_babel import force_locale

from safety.auth.access import public
from safety.field.catalogue import field_messages, field_vocabulary
from safety.field.manifest import web_app_manifest
from safety.field.shell import field_modules, register_shell

bp = Blueprint("field", __name__)
bp.record_once(lambda state: register_shell(state.app))


def _shell():
    with force_locale("zh_CN"):
        html = render_template("field/app.html", modules=field_modules(current_app.static_folder))
    response = current_app.response_class(html, mimetype="text/html")
    # The worker keeps the copy phones use; the HTTP cache must not hold an old shell next to it.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/app/")
@public
def app():
    return _shell()


@bp.route("/app/<path:rest>")
@public
def app_path(rest: str):
    return _shell()


@bp.route("/e/<code>")
@public
def enterprise_link(code: str):
    """Where an enterprise's QR label points: the app opens that enterprise (offline too)."""
    return _shell()


@bp.route("/app/manifest.webmanifest")
@public
def manifest():
    response = jsonify(web_app_manifest())
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/app/i18n/<locale>.json")
@public
def messages(locale: str):
    if locale not in current_app.config["LANGUAGES"]:
        abort(404)
    # Chinese as UTF-8, not \u escapes: a third of the bytes.
    return _json(json.dumps(field_messages(locale), ensure_ascii=False, separators=(",", ":")))


@bp.route("/app/i18n/vocabulary.json")
@public
def vocabulary():
    """The msgid of each value of the record vocabularies, the same in every language: the app translates
    them with the locale's messages above."""
    return _json(json.dumps(field_vocabulary(), separators=(",", ":")))


def _json(body: str):
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Cache-Control"] = "no-cache"
    return response
