"""``seed-demo [--if-empty]``."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from safety.common.errors import DomainError
from safety.extensions import db
from safety.users.models import User


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@with_appcontext
def seed_demo_command(if_empty: bool):
    """Fill an empty database with a demo park: grids, enterprises, users of every role, checklists."""
    # Imported here: the demo data and the checklist library need not load with every app start.
    from safety.demo.seed import demo_accounts, seed_demo

    if db.session.scalar(select(User.id).limit(1)) is not None:
        if if_empty:
            click.echo("The database already has users; the demo data was not added.")
            return
        raise click.ClickException("The database already has users. seed-demo only fills an empty database "
                                   "(use --if-empty to skip quietly).")
    try:
        park = seed_demo()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    click.echo(f"Demo district created: {len(park.grids)} grids, {len(park.enterprises)} enterprises, "
               f"{len(park.users)} users, {len(park.templates)} checklist templates, "
               f"{len(park.inspections)} inspections.")
    click.echo("")
    click.echo("Open http://127.0.0.1:5000 (make run) or https://<this machine>:5443 (make run-lan) "
               "and sign in with a demo account:")
    click.echo("")
    rows = [("Role", "Username", "Password")] + demo_accounts()
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for index, row in enumerate(rows):
        click.echo("  " + "  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
        if index == 0:
            click.echo("  " + "  ".join("-" * width for width in widths))
