"""``create-unit``."""
import click
from flask.cli import with_appcontext

from safety.common.errors import DomainError
from safety.extensions import db
from safety.units.operations import create_unit
from safety.units.vocabulary import UNIT_KINDS


@click.command("create-unit")
@click.argument("code")
@click.argument("name")
@click.option("--parent", "parent_code", help="Code of the unit above (default: the root bureau).")
@click.option("--kind", type=click.Choice(list(UNIT_KINDS)), help="county, district, town, park or community.")
@click.option("--delegated", "delegated_classes", default="",
              help="Supervision classes this town or park enforces for (委托执法), e.g. D.")
@with_appcontext
def create_unit_command(code, name, parent_code, kind, delegated_classes):
    """Add a unit to the tree (the root when the tree is empty)."""
    try:
        unit = create_unit(code, name, parent_code=parent_code, kind=kind, delegated_classes=delegated_classes)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    above = unit.parent.code if unit.parent else "nothing: the root"
    click.echo(f"Created unit {unit.code} ({unit.name}) under {above}.")
