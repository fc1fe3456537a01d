"""``import-enterprises FILE``: the bulk import of the contract, all rows or none."""
import os

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import ngettext

from safety.common.errors import DomainError
from safety.enterprises.importing import import_enterprise_file
from safety.enterprises.qr import qr_address_warning
from safety.extensions import db


@click.command("import-enterprises")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_enterprises_command(file):
    """Import enterprises from a CSV or XLSX file; any bad row is reported and nothing is imported."""
    with open(file, "rb") as fh:
        data = fh.read()
    try:
        result = import_enterprise_file(os.path.basename(file), data)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    if not result.ok:
        db.session.rollback()
        for error in result.errors:
            click.echo(error.describe(), err=True)
        raise click.ClickException(ngettext("%(num)s problem found; nothing was imported.",
                                            "%(num)s problems found; nothing was imported.", len(result.errors)))
    db.session.commit()
    click.echo(ngettext("Imported %(num)s enterprise.", "Imported %(num)s enterprises.", len(result.rows)))


@click.command("check-public-url")
@click.option("--serving", default="http://127.0.0.1:5000", show_default=True,
              help="The address the server is about to listen on, used by QR codes when PUBLIC_URL is not set.")
@with_appcontext
def check_public_url_command(serving):
    """Warn, before the server starts, when printed QR labels would point at an address phones cannot open."""
    public_url = current_app.config.get("PUBLIC_URL")
    warning = qr_address_warning(public_url or serving, bool(public_url))
    if warning:
        click.secho(warning, fg="yellow", err=True)
