"""``import-enterprises FILE``: the bulk import of the contract, all rows or none."""
import os

import click
from flask.cli import with_appcontext
from flask_babel import ngettext

from safety.common.errors import DomainError
from safety.enterprises.importing import import_enterprise_file
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
