"""``verify-evidence [--enterprise CODE] [--since DATE]`` and ``seal-evidence [--day DATE]``."""
from datetime import timedelta

import click
from flask.cli import with_appcontext

from safety.extensions import db


@click.command("verify-evidence")
@click.option("--enterprise", "enterprise_code", help="Only this enterprise's hazards, photos, days and documents.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only hazards with events, photos, sealed days and documents from this office day (YYYY-MM-DD).")
@with_appcontext
def verify_evidence_command(enterprise_code, since):
    """Recompute every hazard's event chain, every photo original, every sealed day and document.

    Exit status 0 when all is intact; 1 naming each break, one a line.
    """
    from safety.evidence.verify import verify_evidence

    try:
        report = verify_evidence(enterprise_code, since.date() if since else None)
    except LookupError:
        raise click.UsageError(f"No enterprise with the code {enterprise_code}.")
    finally:
        db.session.rollback()
    checked = (f"{report.hazards} hazards, {report.events} events, {report.photos} photos, "
               f"{report.digests} sealed days, {report.documents} documents")
    if report.intact:
        click.echo(f"Evidence intact: {checked}.")
        return
    for found in report.breaks:
        click.echo(str(found), err=True)
    click.echo(f"Evidence NOT intact: {len(report.breaks)} breaks in {checked}.", err=True)
    raise SystemExit(1)


@click.command("seal-evidence")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The office day to seal (YYYY-MM-DD); yesterday when not given.")
@with_appcontext
def seal_evidence_command(day):
    """Write the daily digest of a day for every enterprise with hazard events or documents that day (to its
    own table and the audit log). Run it each night; a day already sealed for an enterprise stays as it is."""
    from safety.common.office_time import office_today
    from safety.evidence.digests import seal_day

    chosen = day.date() if day else office_today() - timedelta(days=1)
    sealed = seal_day(chosen)
    db.session.commit()
    for digest in sealed:
        click.echo(f"{chosen.isoformat()} enterprise {digest.enterprise_id}: {digest.digest} "
                   f"({digest.hazard_count} hazards, {digest.event_count} events, {digest.document_count} documents)")
    click.echo(f"Sealed {chosen.isoformat()}: {len(sealed)} enterprises.")
