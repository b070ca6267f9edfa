<?php
/** The Sextant admin page: the steering dashboard, and a button that syncs and pushes now. */
declare(strict_types=1);

function sextant_admin_menu(): void
{
    add_options_page(__('Sextant', 'sextant'), __('Sextant', 'sextant'), 'manage_options', 'sextant-settings', 'sextant_settings_page');
    $parent = class_exists('WooCommerce') ? 'woocommerce' : 'index.php';
    add_submenu_page($parent, __('Sextant dashboard', 'sextant'), __('Sextant', 'sextant'), 'manage_woocommerce', 'sextant', 'sextant_dashboard_page');
}

function sextant_dashboard_page(): void
{
    if (!current_user_can('manage_woocommerce') && !current_user_can('manage_options')) {
        wp_die(esc_html__('You are not allowed to see the Sextant dashboard.', 'sextant'), 403);
    }
    echo '<div class="wrap"><h1>' . esc_html__('Sextant dashboard', 'sextant') . '</h1>';
    echo '<form method="post" action="' . esc_url(admin_url('admin-post.php')) . '">';
    echo '<input type="hidden" name="action" value="sextant_run_now">';
    wp_nonce_field('sextant_run_now');
    submit_button(__('Sync and push now', 'sextant'), 'secondary', 'submit', false);
    echo '</form>';
    $error = null;
    $workspace = sextant_open_workspace($error);
    if ($workspace === null) {
        echo '<div class="notice notice-error"><p>' . esc_html((string) $error) . '</p></div></div>';
        return;
    }
    try {
        $page = $workspace->dashboard();
    } catch (Sextant\SextantException $e) {
        echo '<div class="notice notice-error"><p>' . esc_html($e->getMessage()) . '</p></div></div>';
        return;
    } finally {
        $workspace->close();
    }
    // The page is a whole document with its own styles: shown apart, with no script allowed.
    echo '<iframe title="' . esc_attr__('Sextant dashboard', 'sextant') . '" sandbox style="width:100%;height:80vh;border:0" srcdoc="' . esc_attr($page) . '"></iframe></div>';
}

function sextant_handle_run_now(): void
{
    if (!current_user_can('manage_woocommerce') && !current_user_can('manage_options')) {
        wp_die(esc_html__('You are not allowed to run Sextant.', 'sextant'), 403);
    }
    check_admin_referer('sextant_run_now');
    $result = sextant_cron_run();
    set_transient('sextant_last_run', $result, HOUR_IN_SECONDS);
    wp_safe_redirect(admin_url('admin.php?page=sextant'));
    exit;
}
