"""A Sextant workspace as an Odoo record: where its config and plan are, what the last round did,
and the dashboard it drew. A scheduled action runs every active workspace."""
from odoo import api, fields, models

from ..runner import sync_and_push


class SextantWorkspace(models.Model):
    _name = "sextant.workspace"
    _description = "Sextant workspace"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    config_path = fields.Char(string="Config (sextant.json)", required=True,
                              help="An absolute path the Odoo server's user can read.")
    plan_path = fields.Char(string="Plan (plan.json)", help="Instead of the config's plan.")
    last_run = fields.Datetime(readonly=True)
    last_status = fields.Selection([("ok", "OK"), ("failed", "Failed")], readonly=True)
    last_message = fields.Text(readonly=True)
    # The page is Sextant's own self-contained document: shown as it is, not sanitized into pieces.
    dashboard_html = fields.Html(string="Dashboard", readonly=True, sanitize=False)

    def action_sync_and_push(self):
        for workspace in self:
            result = sync_and_push(workspace.config_path, workspace.plan_path or None)
            values = {"last_run": fields.Datetime.now(), "last_status": result["status"],
                      "last_message": result["message"]}
            if result["dashboard"]:
                values["dashboard_html"] = result["dashboard"]
            workspace.write(values)
        return True

    @api.model
    def _cron_sync_and_push(self):
        self.search([("active", "=", True)]).action_sync_and_push()
