"""``flask --app app install-checklists``: the standard checklist library, for a server set up without demo data."""
import click
from flask.cli import with_appcontext

from safety.checklists.library import install_library
from safety.extensions import db


@click.command("install-checklists")
@with_appcontext
def install_checklists_command():
    """Install the standard checklists whose names are not taken yet (safe to run again)."""
    installed = install_library()
    db.session.commit()
    for template in installed:
        click.echo(f"Installed {template.name} ({template.topic}).")
    click.echo(f"{len(installed)} checklists installed.")
