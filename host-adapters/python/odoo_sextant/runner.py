"""What the addon does with a workspace, without Odoo: a sync, a push when a tracker is there,
and the dashboard page. The Odoo model calls this; so do the tests."""
from sextant import InvalidInput, Sextant, SextantError


def sync_and_push(config_path, plan_path=None, today=None):
    """Runs one round; returns {"status", "message", "dashboard"} and never raises for a
    failure of the shop, the tracker or the files (it is reported in "status" and "message")."""
    options = {}
    if plan_path:
        options["plan"] = plan_path
    if today:
        options["today"] = today
    try:
        with Sextant(config_path, **options) as workspace:
            sync = workspace.sync()
            orders = sum(s["orders"] for s in sync["sources"])
            message = "%d orders read" % orders
            try:
                changes = workspace.push()["changes"]
                message += "; %d tasks pushed" % len(changes)
            except InvalidInput as no_tracker:
                message += "; no push (%s)" % no_tracker
            return {"status": "ok", "message": message, "dashboard": workspace.dashboard()}
    except SextantError as e:
        return {"status": "failed", "message": str(e), "dashboard": None}
