"""The safety inspection server: ``create_app`` builds it from its feature blueprints."""
import os

from flask import Flask

from safety.config import Config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; ``test_config`` overrides the environment's settings."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "safety.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config["PHOTO_ROOT"]:
        app.config["PHOTO_ROOT"] = os.path.join(app.instance_path, "photos")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)

    from safety.common.fonts import cjk_font_file
    # Fails loudly here, at start-up, rather than burning boxes into the photos' copies later.
    app.config["WATERMARK_FONT_FILE"] = cjk_font_file(app.config["WATERMARK_FONT"])

    if app.config["TRUSTED_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["TRUSTED_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)

    from safety import extensions, models  # noqa: F401  (models: register every table)
    from safety.auth.policy import init_auth, select_locale
    # The sign-in policy first: its check of API writes must run before the one CSRFProtect registers when bound.
    init_auth(app)
    extensions.init_app(app, locale_selector=select_locale)

    from safety.common.errors import register_error_handlers
    register_error_handlers(app)

    from safety.blueprints import register_blueprints
    register_blueprints(app)

    from safety.security import init_input_checks, init_security_headers
    init_security_headers(app)
    init_input_checks(app)

    from safety.navigation import init_navigation
    init_navigation(app)

    from safety.cli import register_commands
    register_commands(app)
    return app


def _normalise_database_url(url: str) -> str:
    """Accept the ``postgres://`` and ``postgresql://`` forms hosting providers hand out; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance_path: str) -> str:
    """A random secret kept in the instance folder, so a plain ``make run`` keeps sessions across restarts."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        import secrets
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()
