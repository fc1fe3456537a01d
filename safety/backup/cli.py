"""``backup create FOLDER``, ``backup verify FOLDER`` and ``backup restore FOLDER [--force]``."""
import click
from flask.cli import AppGroup

from safety.backup.database import BackupError

backup_commands = AppGroup("backup", help="Back up the database and photos, check a backup, restore one.")


@backup_commands.command("create")
@click.argument("folder", type=click.Path(file_okay=False))
def create_command(folder: str):
    """Write a backup of the database and the photo originals into FOLDER (new or empty)."""
    from safety.backup.operations import create_backup

    manifest = _refusing_on_error(create_backup, folder)
    click.echo(f"Backup written to {folder}: {_summary(manifest)}.")


@backup_commands.command("verify")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
def verify_command(folder: str):
    """Check every file of the backup in FOLDER against the SHA-256 in its manifest."""
    from safety.backup.operations import verify_backup

    manifest = _refusing_on_error(verify_backup, folder)
    click.echo(f"Backup in {folder} is whole: {_summary(manifest)}.")


@backup_commands.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace what the target database holds instead of refusing.")
def restore_command(folder: str, force: bool):
    """Restore the backup in FOLDER into this instance's database and photo store (empty unless --force)."""
    from safety.backup.operations import restore_backup, schema_is_current

    manifest = _refusing_on_error(restore_backup, folder, force=force)
    click.echo(f"Restored the backup of {manifest['created_at']}: {_summary(manifest)}.")
    if not schema_is_current(manifest):
        click.echo("The backup was made by an earlier version: run init-db to bring its schema up to this one.")


def _refusing_on_error(operation, *args, **kwargs) -> dict:
    """Run a backup operation; a BackupError ends the command with its message and a non-zero exit."""
    try:
        return operation(*args, **kwargs)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None


def _summary(manifest: dict) -> str:
    counts = manifest["counts"]
    return (f"{manifest['database']['dialect']} database at schema {manifest['database']['revision']}, "
            f"{counts.get('inspections', 0)} inspections, {counts.get('hazards', 0)} hazards, "
            f"{counts.get('photos', 0)} photos, {len(manifest['photos'])} photo files")
