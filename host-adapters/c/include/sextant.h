/* libsextant: the Sextant planner as a C library, for hosts that load native code (PHP's FFI,
 * Python's ctypes, anything that speaks C). JSON in, JSON out.
 *
 * Conventions (libgit2's): names start with sextant_; handles are opaque; outputs come first;
 * every function returns 0 or a negative SEXTANT_E* code, and then sextant_last_error() says
 * why; what the library allocates, sextant_free() releases. No exception crosses this boundary.
 *
 * Threads: a handle is used by one thread at a time (calls on one handle must not overlap);
 * different handles may be used from different threads at once. sextant_last_error() is per
 * thread. The library keeps no global state but the plugins it has loaded.
 *
 * Versions: check sextant_abi_version() == SEXTANT_ABI_VERSION before anything else; a
 * different value means the header and the library do not match.
 */
#ifndef SEXTANT_H
#define SEXTANT_H

#ifdef __cplusplus
extern "C" {
#endif

#define SEXTANT_ABI_VERSION 1

/* BEGIN FFI: what follows up to END FFI is also the header PHP's FFI loads (no preprocessor). */

typedef struct sextant_handle sextant_handle;

typedef enum sextant_error_code {
  SEXTANT_OK = 0,
  SEXTANT_EINVALID = -1,      /* bad input: config, plan, settings, argument */
  SEXTANT_ENOTFOUND = -2,     /* a file, plugin or task that does not exist */
  SEXTANT_EAUTH = -3,         /* credentials missing, wrong or without permission */
  SEXTANT_ERATELIMIT = -4,    /* a service still asked to slow down after the retries */
  SEXTANT_EREMOTE = -5,       /* a service failed, refused or answered nonsense */
  SEXTANT_EPLUGIN = -6,       /* a plugin is incompatible or misbehaved */
  SEXTANT_EIO = -7,           /* the local disk or database failed */
  SEXTANT_EBUSY = -8,         /* another run holds the ledger */
  SEXTANT_EINTERNAL = -99     /* a bug in Sextant */
} sextant_error_code;

/* The ABI version of the library (compare with SEXTANT_ABI_VERSION). */
int sextant_abi_version(void);

/* Opens a workspace. `config` is the config itself (JSON text, starting with '{') or the path of
 * a config file; `options` is NULL or a JSON object: {"plan": PATH (instead of the config's),
 * "base_dir": DIR (where relative paths in a JSON-text config start; default: the current
 * directory), "today": "YYYY-MM-DD" (run as of that day), "log_level": "debug|info|warning|error"
 * (logs go to stderr; default warning)}. */
int sextant_open(sextant_handle** out, const char* config, const char* options);

/* Every problem of the config, the plan and the plugins' settings, as a JSON array of
 * {"file", "line", "column", "pointer", "message"}; "[]" when all is well
 * (schemas/validation.schema.json, its "problems"). */
int sextant_validate(char** out_json, const char* config, const char* options);

/* Pulls every source into the ledger, then the tasks' states: a JSON object
 * {"sources": [{"source", "orders", "refunds", "pages", "status", "message"}]}
 * (schemas/sync.schema.json). A source that failed is reported there and makes the call return
 * its error code. */
int sextant_sync(char** out_json, sextant_handle* handle);

/* The seven steps as JSON, exactly as `sextant report --format json [--step N]` prints them
 * (step 0: all). */
int sextant_report(char** out_json, sextant_handle* handle, int step);

/* The dashboard page, as `sextant dashboard` writes it. */
int sextant_dashboard(char** out_html, sextant_handle* handle);

/* Pushes the action plan to the tracker (dry_run != 0: only says what would change): a JSON
 * object {"dry_run", "changes": [{"key", "title", "change", "remote_id"}]} (schemas/push.schema.json). */
int sextant_push(char** out_json, sextant_handle* handle, int dry_run);

/* The plugins found: a JSON array of {"kind", "name", "version", "path", "status", "problem",
 * "manifest"} (schemas/plugins.schema.json, its "plugins"). */
int sextant_plugins(char** out_json, const char* options);

/* Closes a workspace (NULL is fine). */
void sextant_close(sextant_handle* handle);

/* Releases what the library returned (NULL is fine). */
void sextant_free(void* pointer);

/* Why the last call on this thread failed; "" after a success. Valid until the next call. */
const char* sextant_last_error(void);

/* END FFI */

#ifdef __cplusplus
}
#endif

#endif /* SEXTANT_H */
