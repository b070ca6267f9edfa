<?php
/**
 * Plugin Name: Sextant
 * Description: The shop's year plan in seven steps, with live metrics from WooCommerce, the action plan in the team's tracker, and the steering dashboard in the admin.
 * Version: 0.1.0
 * Requires PHP: 8.1
 * License: MIT
 *
 * Settings > Sextant holds where the plan and the config are; the Sextant page (under WooCommerce,
 * or the Dashboard) shows the steering dashboard; WP-Cron syncs and pushes every hour. The work
 * is done by libsextant through PHP's FFI (ffi.enable must allow it for the web server's PHP).
 */
declare(strict_types=1);

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/includes/bridge.php';
require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/admin-page.php';
require_once __DIR__ . '/includes/cron.php';

register_activation_hook(__FILE__, 'sextant_schedule_cron');
register_deactivation_hook(__FILE__, 'sextant_unschedule_cron');
add_action('admin_init', 'sextant_register_settings');
add_action('admin_menu', 'sextant_admin_menu');
add_action('admin_post_sextant_run_now', 'sextant_handle_run_now');
add_action(SEXTANT_CRON_HOOK, 'sextant_cron_run');
