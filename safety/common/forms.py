"""Showing a refusal of the domain on the back office's forms, and the one transaction a form's change runs in."""
from collections.abc import Callable, Mapping
from typing import Any

from flask import flash
from flask_wtf import FlaskForm

from safety.common.errors import DomainError
from safety.extensions import db


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


def commit_form(form: FlaskForm, operation: Callable[[], Any], *, fallback: str | None = None,
                field_names: Mapping[str, str] | None = None) -> tuple[bool, Any]:
    """Run the domain change a valid ``form`` asks for in one transaction.

    Returns ``(True, what the operation returned)`` once committed; on a refusal, rolls back what the operation
    may have flushed, shows the refusal on the form (see :func:`show_domain_error`) and returns ``(False, None)``
    so the view renders the form again with its 400.
    """
    try:
        result = operation()
    except DomainError as exc:
        db.session.rollback()
        show_domain_error(form, exc, fallback=fallback, field_names=field_names)
        return False, None
    db.session.commit()
    return True, result


def commit_or_flash(operation: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a change asked for by a button or a form whose fields are not shown again (deactivate, delete): as
    :func:`commit_form`, with the refusal flashed on top of the next page."""
    try:
        result = operation()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return False, None
    db.session.commit()
    return True, result
