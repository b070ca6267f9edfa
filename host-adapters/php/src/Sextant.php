<?php
/**
 * Sextant for PHP: the planner of libsextant.so through FFI. Open a workspace with its config,
 * then sync, report, dashboard and push; every failure is a SextantException carrying the
 * library's message and code.
 *
 *   $s = Sextant\Sextant::open('/etc/sextant/sextant.json');
 *   $s->sync();
 *   echo $s->report();          // the seven steps, as `sextant report --format json`
 *   $s->close();
 */
declare(strict_types=1);

namespace Sextant;

final class SextantException extends \RuntimeException
{
}

final class Sextant
{
    /** The ABI this bridge was written for (SEXTANT_ABI_VERSION of sextant.h). */
    public const ABI_VERSION = 1;

    private static ?\FFI $ffi = null;
    private ?\FFI\CData $handle;

    /**
     * Loads the library once: from $library (a path) with the declarations of $header, or by
     * default through the installed FFI header (share/sextant/php/sextant_ffi.h), which names
     * libsextant.so.1 for the system's library path.
     */
    public static function load(?string $library = null, ?string $header = null): \FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        // Installed: beside this file, or in the prefix's share/sextant/php.
        $candidates = $header !== null ? [$header] : [__DIR__ . '/sextant_ffi.h', dirname(__DIR__, 3) . '/share/sextant/php/sextant_ffi.h',
                                                      '/usr/share/sextant/php/sextant_ffi.h', '/usr/local/share/sextant/php/sextant_ffi.h'];
        $found = array_values(array_filter($candidates, 'is_readable'));
        if ($found === []) {
            throw new SextantException('cannot read the FFI header (looked for ' . implode(', ', $candidates) . ')');
        }
        $header = $found[0];
        $text = file_get_contents($header);
        if ($library === null) {
            $ffi = \FFI::load($header);
        } else {
            // FFI::cdef takes the declarations without the FFI_* defines.
            $declarations = preg_replace('/^#define FFI_[A-Z]+ .*$/m', '', $text);
            $ffi = \FFI::cdef($declarations, $library);
        }
        $abi = $ffi->sextant_abi_version();
        if ($abi !== self::ABI_VERSION) {
            throw new SextantException("libsextant speaks ABI $abi, this bridge ABI " . self::ABI_VERSION);
        }
        return self::$ffi = $ffi;
    }

    /**
     * @param string $config the config (JSON text) or its path
     * @param array $options plan, base_dir, today (YYYY-MM-DD), log_level
     */
    public static function open(string $config, array $options = []): self
    {
        $ffi = self::load();
        $handle = $ffi->new('sextant_handle*');
        self::check($ffi->sextant_open(\FFI::addr($handle), $config, self::options($options)));
        return new self($handle);
    }

    /** Problems of a config, its plan and its plugins' settings; [] when all is well. */
    public static function validate(string $config, array $options = []): array
    {
        $ffi = self::load();
        return json_decode(self::text(fn ($out) => $ffi->sextant_validate($out, $config, self::options($options))), true);
    }

    /** The plugins found, with their status. */
    public static function plugins(): array
    {
        $ffi = self::load();
        return json_decode(self::text(fn ($out) => $ffi->sextant_plugins($out, null)), true);
    }

    private function __construct(\FFI\CData $handle)
    {
        $this->handle = $handle;
    }

    public function __destruct()
    {
        $this->close();
    }

    public function close(): void
    {
        if ($this->handle !== null) {
            self::$ffi->sextant_close($this->handle);
            $this->handle = null;
        }
    }

    /** Pulls every source, then the task states: per source, orders, refunds, pages, status. */
    public function sync(): array
    {
        return json_decode(self::text(fn ($out) => self::$ffi->sextant_sync($out, $this->live())), true);
    }

    /** The report as JSON text, byte for byte what `sextant report --format json` prints. */
    public function report(int $step = 0): string
    {
        return self::text(fn ($out) => self::$ffi->sextant_report($out, $this->live(), $step));
    }

    /** The dashboard page (HTML). */
    public function dashboard(): string
    {
        return self::text(fn ($out) => self::$ffi->sextant_dashboard($out, $this->live()));
    }

    /** Pushes the action plan to the tracker (or only says what would change). */
    public function push(bool $dryRun = false): array
    {
        return json_decode(self::text(fn ($out) => self::$ffi->sextant_push($out, $this->live(), $dryRun ? 1 : 0)), true);
    }

    private function live(): \FFI\CData
    {
        if ($this->handle === null) {
            throw new SextantException('this Sextant workspace is closed');
        }
        return $this->handle;
    }

    private static function options(array $options): ?string
    {
        return $options === [] ? null : json_encode($options, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
    }

    /** Calls an entry point that returns text through its first argument, and frees it. */
    private static function text(callable $call): string
    {
        $ffi = self::$ffi;
        $out = $ffi->new('char*');
        $code = $call(\FFI::addr($out));
        $text = \FFI::isNull($out) ? '' : \FFI::string($out);
        $ffi->sextant_free($out);
        self::check($code);
        return $text;
    }

    private static function check(int $code): void
    {
        if ($code !== 0) {
            throw new SextantException(self::$ffi->sextant_last_error(), $code);
        }
    }
}
