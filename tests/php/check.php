<?php
/** The smallest test harness: check() records a failure, finish() reports and sets the exit code. */
declare(strict_types=1);

$GLOBALS['sextant_failures'] = 0;
$GLOBALS['sextant_checks'] = 0;

function check(bool $ok, string $what): void
{
    $GLOBALS['sextant_checks']++;
    if (!$ok) {
        $GLOBALS['sextant_failures']++;
        fwrite(STDERR, "FAIL: $what\n");
    }
}

function finish(): void
{
    printf("%d checks, %d failed\n", $GLOBALS['sextant_checks'], $GLOBALS['sextant_failures']);
    exit($GLOBALS['sextant_failures'] === 0 ? 0 : 1);
}
