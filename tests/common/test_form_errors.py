"""A refusal of the domain shown on a back-office form: at its field, at the fallback, or flashed."""
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from safety.common.errors import DomainError
from safety.common.forms import show_domain_error
from safety.enterprises.validation import InvalidFields


class _Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()
    grids = StringField()
    note = StringField()


def test_the_message_goes_next_to_the_field_it_names(app):
    with app.test_request_context("/", method="POST"):
        form = _Form()
        assert show_domain_error(form, DomainError("name_required", "A name is required.", field="name"))
        assert form.name.errors == ["A name is required."]
        assert get_flashed_messages() == []


def test_a_field_the_form_calls_differently_is_found_by_its_form_name(app):
    with app.test_request_context("/", method="POST"):
        form = _Form()
        show_domain_error(form, DomainError("grid_required", "Choose a grid.", field="grid"),
                          field_names={"grid": "grids"})
        assert form.grids.errors == ["Choose a grid."]


def test_a_message_for_no_field_of_the_form_goes_to_the_fallback(app):
    with app.test_request_context("/", method="POST"):
        form = _Form()
        assert show_domain_error(form, DomainError("conflict", "Changed meanwhile."), fallback="note")
        assert form.note.errors == ["Changed meanwhile."]


def test_without_a_fallback_it_is_flashed_rather_than_dropped(app):
    with app.test_request_context("/", method="POST"):
        form = _Form()
        assert not show_domain_error(form, DomainError("code_fixed", "The code cannot change.", field="code"))
        assert get_flashed_messages(with_categories=True) == [("error", "The code cannot change.")]
        assert form.errors == {}


def test_every_field_of_a_refusal_naming_several_is_shown(app):
    with app.test_request_context("/", method="POST"):
        form = _Form()
        form.validate()
        refusal = InvalidFields([DomainError("a", "Name wrong.", field="name"),
                                 DomainError("b", "Note wrong.", field="note")])
        assert show_domain_error(form, refusal)
        assert form.errors == {"name": ["Name wrong."], "note": ["Note wrong."]}
