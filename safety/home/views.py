"""Landing page and the service worker script."""
from flask import Blueprint, current_app, make_response, redirect, render_template, url_for
from flask_login import current_user

from safety.auth.access import OFFICE, public
from safety.common.office_time import office_today
from safety.home.counts import get_supervisor_counts
from safety.home.shell import service_worker_source
from safety.users.models import Role

bp = Blueprint("home", __name__)


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role in (Role.INSPECTOR.value, Role.ENTERPRISE.value) and "field.app" in current_app.view_functions:
        return redirect(url_for("field.app"))
    counts = get_supervisor_counts(current_user, office_today()) if current_user.role in OFFICE else None
    return render_template("home/index.html", counts=counts)


@bp.route("/service_worker.js")
@public
def service_worker():
    response = make_response(service_worker_source())
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    # The browser must re-check the worker on every visit, or a deploy never reaches phones.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
