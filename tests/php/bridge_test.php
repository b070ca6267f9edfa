<?php
/**
 * The PHP bridge on the demo workspace, with php-cli: open, sync, and a report byte-identical to
 * `sextant report --format json`; a bad config and a failing plugin as exceptions with the
 * library's message; the dashboard page.
 *   php -d ffi.enable=1 bridge_test.php SEXTANT_PROGRAM LIBSEXTANT FFI_HEADER WORK_DIR
 */
declare(strict_types=1);

require __DIR__ . '/../../host-adapters/php/src/Sextant.php';
require __DIR__ . '/check.php';

use Sextant\Sextant;
use Sextant\SextantException;

[$_, $program, $library, $header, $work] = $argv;
const TODAY = '2026-11-26';
Sextant::load($library, $header);

exec(escapeshellarg($program) . ' --today ' . TODAY . ' -q demo --dir ' . escapeshellarg("$work/demo") . ' 2>&1', $out, $rc);
check($rc === 0, 'sextant demo: ' . implode("\n", $out));
$config = "$work/demo/sextant.json";

$s = Sextant::open($config, ['today' => TODAY]);
$sync = $s->sync();
check(count($sync['sources']) === 1 && $sync['sources'][0]['status'] === 'ok', 'sync: ' . json_encode($sync));
$report = $s->report();
$cli = shell_exec(escapeshellarg($program) . ' --config ' . escapeshellarg($config) . ' --today ' . TODAY . ' --format json report');
check($report === $cli, 'the report is byte-identical to the CLI\'s');
check(str_contains($s->report(7), '"dashboard"'), 'one step');
check(str_contains($s->dashboard(), '<svg'), 'the dashboard page');
$s->close();
$s->close();  // twice is fine
try {
    $s->report();
    check(false, 'a closed workspace refuses');
} catch (SextantException $e) {
    check(str_contains($e->getMessage(), 'closed'), 'a closed workspace says so');
}

// A config naming a plugin that does not exist: an exception with the library's message.
try {
    Sextant::open('{"plan": "plan.json", "sources": [{"plugin": "nosuch"}]}', ['base_dir' => "$work/demo"]);
    check(false, 'a bad config throws');
} catch (SextantException $e) {
    check($e->getCode() === -1, 'bad input is code -1, got ' . $e->getCode());
    check(str_contains($e->getMessage(), 'nosuch'), 'the message names the plugin: ' . $e->getMessage());
}
// A plugin that fails at work: the demo source's settings are fine, the tracker's board folder is not.
$failing = ['plan' => "$work/demo/plan.json", 'ledger' => "$work/failing.db",
            'sources' => [['name' => 'shop', 'plugin' => 'demo']],
            'tracker' => ['plugin' => 'local', 'settings' => ['board' => '/nonexistent/folder/board.md']]];
$f = Sextant::open(json_encode($failing, JSON_UNESCAPED_SLASHES), ['today' => TODAY, 'base_dir' => $work]);
try {
    $f->push();
    check(false, 'a failing plugin throws');
} catch (SextantException $e) {
    check($e->getMessage() !== '', 'with its message: ' . $e->getMessage());
}
$f->close();
check(Sextant::validate($config, ['today' => TODAY]) === [], 'a valid config has no problem');
finish();
