"""The command line of the contract: ``flask --app app <command>``."""
import click
from flask import Flask
from flask.cli import with_appcontext


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database schema by applying the migrations."""
    from flask_migrate import upgrade
    upgrade()
    click.echo("Database is at the latest schema.")


def register_commands(app: Flask) -> None:
    from safety.checklists.cli import install_checklists_command
    from safety.demo.cli import seed_demo_command
    from safety.enterprises.cli import check_public_url_command, import_enterprises_command
    from safety.evidence.cli import seal_evidence_command, verify_evidence_command
    from safety.units.cli import create_unit_command
    from safety.users.cli import create_user_command

    for command in (init_db_command, create_user_command, import_enterprises_command, seed_demo_command,
                    install_checklists_command, check_public_url_command, verify_evidence_command,
                    seal_evidence_command, create_unit_command):
        app.cli.add_command(command)

    from safety.backup.cli import backup_commands
    app.cli.add_command(backup_commands)
