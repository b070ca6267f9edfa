# The Sextant addon: the year plan's steering dashboard in Odoo, synced and pushed on a schedule by
# libsextant through the `sextant` Python package (host-adapters/python).
{
    "name": "Sextant",
    "summary": "The shop's year plan: live metrics, the action plan in the team's tracker, the steering dashboard",
    "version": "17.0.0.1.0",
    "category": "Sales",
    "license": "LGPL-3",
    "depends": ["base"],
    "external_dependencies": {"python": ["sextant"]},
    "data": [
        "security/ir.model.access.csv",
        "views/sextant_workspace_views.xml",
        "data/cron.xml",
    ],
    "installable": True,
    "application": True,
}
