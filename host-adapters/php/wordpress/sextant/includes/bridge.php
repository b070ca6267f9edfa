<?php
/** Where the PHP bridge is: packaged beside the plugin, or in Sextant's source tree. */
declare(strict_types=1);

foreach ([__DIR__ . '/../Sextant.php', __DIR__ . '/../../../src/Sextant.php', '/usr/share/sextant/php/Sextant.php'] as $bridge) {
    if (is_readable($bridge)) {
        require_once $bridge;
        break;
    }
}

/** Opens the configured workspace; null (with the reason in $error) when it cannot. */
function sextant_open_workspace(?string &$error = null): ?Sextant\Sextant
{
    $config = (string) get_option('sextant_config_path', '');
    if ($config === '') {
        $error = __('Set the Sextant config in Settings > Sextant first.', 'sextant');
        return null;
    }
    $options = [];
    $plan = (string) get_option('sextant_plan_path', '');
    if ($plan !== '') {
        $options['plan'] = $plan;
    }
    try {
        return Sextant\Sextant::open($config, $options);
    } catch (Sextant\SextantException $e) {
        $error = $e->getMessage();
        return null;
    }
}
