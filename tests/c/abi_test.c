/* The C ABI from C: this file is compiled as C (not C++) against the installed-style header, and
 * drives libsextant: the version check, open and report on the demo workspace with the result
 * compared byte for byte with the CLI's, errors as codes and messages, and many open/close cycles
 * (under the asan-ubsan preset, LeakSanitizer fails the program on any leak).
 *
 *   abi_test CONFIG TODAY CLI_REPORT_FILE CYCLES
 */
#include <sextant.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition, ...)                         \
  do {                                                \
    if (!(condition)) {                               \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                   \
      fprintf(stderr, "\n");                          \
      ++failures;                                     \
    }                                                 \
  } while (0)

static char* read_all(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)size + 1);
  size_t got = fread(text, 1, (size_t)size, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: abi_test CONFIG TODAY CLI_REPORT_FILE CYCLES\n");
    return 2;
  }
  const char* config = argv[1];
  char options[128];
  snprintf(options, sizeof options, "{\"today\": \"%s\"}", argv[2]);

  CHECK(sextant_abi_version() == SEXTANT_ABI_VERSION, "ABI %d, header %d", sextant_abi_version(), SEXTANT_ABI_VERSION);

  /* The report, as the CLI prints it. */
  sextant_handle* handle = NULL;
  int rc = sextant_open(&handle, config, options);
  CHECK(rc == SEXTANT_OK && handle != NULL, "open: %d %s", rc, sextant_last_error());
  CHECK(strcmp(sextant_last_error(), "") == 0, "no error after a success: \"%s\"", sextant_last_error());
  char* report = NULL;
  rc = sextant_report(&report, handle, 0);
  CHECK(rc == SEXTANT_OK, "report: %d %s", rc, sextant_last_error());
  char* expected = read_all(argv[3]);
  CHECK(expected && report && strcmp(report, expected) == 0, "the report differs from the CLI's");
  sextant_free(report);
  free(expected);
  rc = sextant_report(&report, handle, 9);
  CHECK(rc == SEXTANT_EINVALID && report == NULL, "a step out of range: %d", rc);
  CHECK(strstr(sextant_last_error(), "step") != NULL, "says why: \"%s\"", sextant_last_error());
  char* page = NULL;
  rc = sextant_dashboard(&page, handle);
  CHECK(rc == SEXTANT_OK && page && strstr(page, "<svg") != NULL, "dashboard: %d %s", rc, sextant_last_error());
  sextant_free(page);
  sextant_close(handle);

  /* Bad input: codes and messages, no handle. */
  handle = (sextant_handle*)1;
  rc = sextant_open(&handle, "{ \"plan\": \"plan.json\", \"sources\": [ { \"plugin\": \"nosuch\" } ] }", "{\"base_dir\": \"/nonexistent\"}");
  CHECK(rc == SEXTANT_EINVALID && handle == NULL, "a bad config: %d", rc);
  CHECK(strlen(sextant_last_error()) > 0, "a bad config says why");
  rc = sextant_open(&handle, config, "{\"today\": \"not a day\"}");
  CHECK(rc == SEXTANT_EINVALID && strstr(sextant_last_error(), "not a day") != NULL, "bad options: %d %s", rc,
        sextant_last_error());
  rc = sextant_open(&handle, config, "not json");
  CHECK(rc == SEXTANT_EINVALID, "options that are not JSON: %d", rc);
  rc = sextant_open(NULL, config, NULL);
  CHECK(rc == SEXTANT_EINVALID, "a NULL out: %d", rc);
  char* problems = NULL;
  rc = sextant_validate(&problems, config, options);
  CHECK(rc == SEXTANT_OK && problems && strcmp(problems, "[]") == 0, "validate: %d %s", rc, problems ? problems : "");
  sextant_free(problems);
  /* The JSON strings have the files' limits: 64 levels of nesting, at most 4 MiB. */
  size_t levels = 100000;
  char* deep = malloc(levels + 32);
  strcpy(deep, "{ \"sources\": ");
  size_t at = strlen(deep);
  memset(deep + at, '[', levels);
  deep[at + levels] = '\0';
  problems = NULL;
  rc = sextant_validate(&problems, deep, "{\"base_dir\": \"/nonexistent\"}");
  CHECK(rc == SEXTANT_OK && problems && strstr(problems, "nested deeper than 64 levels") != NULL &&
            strstr(problems, "\"line\":1,\"column\":77") != NULL,
        "a config nested 100000 deep: %d %s", rc, problems ? problems : sextant_last_error());
  sextant_free(problems);
  memset(deep, '[', levels);
  deep[levels] = '\0';
  rc = sextant_open(&handle, config, deep);
  CHECK(rc == SEXTANT_EINVALID && handle == NULL, "options nested 100000 deep: %d", rc);
  free(deep);
  size_t huge = (size_t)4 << 20;
  char* large = malloc(huge + 16);
  memset(large, ' ', huge + 8);
  large[0] = '{';
  large[huge + 7] = '}';
  large[huge + 8] = '\0';
  problems = NULL;
  rc = sextant_validate(&problems, large, "{\"base_dir\": \"/nonexistent\"}");
  CHECK(rc == SEXTANT_OK && problems && strstr(problems, "larger than 4 MiB") != NULL, "a config over 4 MiB: %d %s", rc,
        problems ? problems : sextant_last_error());
  sextant_free(problems);
  rc = sextant_open(&handle, config, large);
  CHECK(rc == SEXTANT_EINVALID && strstr(sextant_last_error(), "larger than 4 MiB") != NULL, "options over 4 MiB: %d",
        rc);
  free(large);
  sextant_close(NULL);
  sextant_free(NULL);

  /* Open and close, many times. */
  int cycles = atoi(argv[4]);
  for (int i = 0; i < cycles; ++i) {
    rc = sextant_open(&handle, config, options);
    if (rc != SEXTANT_OK) {
      CHECK(0, "cycle %d: %d %s", i, rc, sextant_last_error());
      break;
    }
    sextant_close(handle);
  }
  if (failures == 0) printf("ok: %d open/close cycles\n", cycles);
  return failures == 0 ? 0 : 1;
}
