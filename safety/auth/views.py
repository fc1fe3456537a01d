"""Sign-in pages of the back office, the language switch, and the session API."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from safety.auth.access import public, signed_in
from safety.auth.forms import LoginForm, PasswordForm
from safety.auth.operations import change_password, sign_in, sign_out
from safety.auth.throttle import SignInThrottled, throttled_authenticate
from safety.common.actor import acting_user
from safety.common.api import json_body
from safety.common.errors import DomainError, error_response
from safety.common.forms import commit_form, show_domain_error
from safety.extensions import csrf, db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect after sign-in is a phishing aid."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = throttled_authenticate(form.username.data, form.password.data)
        except SignInThrottled as exc:
            show_domain_error(form, exc, fallback="password")
            return render_template("auth/login.html", form=form), exc.status, exc.headers
        except DomainError as exc:
            show_domain_error(form, exc, fallback="password")
        else:
            sign_in(user, remember=form.remember.data)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), (200 if not form.errors else 400)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    sign_out(acting_user())
    db.session.commit()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        saved, _user = commit_form(form, lambda: change_password(acting_user(), form.current_password.data,
                                                                 form.new_password.data),
                                   fallback="new_password", field_names={"password": "new_password"})
        if saved:
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/locale/<code>", methods=["POST"])
@public
def set_locale(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


# --- the session API of the sync contract -------------------------------------------------

def _session_body(user) -> dict:
    return {
        "user": {"id": user.id, "username": user.username, "name": user.display_name, "role": user.role,
                 "enterprise_code": user.enterprise.code if user.enterprise else None,
                 "grids": [g.code for g in user.grids]},
        "csrf_token": generate_csrf(),
    }


@bp.route("/api/v1/session", methods=["GET"])
@signed_in
def session_get():
    return jsonify(_session_body(current_user))


@bp.route("/api/v1/session", methods=["POST"])
@public
@csrf.exempt  # there is no token before sign-in; json_body refuses the content types a cross-site form can send
def session_post():
    data = json_body()
    user = throttled_authenticate(str(data.get("username", "")), str(data.get("password", "")))
    sign_in(user, remember=True)
    db.session.commit()
    return jsonify(_session_body(user))


@bp.errorhandler(SignInThrottled)
def sign_in_throttled(exc: SignInThrottled):
    body, status = error_response(exc.status, exc.code, exc.message, exc.field)
    return body, status, exc.headers


@bp.route("/api/v1/session", methods=["DELETE"])
@signed_in
def session_delete():
    sign_out(acting_user())
    db.session.commit()
    return jsonify({"signed_out": True})
