<?php
/**
 * The WordPress plugin's PHP, with php-cli and the WordPress functions it calls stubbed here
 * (recording what it asks WordPress to do): its hooks, capability checks, nonces, path checks,
 * the cron run on the demo workspace, and the dashboard page. What this does not cover: a real
 * WordPress (its options table, its admin screens, WP-Cron's own triggering).
 *   php -d ffi.enable=1 wordpress_test.php SEXTANT_PROGRAM LIBSEXTANT FFI_HEADER WORK_DIR
 */
declare(strict_types=1);

require __DIR__ . '/check.php';
require __DIR__ . '/../../host-adapters/php/src/Sextant.php';

[$_, $program, $library, $header, $work] = $argv;
Sextant\Sextant::load($library, $header);

// -- WordPress, as far as the plugin uses it ------------------------------------------------------
define('ABSPATH', '/tmp/');
define('HOUR_IN_SECONDS', 3600);
final class WpDie extends Exception {}
final class Redirected extends Exception {}
$wp = ['actions' => [], 'settings' => [], 'errors' => [], 'options' => [], 'caps' => [], 'events' => [],
       'activation' => null, 'deactivation' => null, 'menus' => [], 'transients' => []];
function register_activation_hook($file, $f) { $GLOBALS['wp']['activation'] = $f; }
function register_deactivation_hook($file, $f) { $GLOBALS['wp']['deactivation'] = $f; }
function add_action($hook, $f) { $GLOBALS['wp']['actions'][$hook] = $f; }
function register_setting($group, $name, $args) { $GLOBALS['wp']['settings'][$name] = $args; }
function add_settings_error($setting, $code, $message) { $GLOBALS['wp']['errors'][] = $code; }
function get_option($name, $default = false) { return $GLOBALS['wp']['options'][$name] ?? $default; }
function current_user_can($cap) { return in_array($cap, $GLOBALS['wp']['caps'], true); }
function wp_die($message, $status = 500) { throw new WpDie((string) $message, $status); }
function __($t, $d = null) { return $t; }
function esc_html__($t, $d = null) { return esc_html($t); }
function esc_attr__($t, $d = null) { return esc_attr($t); }
function esc_html($t) { return htmlspecialchars((string) $t, ENT_QUOTES); }
function esc_attr($t) { return htmlspecialchars((string) $t, ENT_QUOTES); }
function esc_url($t) { return htmlspecialchars((string) $t, ENT_QUOTES); }
function settings_errors() {}
function settings_fields($group) { echo '<input type="hidden" name="_wpnonce" value="nonce-of-' . $group . '">'; }
function submit_button(...$args) { echo '<button>Save</button>'; }
function admin_url($path = '') { return 'https://shop.example/wp-admin/' . $path; }
function wp_nonce_field($action) { echo '<input type="hidden" name="_wpnonce" value="nonce-of-' . $action . '">'; }
function check_admin_referer($action) {
    if (($_POST['_wpnonce'] ?? '') !== 'nonce-of-' . $action) {
        wp_die('The link you followed has expired.', 403);
    }
    return 1;
}
function wp_next_scheduled($hook) { return $GLOBALS['wp']['events'][$hook] ?? false; }
function wp_schedule_event($time, $recurrence, $hook) { $GLOBALS['wp']['events'][$hook] = $recurrence; return true; }
function wp_clear_scheduled_hook($hook) { unset($GLOBALS['wp']['events'][$hook]); }
function add_options_page(...$a) { $GLOBALS['wp']['menus'][] = $a[3]; }
function add_submenu_page(...$a) { $GLOBALS['wp']['menus'][] = $a[4]; }
function set_transient($k, $v, $t) { $GLOBALS['wp']['transients'][$k] = $v; }
function wp_safe_redirect($to) { throw new Redirected($to); }
function output_of(callable $f): string { ob_start(); try { $f(); } finally { $out = ob_get_clean(); } return $out; }
function dies_with(callable $f, int $status): bool {
    try { output_of($f); } catch (WpDie $e) { return $e->getCode() === $status; }
    return false;
}

// -- the plugin -----------------------------------------------------------------------------------
require __DIR__ . '/../../host-adapters/php/wordpress/sextant/sextant.php';

check(isset($wp['actions']['admin_init'], $wp['actions']['admin_menu'], $wp['actions']['admin_post_sextant_run_now'],
            $wp['actions']['sextant_sync_and_push']), 'its hooks are registered');
($wp['activation'])();
($wp['activation'])();
check($wp['events'] === ['sextant_sync_and_push' => 'hourly'], 'activation schedules one hourly event');
($wp['deactivation'])();
check($wp['events'] === [], 'deactivation removes it');

// Settings: absolute paths to readable files only.
sextant_register_settings();
exec(escapeshellarg($program) . ' --today 2026-11-26 -q demo --dir ' . escapeshellarg("$work/demo") . ' 2>&1', $out, $rc);
check($rc === 0, 'the demo workspace: ' . implode("\n", $out));
$config = "$work/demo/sextant.json";
$sanitize = $wp['settings']['sextant_config_path']['sanitize_callback'];
$wp['options']['sextant_config_path'] = '/kept/before.json';
check($sanitize('demo/sextant.json') === '/kept/before.json' && $wp['errors'] === ['sextant_config_path_invalid'],
      'a relative path is refused, the previous value kept');
check($sanitize("$work/demo") === '/kept/before.json', 'a folder is refused');
check($sanitize($config) === $config, 'a readable absolute path is taken');

// Capabilities and nonces.
$wp['caps'] = [];
check(dies_with('sextant_settings_page', 403), 'the settings page needs manage_options');
check(dies_with('sextant_dashboard_page', 403), 'the dashboard needs manage_woocommerce');
check(dies_with('sextant_handle_run_now', 403), 'running needs the capability');
$wp['caps'] = ['manage_options'];
check(str_contains(output_of('sextant_settings_page'), 'nonce-of-sextant'), 'the settings form carries its nonce');
$_POST = [];
check(dies_with('sextant_handle_run_now', 403), 'running without the nonce is refused');

// The cron run and the dashboard, on the demo workspace.
$wp['options']['sextant_config_path'] = $config;
$result = sextant_cron_run();
check($result['status'] === 'ok' && $result['sources'][0]['status'] === 'ok', 'the cron run syncs: ' . json_encode($result));
check($result['changes'] === 16, 'and pushes the 16 tasks of the demo plan: ' . json_encode($result));
$page = output_of('sextant_dashboard_page');
check(str_contains($page, '<iframe') && str_contains($page, 'sandbox') && str_contains($page, '&lt;svg'),
      'the dashboard is shown in a sandboxed frame');
$_POST = ['_wpnonce' => 'nonce-of-sextant_run_now'];
try {
    sextant_handle_run_now();
    check(false, 'running now redirects');
} catch (Redirected $r) {
    check($wp['transients']['sextant_last_run']['status'] === 'ok', 'running now runs');
}
$wp['options']['sextant_config_path'] = '';
check(sextant_cron_run()['status'] === 'failed', 'without a config, the cron run says so');
finish();
