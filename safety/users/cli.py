"""``create-user``."""
import click
from flask.cli import with_appcontext

from safety.common.errors import DomainError
from safety.extensions import db
from safety.users.models import Role
from safety.users.operations import create_user


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", required=True)
@click.option("--grid", "grids", multiple=True, help="Grid code; repeat for several grids.")
@click.option("--unit", "unit_code", help="Unit code (default: the unit of the grids, else the root bureau).")
@click.option("--enterprise", "enterprise_code", help="Enterprise code, for an enterprise account.")
@click.option("--name", "display_name", help="Name shown in the app (defaults to the username).")
@click.option("--certificate", "certificate_number", help="Enforcement certificate number (执法证号).")
@with_appcontext
def create_user_command(username, role, password, grids, unit_code, enterprise_code, display_name, certificate_number):
    """Create a user with a role (and a unit and grids, or an enterprise)."""
    try:
        user = create_user(username, role, password, display_name=display_name,
                           grid_codes=grids, enterprise_code=enterprise_code, unit_code=unit_code,
                           certificate_number=certificate_number)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.username}.")
