"""The Python bridge on the demo workspace (python3 -m unittest): open, sync, and a report
byte-identical to `sextant report --format json`; typed exceptions with the library's message;
the context manager. Needs SEXTANT_PROGRAM and SEXTANT_LIBRARY in the environment."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "host-adapters", "python"))

import sextant  # noqa: E402

TODAY = "2026-11-26"
PROGRAM = os.environ["SEXTANT_PROGRAM"]


def make_demo(folder):
    subprocess.run([PROGRAM, "--today", TODAY, "-q", "demo", "--dir", os.path.join(folder, "demo")], check=True,
                   capture_output=True)
    return os.path.join(folder, "demo", "sextant.json")


class BridgeTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.config = make_demo(self.work.name)

    def tearDown(self):
        self.work.cleanup()

    def cli_report(self, *extra):
        return subprocess.run([PROGRAM, "--config", self.config, "--today", TODAY, "--format", "json", "report", *extra],
                              check=True, capture_output=True, text=True).stdout

    def test_sync_then_a_report_identical_to_the_cli(self):
        with sextant.Sextant(self.config, today=TODAY) as s:
            sync = s.sync()
            self.assertEqual([src["status"] for src in sync["sources"]], ["ok"])
            report = s.report()
            self.assertEqual(report, self.cli_report())
            self.assertEqual(s.report(5), self.cli_report("--step", "5"))
            self.assertIn("<svg", s.dashboard())
        with self.assertRaises(ValueError):
            s.report()

    def test_a_bad_config_is_an_exception_with_the_message(self):
        with self.assertRaises(sextant.InvalidInput) as caught:
            sextant.Sextant('{"plan": "plan.json", "sources": [{"plugin": "nosuch"}]}',
                            base_dir=os.path.dirname(self.config))
        self.assertEqual(caught.exception.code, -1)
        self.assertIn("nosuch", str(caught.exception))
        with self.assertRaises(sextant.InvalidInput) as caught:
            sextant.Sextant(self.config, today="yesterday")
        self.assertIn("yesterday", str(caught.exception))

    def test_a_failing_plugin_is_an_exception_with_the_message(self):
        demo = os.path.dirname(self.config)
        failing = {"plan": os.path.join(demo, "plan.json"), "ledger": os.path.join(self.work.name, "failing.db"),
                   "sources": [{"name": "shop", "plugin": "demo"}],
                   "tracker": {"plugin": "local", "settings": {"board": "/nonexistent/folder/board.md"}}}
        with sextant.Sextant(json.dumps(failing), today=TODAY, base_dir=self.work.name) as s:
            with self.assertRaises(sextant.SextantError) as caught:
                s.push()
        self.assertTrue(str(caught.exception))

    def test_validate_and_plugins(self):
        self.assertEqual(sextant.validate(self.config, today=TODAY), [])
        names = {(p["kind"], p["name"]) for p in sextant.plugins()}
        self.assertIn(("source", "demo"), names)
        self.assertIn(("tracker", "redmine"), names)


if __name__ == "__main__":
    unittest.main()
