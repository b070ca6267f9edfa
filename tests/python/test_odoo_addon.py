"""The Odoo addon's parts that need no Odoo (python3 -m unittest): the round the scheduled action
runs, on the demo workspace; the manifest; the XML data files, parsed, naming only what the model
defines. What this does not cover: the addon installed in a running Odoo (its ORM, its views)."""
import ast
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(__file__)
PYTHON_ADAPTER = os.path.join(HERE, "..", "..", "host-adapters", "python")
ADDON = os.path.join(PYTHON_ADAPTER, "odoo_sextant")
sys.path.insert(0, PYTHON_ADAPTER)

# The runner alone: importing the addon's package would import Odoo's models.
_spec = importlib.util.spec_from_file_location("odoo_sextant_runner", os.path.join(ADDON, "runner.py"))
_runner = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_runner)
sync_and_push = _runner.sync_and_push

PROGRAM = os.environ["SEXTANT_PROGRAM"]


class RunnerTest(unittest.TestCase):
    def test_a_round_on_the_demo_workspace(self):
        with tempfile.TemporaryDirectory() as work:
            subprocess.run([PROGRAM, "--today", "2026-11-26", "-q", "demo", "--dir", os.path.join(work, "demo")],
                           check=True, capture_output=True)
            result = sync_and_push(os.path.join(work, "demo", "sextant.json"), today="2026-11-26")
        self.assertEqual(result["status"], "ok", result["message"])
        self.assertRegex(result["message"], r"^\d+ orders read; 16 tasks pushed$")
        self.assertIn("<svg", result["dashboard"])

    def test_a_missing_config_is_reported_not_raised(self):
        result = sync_and_push("/nonexistent/sextant.json")
        self.assertEqual(result["status"], "failed")
        self.assertIn("/nonexistent/sextant.json", result["message"])
        self.assertIsNone(result["dashboard"])


class AddonFilesTest(unittest.TestCase):
    def test_the_manifest_lists_files_that_exist(self):
        manifest = ast.literal_eval(open(os.path.join(ADDON, "__manifest__.py")).read())
        for key in ("name", "version", "depends", "data", "license"):
            self.assertIn(key, manifest)
        for data in manifest["data"]:
            self.assertTrue(os.path.isfile(os.path.join(ADDON, data)), data)

    def test_the_xml_names_only_what_the_model_defines(self):
        model = open(os.path.join(ADDON, "models", "sextant_workspace.py")).read()
        tree = ast.parse(model)
        cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))
        methods = {f.name for f in cls.body if isinstance(f, ast.FunctionDef)}
        fields = {t.id for a in cls.body if isinstance(a, ast.Assign) for t in a.targets if isinstance(t, ast.Name)}
        views = ET.parse(os.path.join(ADDON, "views", "sextant_workspace_views.xml")).getroot()
        for arch in views.iter("form"):
            for f in arch.iter("field"):
                self.assertIn(f.get("name"), fields)
            for b in arch.iter("button"):
                self.assertIn(b.get("name"), methods)
        cron = ET.parse(os.path.join(ADDON, "data", "cron.xml")).getroot()
        code = next(f.text for f in cron.iter("field") if f.get("name") == "code")
        self.assertEqual(code, "model._cron_sync_and_push()")
        self.assertIn("_cron_sync_and_push", methods)


if __name__ == "__main__":
    unittest.main()
