// A small Proxy-Wasm style host on libwasmrun: HTTP header filters as plugins, each in its own
// store with its own limits (the ABI of github:proxy-wasm/spec 0.2.1, the part a header filter
// needs: context creation, on_request_headers / on_response_headers, header map get / add /
// replace, log, get_property, send_local_response).
//
// Isolation: a plugin runs each request with a fuel budget (its deadline) and under a memory
// limit. A plugin that traps, runs out of fuel or is denied memory fails that request only: the
// host drops the instance (freeing its memory) and replaces it with a fresh one from its
// pre-linked module (so no half-updated state survives) and goes on; other plugins never
// notice.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace proxy {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One simulated HTTP exchange as a filter sees it.
struct Request {
  Headers request_headers;
  Headers response_headers;
  // Set when a plugin answers the request itself (proxy_send_local_response).
  int local_status = 0;
  std::string local_body;
  std::vector<std::string> logs;
};

// What happened to one request in one plugin.
struct Outcome {
  bool ok = false;      // the plugin ran both callbacks without a trap
  bool paused = false;  // it stopped the request (a local response)
  std::string error;    // why not ok: the trap's message
  wasmrun::TrapKind trap = wasmrun::TrapKind::HostError;
};

struct PluginConfig {
  std::string name;                       // get_property("plugin_name")
  uint64_t fuel_per_request = 2'000'000;  // the deadline, in fuel
  uint64_t memory_bytes = 4u << 20;       // the plugin's memory limit
};

class Plugin;

// The engine and the compiled filter, shared by every plugin instance.
class Host {
 public:
  // Compiles the filter module at `path` (wasm32-wasi reactor).
  static wasmrun::Result<Host> Load(const std::string& path);
  // A new plugin instance in its own store.
  wasmrun::Result<std::unique_ptr<Plugin>> NewPlugin(PluginConfig config) const;

 private:
  wasmrun::Engine engine_;
  wasmrun::Module module_;
};

class Plugin {
 public:
  // What host functions find through Caller::data() (proxy_host.cc).
  struct State;
  ~Plugin();
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  // Runs on_request_headers, then (unless the plugin paused) on_response_headers.
  Outcome Process(Request& request);
  const std::string& name() const { return config_.name; }
  // Fresh instances made after a failure.
  int restarts() const { return restarts_; }
  // Instances alive in the plugin's store: 1, since a failed one is dropped when replaced.
  uint64_t live_instances() const { return store_->instance_count(); }

 private:
  friend class Host;
  Plugin() = default;
  wasmrun::Result<void> Start();

  PluginConfig config_;
  std::unique_ptr<State> state_;
  std::unique_ptr<wasmrun::Store> store_;
  std::unique_ptr<wasmrun::Linker> linker_;
  wasmrun::StoreLimits limits_;
  wasmrun::InstancePre pre_;
  wasmrun::Instance instance_;
  wasmrun::TypedFunc<int32_t(int32_t, int32_t, int32_t)> on_request_;
  wasmrun::TypedFunc<int32_t(int32_t, int32_t, int32_t)> on_response_;
  wasmrun::TypedFunc<void(int32_t, int32_t)> on_context_create_;
  int32_t next_context_ = 2;  // 1 is the root context
  int restarts_ = 0;
};

}  // namespace proxy
