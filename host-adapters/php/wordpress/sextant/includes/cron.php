<?php
/** WP-Cron: every hour, sync the shop's metrics and push the action plan. */
declare(strict_types=1);

const SEXTANT_CRON_HOOK = 'sextant_sync_and_push';

function sextant_schedule_cron(): void
{
    if (!wp_next_scheduled(SEXTANT_CRON_HOOK)) {
        wp_schedule_event(time() + 60, 'hourly', SEXTANT_CRON_HOOK);
    }
}

function sextant_unschedule_cron(): void
{
    wp_clear_scheduled_hook(SEXTANT_CRON_HOOK);
}

/** One run: sync, then push when a tracker is configured. Returns what happened. */
function sextant_cron_run(): array
{
    $error = null;
    $workspace = sextant_open_workspace($error);
    if ($workspace === null) {
        error_log('Sextant: ' . $error);
        return ['status' => 'failed', 'message' => (string) $error];
    }
    try {
        $sync = $workspace->sync();
        $push = $workspace->push();
        return ['status' => 'ok', 'sources' => $sync['sources'], 'changes' => count($push['changes'])];
    } catch (Sextant\SextantException $e) {
        // A workspace without a tracker refuses to push: the sync still counts.
        if ($e->getCode() === -1 && isset($sync)) {
            return ['status' => 'ok', 'sources' => $sync['sources'], 'changes' => 0];
        }
        error_log('Sextant: ' . $e->getMessage());
        return ['status' => 'failed', 'message' => $e->getMessage()];
    } finally {
        $workspace->close();
    }
}
