#!/usr/bin/env python3
"""Checks Sextant's JSON Schemas with a real JSON Schema validator (python3-jsonschema, Draft
2020-12): every schema is valid; every example, fixture and plugin sample validates; the bad
inputs marked `schema_rejects` are refused by the schema alone; every JSON document the program
writes (metrics, report, validate, plugins, sync, push, task list, the daemon's /health) validates
against its schema."""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import jsonschema

ARGS = None
TOKEN = "schema-test-token-7f3a9c1e5b2d8f4a6c0e"  # passes serve's strength rule (32+ characters)


def strip_jsonc(text):
    """JSON with comments and trailing commas → plain JSON (strings left untouched)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        else:
            out.append(c)
            i += 1
    plain = "".join(out)
    # Trailing commas: a comma followed only by white space before } or ].
    result, i = [], 0
    in_string = False
    while i < len(plain):
        c = plain[i]
        if in_string:
            result.append(c)
            if c == "\\":
                result.append(plain[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            result.append(c)
        elif c == ",":
            j = i + 1
            while j < len(plain) and plain[j] in " \t\r\n":
                j += 1
            if j < len(plain) and plain[j] in "}]":
                i += 1
                continue
            result.append(c)
        else:
            result.append(c)
        i += 1
    return json.loads("".join(result))


def load(path):
    return strip_jsonc(pathlib.Path(path).read_text(encoding="utf-8"))


def validator(name):
    schema = load(ARGS.source / "schemas" / name)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


class Schemas(unittest.TestCase):
    def test_every_schema_is_valid_and_documented(self):
        for path in sorted((ARGS.source / "schemas").glob("*.json")) + sorted(
                (ARGS.source / "plugins").glob("*/config.schema.json")):
            with self.subTest(schema=str(path)):
                schema = load(path)
                jsonschema.Draft202012Validator.check_schema(schema)
                self.assertIn("description", schema)

    def test_every_plan_field_has_a_description(self):
        def walk(node, where):
            if isinstance(node, dict):
                for key, child in node.get("properties", {}).items():
                    self.assertTrue("description" in child or "$ref" in child, f"{where}/{key} has no description")
                for key, child in node.items():
                    if key not in ("allOf", "anyOf", "oneOf", "if", "then", "else", "contains", "not"):
                        walk(child, f"{where}/{key}")
            elif isinstance(node, list):
                for i, child in enumerate(node):
                    walk(child, f"{where}/{i}")
        for path in sorted((ARGS.source / "schemas").glob("*.json")):
            name = path.name
            walk(load(ARGS.source / "schemas" / name), name)

    def test_examples_and_fixtures_validate(self):
        cases = [("plan.schema.json", "examples/plan.json"), ("config.schema.json", "examples/sextant.json"),
                 ("plan.schema.json", "tests/data/valid/plan.json"),
                 ("plan.schema.json", "examples/worked/plan.json"),
                 ("config.schema.json", "examples/worked/sextant.json"),
                 ("shop-file.schema.json", "examples/worked/shop.json"),
                 ("config.schema.json", "tests/data/valid/sextant.json")]
        for schema, document in cases:
            with self.subTest(document=document):
                validator(schema).validate(load(ARGS.source / document))

    def test_plugin_samples_validate_against_their_schemas(self):
        for folder in sorted((ARGS.source / "plugins").iterdir()):
            if not (folder / "config.schema.json").exists():
                continue
            with self.subTest(plugin=folder.name):
                schema = load(folder / "config.schema.json")
                jsonschema.Draft202012Validator(schema).validate(load(folder / "sample.config.json"))

    def test_the_schemas_refuse_exactly_the_bad_inputs_marked_schema_rejects(self):
        """Both ways: a case marked schema_rejects is refused by the schema (and, in
        tests/cli/bad_input_test.cpp, by the reader); a case not marked is one the schema accepts,
        a check only the reader makes. A rule added to one side only fails here."""
        cases = load(ARGS.source / "tests/data/bad_inputs.json")["cases"]
        refused = accepted = 0
        for case in cases:
            with self.subTest(case=case["name"]):
                if "schema_skip" in case:  # not JSON, not a file: nothing the schema can judge
                    self.assertFalse(case["schema_rejects"])
                    continue
                self.assertNotIn("make", case)
                text = (ARGS.source / "tests/data/valid" / case["file"]).read_text(encoding="utf-8")
                to = case["to"]
                if "repeat" in case:
                    to = to.replace("<repeat>", case["repeat"]["text"] * case["repeat"]["times"])
                if case.get("whole_file"):
                    text = to
                else:
                    self.assertIn(case["from"], text)
                    text = text.replace(case["from"], to, 1)
                broken = strip_jsonc(text)
                schema = "plan.schema.json" if case["file"] == "plan.json" else "config.schema.json"
                errors = list(validator(schema).iter_errors(broken))
                if case["schema_rejects"]:
                    self.assertTrue(errors, f"the schema accepts the bad input {case['name']}")
                    refused += 1
                else:
                    self.assertFalse(errors, f"the schema refuses {case['name']}, not marked schema_rejects: "
                                             f"{[e.message for e in errors]}")
                    accepted += 1
        self.assertGreaterEqual(refused, 30)

    def test_metrics_output_validates(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("plan.json", "sextant.json"):
                shutil.copy(ARGS.source / "tests/data/valid" / name, tmp)
            base = [str(ARGS.program), "--config", str(pathlib.Path(tmp) / "sextant.json"), "--today", "2025-02-01"]
            subprocess.run(base + ["-q", "sync"], check=True)
            # From before the demo shop opened (2025-01-01): those days' sessions are unknown (null).
            out = subprocess.run(base + ["metrics", "--from", "2024-12-25", "--to", "2025-01-31", "--format", "json"],
                                 check=True, capture_output=True, text=True).stdout
            document = json.loads(out)
            validator("metrics.schema.json").validate(document)
            self.assertEqual(len(document["days"]), 38)
            self.assertIsNone(document["days"][0]["sessions"])
            self.assertIsNone(document["totals"]["sessions"])
            self.assertIsInstance(document["days"][7]["sessions"], int)


    def workspace(self, tmp):
        """The demo shop and the local board, in `tmp`; returns the program's leading arguments."""
        for name in ("plan.json", "sextant.json"):
            shutil.copy(ARGS.source / "tests/data/valid" / name, tmp)
        return [str(ARGS.program), "--config", str(pathlib.Path(tmp) / "sextant.json"), "--today", "2025-02-01"]

    def json_of(self, args, expected_code=0):
        done = subprocess.run(args + ["--format", "json"], capture_output=True, text=True)
        self.assertEqual(done.returncode, expected_code, done.stderr)
        return json.loads(done.stdout)

    def test_validate_output_validates(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = self.workspace(tmp)
            document = self.json_of(base + ["validate"])
            validator("validation.schema.json").validate(document)
            self.assertEqual(document, {"valid": True, "problems": []})
            plan = pathlib.Path(tmp) / "plan.json"
            plan.write_text(plan.read_text(encoding="utf-8").replace('"quadrant": "attack/sell"', '"quadrant": "attack/sale"', 1),
                            encoding="utf-8")
            document = self.json_of(base + ["validate"], expected_code=2)
            validator("validation.schema.json").validate(document)
            self.assertFalse(document["valid"])
            self.assertEqual([p["pointer"] for p in document["problems"]][:1], ["/priorities/0/quadrant"])

    def test_plugins_output_validates(self):
        document = self.json_of([str(ARGS.program), "plugins"])
        validator("plugins.schema.json").validate(document)
        built = sorted(folder.name for folder in (ARGS.source / "plugins").iterdir() if folder.is_dir())
        listed = sorted(f"{p['kind']}-{p['name']}" for p in document["plugins"] if p["status"] == "ok")
        self.assertEqual(listed, built)
        by_name = {p["name"]: p["manifest"] for p in document["plugins"]}
        # The manifests are the plugin folders' own files, word for word.
        for folder in (ARGS.source / "plugins").iterdir():
            if folder.is_dir():
                manifest = by_name[folder.name.split("-", 1)[1]]
                self.assertEqual(manifest["config_schema"], load(folder / "config.schema.json"), folder.name)
                self.assertEqual(manifest["sample_config"], load(folder / "sample.config.json"), folder.name)
        self.assertIn("/consumer_secret", by_name["woocommerce"]["secret_fields"])
        self.assertEqual(by_name["local"]["counted_statuses"], [])

    def test_sync_push_and_task_outputs_validate(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = self.workspace(tmp)
            document = self.json_of(base + ["sync"])
            validator("sync.schema.json").validate(document)
            self.assertEqual([(s["source"], s["status"]) for s in document["sources"]], [("shop", "ok")])
            plan = load(pathlib.Path(tmp) / "plan.json")
            tasks = len(plan["priorities"]) + len(plan["actions"])
            for dry_run in (["--dry-run"], []):
                document = self.json_of(base + ["push"] + dry_run)
                validator("push.schema.json").validate(document)
                self.assertEqual(document["dry_run"], bool(dry_run))
                self.assertEqual([c["change"] for c in document["changes"]], ["create"] * tasks)
            document = self.json_of(base + ["task", "list"])
            validator("tasks.schema.json").validate(document)
            self.assertEqual(len(document), tasks)

    def test_health_validates(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = self.workspace(tmp)
            config = load(pathlib.Path(tmp) / "sextant.json")
            config["serve"] = {"token": {"env": "SEXTANT_TOKEN"}}
            (pathlib.Path(tmp) / "sextant.json").write_text(json.dumps(config), encoding="utf-8")
            log = pathlib.Path(tmp) / "serve.log"
            with open(log, "w", encoding="utf-8") as err:
                daemon = subprocess.Popen(base + ["serve", "--listen", "127.0.0.1:0", "--sync-every", "3600",
                                                  "--push-every", "0"], stdout=subprocess.DEVNULL, stderr=err,
                                          env=dict(os.environ, SEXTANT_TOKEN=TOKEN))
            try:
                deadline = time.monotonic() + 30
                port = None
                while port is None and time.monotonic() < deadline:
                    found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", log.read_text(encoding="utf-8"))
                    port = int(found.group(1)) if found else time.sleep(0.1)
                self.assertIsNotNone(port, log.read_text(encoding="utf-8"))
                health = None
                with_token = urllib.request.Request(f"http://127.0.0.1:{port}/health",
                                                    headers={"Authorization": "Bearer " + TOKEN})
                while time.monotonic() < deadline:  # the first sync starts at once
                    with urllib.request.urlopen(with_token, timeout=5) as answer:
                        health = json.load(answer)
                    validator("health.schema.json").validate(health)
                    if health["sync"]["count"] > 0:
                        break
                    time.sleep(0.1)
                self.assertEqual((health["sync"]["count"], health["sync"]["status"]), (1, "ok"))
                self.assertEqual(health["push"]["count"], 0)
                # Without the token: the times only, in the other shape of the same schema.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
                    public = json.load(answer)
                validator("health.schema.json").validate(public)
                self.assertEqual(public, {"status": "ok", "sync": {"at": health["sync"]["at"]}, "push": {"at": ""}})
            finally:
                daemon.terminate()
                daemon.wait(timeout=30)

    def test_report_output_validates(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("plan.json", "sextant.json", "shop.json"):
                shutil.copy(ARGS.source / "examples/worked" / name, tmp)
            base = [str(ARGS.program), "--config", str(pathlib.Path(tmp) / "sextant.json"), "--today", "2026-04-01"]
            subprocess.run(base + ["-q", "sync"], check=True)
            for step in ([], ["--step", "5"]):
                out = subprocess.run(base + ["--format", "json", "report"] + step, check=True, capture_output=True,
                                     text=True).stdout
                validator("report.schema.json").validate(json.loads(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=pathlib.Path, required=True)
    parser.add_argument("--program", type=pathlib.Path, required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
