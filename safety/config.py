"""Configuration read from the environment, with embedded defaults.

The defaults give a working system with nothing else installed: SQLite and
photos under the instance folder, an in-memory rate limiter. Production sets
``DATABASE_URL``, ``REDIS_URL`` and ``SECRET_KEY``.
"""
import os
from datetime import timedelta


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for a running server; tests override fields through ``create_app(test_config)``."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means "SQLite under the instance folder", resolved in create_app
    # because the instance path is only known there.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    PHOTO_ROOT = os.environ.get("PHOTO_ROOT")  # defaults to <instance>/photos
    # The address phones use; QR labels encode <PUBLIC_URL>/e/<code>. Unset: the address of the request.
    PUBLIC_URL = os.environ.get("PUBLIC_URL")

    # Cookies: a phone keeps its inspector signed in for weeks of field work,
    # not a year; Lax keeps a cross-site form from riding the session.
    SESSION_COOKIE_SECURE = _bool("COOKIE_SECURE", True)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("COOKIE_SECURE", True)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(weeks=4)
    PERMANENT_SESSION_LIFETIME = timedelta(weeks=4)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    # How many reverse proxies stand in front (nginx: 1). Their X-Forwarded-For and -Proto are then believed,
    # so rate limits and the audit log see the phone's address rather than the proxy's. 0 believes nobody:
    # without a proxy, a client could otherwise choose its own address.
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", 0))

    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in (safety/auth/throttle.py): only failures count, so an office signing in at 8:00 through its one
    # public address is never refused. Per account, whether or not it exists: this many failures, then a wait
    # of SIGN_IN_ACCOUNT_DELAY seconds, doubled after each further failure up to SIGN_IN_ACCOUNT_MAX_DELAY; a
    # successful sign-in forgets them. Per address, across all accounts: a cap that stops one machine trying
    # a few passwords on many accounts, far above what an office of dozens mistypes in an hour.
    SIGN_IN_ACCOUNT_LIMIT = os.environ.get("SIGN_IN_ACCOUNT_LIMIT", "5 per 15 minutes")
    SIGN_IN_ACCOUNT_DELAY = int(os.environ.get("SIGN_IN_ACCOUNT_DELAY", 60))
    SIGN_IN_ACCOUNT_MAX_DELAY = int(os.environ.get("SIGN_IN_ACCOUNT_MAX_DELAY", 15 * 60))
    SIGN_IN_ADDRESS_LIMIT = os.environ.get("SIGN_IN_ADDRESS_LIMIT", "300 per hour")
    # The sync API, per user and per endpoint. A phone back from an offline day sends 50 inspections and
    # 300 photos in one burst (and resends some over a poor connection): these stay well above that and
    # only stop a runaway client or a stolen session hammering the server.
    API_PULL_RATE_LIMIT = os.environ.get("API_PULL_RATE_LIMIT", "60 per minute;1000 per hour")
    API_PHOTO_RATE_LIMIT = os.environ.get("API_PHOTO_RATE_LIMIT", "600 per minute;6000 per hour")
    API_WRITE_RATE_LIMIT = os.environ.get("API_WRITE_RATE_LIMIT", "300 per minute;3000 per hour")
    # The public page a document's QR code opens, per address: a person checks a paper or two, a crawler
    # walking the ids is stopped.
    VERIFY_RATE_LIMIT = os.environ.get("VERIFY_RATE_LIMIT", "30 per minute;300 per hour")

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Asia/Shanghai")
    LANGUAGES = ["zh_CN", "en"]

    MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # a photo or an inspection, never more
    # A phone photo is 2–6 MB; a 12-megapixel camera stays far below the pixel limit,
    # which keeps a small file that decodes to gigabytes (a decompression bomb) out.
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", 15 * 1024 * 1024))
    PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", 50_000_000))
    # The Chinese font burned into photo copies (a file, ``file:index`` for a collection); empty: Noto Sans CJK SC
    # as fontconfig finds it. The server refuses to start without one (safety.common.fonts).
    WATERMARK_FONT = os.environ.get("WATERMARK_FONT", "")
    IMPORT_MAX_ROWS = 20000
    # 移送: an open hazard this many days past its deadline is flagged for escalation
    HAZARD_ESCALATION_OVERDUE_DAYS = int(os.environ.get("HAZARD_ESCALATION_OVERDUE_DAYS", 30))
    PAGE_SIZE = 25
    # How many levels of units the tree has above its grids: 3 is district → town or park → community
    # (「三级五覆盖」 counts the grids as the last level); a county with sub-districts may need 4.
    UNIT_TREE_DEPTH = int(os.environ.get("UNIT_TREE_DEPTH", 3))
    # 分级分类监管: how many days may pass between two inspections of an enterprise of each supervision
    # class before the dashboard lists it as not covered. These are the office's own setting; the
    # defaults are a common county practice (A monthly, B every two months, C quarterly, D half-yearly).
    COVERAGE_INTERVAL_DAYS = {
        "A": int(os.environ.get("COVERAGE_DAYS_A", 30)),
        "B": int(os.environ.get("COVERAGE_DAYS_B", 60)),
        "C": int(os.environ.get("COVERAGE_DAYS_C", 90)),
        "D": int(os.environ.get("COVERAGE_DAYS_D", 180)),
    }
    # Hazards' readable numbers: <prefix>-<year found>-<number in that year>, e.g. YH-2026-000123 (隐患).
    HAZARD_NUMBER_PREFIX = os.environ.get("HAZARD_NUMBER_PREFIX", "YH")
    # Rates are coloured red below RATE_BAD_BELOW per cent, amber below RATE_WARN_BELOW, green from there.
    RATE_BAD_BELOW = float(os.environ.get("RATE_BAD_BELOW", 60))
    RATE_WARN_BELOW = float(os.environ.get("RATE_WARN_BELOW", 90))
    # The issuing office as printed at the head of its documents (e.g. 某某区应急管理局).
    OFFICE_NAME = os.environ.get("OFFICE_NAME", "")
