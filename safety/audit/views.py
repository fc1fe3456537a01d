"""The audit log page: administrators read who changed what, newest first."""
from flask import Blueprint, render_template, request

from safety.audit.forms import audit_filter_form
from safety.audit.queries import list_actors, list_entries
from safety.audit.wording import (action_badge, action_label, field_label, field_value, target_kind_label, target_name,
                                  target_url)
from safety.auth.access import roles_required
from safety.common.pagination import redirect_to_short_url
from safety.common.templating import share_with_templates
from safety.users.models import Role

bp = Blueprint("audit", __name__, url_prefix="/audit")

share_with_templates(bp, audit_action_label=action_label, audit_action_badge=action_badge,
                     audit_field_label=field_label, audit_field_value=field_value,
                     audit_target_kind_label=target_kind_label, audit_target_name=target_name,
                     audit_target_url=target_url)


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    """The log, filtered by actor, action, kind of record and office days, one page at a time."""
    form = audit_filter_form(request.args, list_actors())
    filters = form.filters()
    short_url = redirect_to_short_url(form, filters, ".index")
    if short_url:
        return short_url
    return render_template("audit/index.html", page=list_entries(filters), form=form, filters=filters), \
        400 if form.errors else 200
