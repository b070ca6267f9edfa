<?php
/** Settings > Sextant: where the plan and the config are (files the web server's user can read). */
declare(strict_types=1);

function sextant_register_settings(): void
{
    register_setting('sextant', 'sextant_config_path', ['type' => 'string', 'sanitize_callback' => 'sextant_sanitize_config_path', 'default' => '']);
    register_setting('sextant', 'sextant_plan_path', ['type' => 'string', 'sanitize_callback' => 'sextant_sanitize_plan_path', 'default' => '']);
}

/** An absolute path to a readable file, or the previous value with an admin notice. */
function sextant_sanitize_path(string $option, $value): string
{
    $value = trim((string) $value);
    if ($value === '') {
        return '';
    }
    if ($value[0] !== '/' || !is_readable($value) || is_dir($value)) {
        add_settings_error($option, $option . '_invalid',
            sprintf(__('%s is not an absolute path to a file the web server can read.', 'sextant'), esc_html($value)));
        return (string) get_option($option, '');
    }
    return $value;
}

function sextant_sanitize_config_path($value): string
{
    return sextant_sanitize_path('sextant_config_path', $value);
}

function sextant_sanitize_plan_path($value): string
{
    return sextant_sanitize_path('sextant_plan_path', $value);
}

function sextant_settings_page(): void
{
    if (!current_user_can('manage_options')) {
        wp_die(esc_html__('You are not allowed to change Sextant\'s settings.', 'sextant'), 403);
    }
    echo '<div class="wrap"><h1>' . esc_html__('Sextant', 'sextant') . '</h1>';
    settings_errors();
    echo '<form method="post" action="options.php">';
    settings_fields('sextant');  // the option group's nonce and referer
    echo '<table class="form-table" role="presentation">';
    foreach (['sextant_config_path' => __('Config (sextant.json)', 'sextant'), 'sextant_plan_path' => __('Plan (plan.json), if not the config\'s', 'sextant')] as $name => $label) {
        echo '<tr><th scope="row"><label for="' . esc_attr($name) . '">' . esc_html($label) . '</label></th><td>';
        echo '<input type="text" class="regular-text code" id="' . esc_attr($name) . '" name="' . esc_attr($name) . '" value="' . esc_attr((string) get_option($name, '')) . '"></td></tr>';
    }
    echo '</table>';
    submit_button();
    echo '</form></div>';
}
