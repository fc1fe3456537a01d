"""Offering a domain's small functions (labels, badges, links) to every template of the back office."""
from flask import Blueprint


def share_with_templates(blueprint: Blueprint, **functions) -> None:
    """Make each function a global of every template, under the keyword's name.

    The name is given rather than taken from the function, because vocabulary labels are made by
    ``common.words.labeller`` (all called ``label``) and each domain prefixes its names (``hazard_status_label``).
    """
    for name, function in functions.items():
        blueprint.add_app_template_global(function, name)
