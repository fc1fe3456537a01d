"""Every feature's blueprint, registered in one place."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    from safety.api_docs.views import bp as api_docs_bp
    from safety.audit.views import bp as audit_bp
    from safety.auth.views import bp as auth_bp
    from safety.campaigns.api import bp as campaigns_api_bp
    from safety.campaigns.draw_views import bp as campaign_draws_bp
    from safety.campaigns.report_views import bp as campaign_reports_bp
    from safety.campaigns.views import bp as campaigns_bp
    from safety.campaigns.workload_views import bp as campaign_workload_bp
    from safety.checklists.views import bp as checklists_bp
    from safety.documents.api import bp as documents_api_bp
    from safety.documents.views import bp as documents_bp
    from safety.enterprises.sector_views import bp as sectors_bp
    from safety.enterprises.views import bp as enterprises_bp
    from safety.field.views import bp as field_bp
    from safety.hazards.api import bp as hazards_api_bp
    from safety.hazards.views import bp as hazards_bp
    from safety.home.views import bp as home_bp
    from safety.inspections.views import bp as inspections_bp
    from safety.office.views import bp as office_bp
    from safety.measures.views import bp as measures_bp
    from safety.photos.views import bp as photos_bp
    from safety.reports.views import bp as reports_bp
    from safety.referrals.views import bp as referrals_bp
    from safety.review.views import bp as review_bp
    from safety.sync.views import bp as sync_bp
    from safety.units.views import bp as units_bp
    from safety.users.views import bp as users_bp

    for blueprint in (home_bp, auth_bp, users_bp, sync_bp, enterprises_bp, photos_bp, checklists_bp, field_bp,
                      inspections_bp, hazards_api_bp, hazards_bp, reports_bp, documents_bp, review_bp, api_docs_bp,
                      audit_bp, campaigns_api_bp, campaigns_bp, campaign_draws_bp,
                      campaign_reports_bp, campaign_workload_bp, sectors_bp, measures_bp, units_bp, referrals_bp, office_bp,
                      documents_api_bp):
        app.register_blueprint(blueprint)
