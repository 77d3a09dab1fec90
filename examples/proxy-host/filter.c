/* A Proxy-Wasm style HTTP header filter (the ABI of github:proxy-wasm/spec, version 0.2.1,
 * the part a header filter needs), built to wasm32-wasi as a reactor by the build.
 *
 * On request headers it logs the path, refuses paths under /admin with a local 403 response,
 * adds "x-filtered-by: <plugin name>" (the plugin name comes from the host property
 * "plugin_name") and counts requests; on response headers it replaces "server". A request
 * header "x-misbehave" makes it misbehave on purpose, for the host's isolation tests:
 * "trap" traps, "loop" never returns, "grow" allocates until memory runs out. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

enum { kOk = 0, kNotFound = 1 };
enum { kRequestHeaders = 0, kResponseHeaders = 2 };
enum { kContinue = 0, kPause = 1 };
enum { kLogInfo = 2, kLogWarn = 3 };

IMPORT(proxy_log) int32_t proxy_log(int32_t level, const char* msg, size_t len);
IMPORT(proxy_get_header_map_value)
int32_t proxy_get_header_map_value(int32_t map, const char* key, size_t key_len,
                                   const char** value, size_t* value_len);
IMPORT(proxy_add_header_map_value)
int32_t proxy_add_header_map_value(int32_t map, const char* key, size_t key_len,
                                   const char* value, size_t value_len);
IMPORT(proxy_replace_header_map_value)
int32_t proxy_replace_header_map_value(int32_t map, const char* key, size_t key_len,
                                       const char* value, size_t value_len);
IMPORT(proxy_get_property)
int32_t proxy_get_property(const char* path, size_t path_len, const char** value,
                           size_t* value_len);
IMPORT(proxy_send_local_response)
int32_t proxy_send_local_response(int32_t status, const char* details, size_t details_len,
                                  const char* body, size_t body_len, const char* headers,
                                  size_t headers_len, int32_t grpc_status);

static uint32_t requests_seen;
static char plugin_name[64];
static size_t plugin_name_len;

EXPORT(proxy_abi_version_0_2_1) void proxy_abi_version_0_2_1(void) {}

/* The host returns values in blocks it allocates in this plugin's memory through this. */
EXPORT(proxy_on_memory_allocate) void* proxy_on_memory_allocate(size_t size) {
  return malloc(size);
}

static void log_str(int32_t level, const char* s) { proxy_log(level, s, strlen(s)); }

EXPORT(proxy_on_context_create) void proxy_on_context_create(int32_t id, int32_t parent) {
  (void)id;
  if (parent != 0 || plugin_name_len != 0) return;
  const char* v = NULL;
  size_t n = 0;
  if (proxy_get_property("plugin_name", 11, &v, &n) == kOk && v != NULL) {
    plugin_name_len = n < sizeof plugin_name ? n : sizeof plugin_name;
    memcpy(plugin_name, v, plugin_name_len);
    free((void*)v);
  }
}

static int header_is(int32_t map, const char* key, const char* want) {
  const char* v = NULL;
  size_t n = 0;
  if (proxy_get_header_map_value(map, key, strlen(key), &v, &n) != kOk || v == NULL) return 0;
  int same = n == strlen(want) && memcmp(v, want, n) == 0;
  free((void*)v);
  return same;
}

static void misbehave(void) {
  if (header_is(kRequestHeaders, "x-misbehave", "trap")) __builtin_trap();
  if (header_is(kRequestHeaders, "x-misbehave", "loop")) {
    volatile uint32_t spin = 0;
    for (;;) ++spin;
  }
  if (header_is(kRequestHeaders, "x-misbehave", "grow")) {
    static char* volatile sink;
    for (;;) {
      sink = malloc(1 << 20);
      if (sink == NULL) __builtin_trap(); /* out of memory: the host's limit said no */
      sink[0] = 1;
    }
  }
}

EXPORT(proxy_on_request_headers)
int32_t proxy_on_request_headers(int32_t id, int32_t num_headers, int32_t end_of_stream) {
  (void)id, (void)num_headers, (void)end_of_stream;
  ++requests_seen;
  misbehave();
  const char* path = NULL;
  size_t path_len = 0;
  if (proxy_get_header_map_value(kRequestHeaders, ":path", 5, &path, &path_len) == kOk &&
      path != NULL) {
    if (path_len >= 6 && memcmp(path, "/admin", 6) == 0) {
      free((void*)path);
      log_str(kLogWarn, "denied /admin");
      static const char body[] = "forbidden by filter";
      proxy_send_local_response(403, "filter", 6, body, sizeof body - 1, NULL, 0, -1);
      return kPause;
    }
    free((void*)path);
  }
  proxy_add_header_map_value(kRequestHeaders, "x-filtered-by", 13, plugin_name,
                             plugin_name_len);
  char count[16];
  size_t n = 0;
  uint32_t c = requests_seen;
  char rev[16];
  do {
    rev[n++] = (char)('0' + c % 10);
    c /= 10;
  } while (c != 0);
  for (size_t i = 0; i < n; ++i) count[i] = rev[n - 1 - i];
  proxy_replace_header_map_value(kRequestHeaders, "x-request-count", 15, count, n);
  return kContinue;
}

EXPORT(proxy_on_response_headers)
int32_t proxy_on_response_headers(int32_t id, int32_t num_headers, int32_t end_of_stream) {
  (void)id, (void)num_headers, (void)end_of_stream;
  proxy_replace_header_map_value(kResponseHeaders, "server", 6, "wasmrun-proxy", 13);
  return kContinue;
}

EXPORT(proxy_on_done) int32_t proxy_on_done(int32_t id) {
  (void)id;
  return 1;
}

EXPORT(proxy_on_delete) void proxy_on_delete(int32_t id) { (void)id; }
