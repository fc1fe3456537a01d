"""Showing a refusal of the domain on the back office's forms."""
from collections.abc import Mapping

from flask import flash
from flask_wtf import FlaskForm

from safety.common.errors import DomainError


def show_domain_error(form: FlaskForm, error: DomainError, *, fallback: str | None = None,
                      field_names: Mapping[str, str] | None = None) -> bool:
    """Show ``error`` next to the field of ``form`` it names; True when every message landed at a field.

    An error that carries several (``errors``, one per field, as ``InvalidFields`` does) shows each of them.
    ``field_names`` maps the domain's name of a field to the form's where the two differ (``{"grid": "grids"}``).
    A message whose field is not on the form goes to the ``fallback`` field or, without one, is flashed on top
    of the page: a refusal is never silently dropped.
    """
    field_names = field_names or {}
    placed = True
    for one in getattr(error, "errors", None) or [error]:
        name = field_names.get(one.field, one.field) if one.field else None
        field = form._fields.get(name or "") or (form._fields.get(fallback) if fallback else None)
        if field is None:
            flash(one.message, "error")
            placed = False
        else:
            # Before validation a field's errors are an empty tuple.
            field.errors = [*field.errors, one.message]
    return placed
