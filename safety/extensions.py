"""The Flask extensions, created unbound here and bound in ``create_app``."""
import os

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
import sqlite3

from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints so Alembic migrations can alter them on SQLite and PostgreSQL alike.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Storage comes from RATELIMIT_STORAGE_URI: memory (per worker) or Redis.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # SQLite ignores foreign keys unless asked on every connection; WAL lets
    # readers go on while a sync request writes.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def _api_requires_sign_in_first():
    from flask import current_app, request
    from flask_login import current_user

    from safety.auth.access import PUBLIC, access_rule
    if not request.path.startswith("/api/") or request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None or access_rule(view) == PUBLIC or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def init_app(app) -> None:
    """Bind every extension to ``app`` and set the policies that span features."""
    from flask import has_request_context, request, session
    from flask_login import current_user

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    # Registered before CSRFProtect's own check: a phone whose session expired while
    # offline must hear "sign in again" (401), not "security token missing" (400).
    app.before_request(_api_requires_sign_in_first)
    csrf.init_app(app)
    limiter.init_app(app)

    login_manager.init_app(app)
    # Off: "strong" signs a phone out whenever it moves between Wi-Fi and mobile data
    # (its IP changes), and "basic" rewrites the session cookie of any request whose
    # IP or browser string differs, which races a sign-in answered at the same moment
    # (the service worker precaching in the background) and undoes it. Sessions are
    # ended instead by the per-user session version (sign-out, password change).
    login_manager.session_protection = None
    login_manager.login_view = "auth.login"

    def select_locale():
        if not has_request_context():  # CLI commands: domain errors still need a language
            return app.config["BABEL_DEFAULT_LOCALE"]
        if session.get("locale") in app.config["LANGUAGES"]:
            return session["locale"]
        if current_user and current_user.is_authenticated and current_user.locale in app.config["LANGUAGES"]:
            return current_user.locale
        return app.config["BABEL_DEFAULT_LOCALE"]

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=os.path.join(app.root_path, "translations"))

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale
        locale = get_locale()
        code = "zh_CN" if locale is not None and locale.language == "zh" else "en"
        return {"current_locale": code, "languages": app.config["LANGUAGES"]}

    @login_manager.user_loader
    def load_user(user_id: str):
        from safety.users.models import User
        try:
            id_part, version_part = user_id.split(":", 1)
            user = db.session.get(User, int(id_part))
            version = int(version_part)
        except (ValueError, TypeError):
            return None
        # A session issued before sign-out or a password change carries an old version.
        if user is None or user.session_version != version or not user.active:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, url_for
        from flask_babel import gettext as _
        from safety.common.errors import error_response
        if request.path.startswith("/api/"):
            return error_response(401, "not_signed_in", _("Please sign in."))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
