// The Proxy-Wasm style host: the ABI functions a header filter imports, and the per-request
// driver with its isolation (proxy_host.h).
#include "proxy_host.h"

#include <string_view>

namespace proxy {

using wasmrun::Caller;
using wasmrun::Fail;
using wasmrun::Result;
using wasmrun::Trap;

namespace {

// Proxy-Wasm status codes and map types (spec 0.2.1).
constexpr int32_t kOk = 0;
constexpr int32_t kNotFound = 1;
constexpr int32_t kBadArgument = 2;
constexpr int32_t kRequestHeaders = 0;
constexpr int32_t kResponseHeaders = 2;
constexpr int32_t kPause = 1;

wasmrun::Error HostError(std::string message) {
  wasmrun::Error e;
  e.kind = wasmrun::ErrorKind::Usage;
  e.message = std::move(message);
  return e;
}

}  // namespace

// What host functions find through Caller::data(): the request in flight and the plugin's
// configuration.
struct Plugin::State {
  Request* current = nullptr;
  const PluginConfig* config = nullptr;
};

Plugin::~Plugin() = default;

namespace {

Plugin::State* StateOf(Caller& caller) {
  return static_cast<Plugin::State*>(caller.data());
}

// The guest's bytes [ptr, ptr + len) as a string; a Trap for a bad pointer.
Result<std::string, Trap> ReadGuest(Caller& caller, int32_t ptr, int32_t len) {
  auto mem = caller.memory();
  if (!mem) return Fail(Trap::Host("plugin has no memory"));
  auto s = mem->ReadString(static_cast<uint32_t>(ptr), static_cast<uint32_t>(len));
  if (!s) return Fail(Trap::Host("bad pointer from the plugin"));
  return *s;
}

// Hands `value` to the guest the Proxy-Wasm way: a block from its proxy_on_memory_allocate
// (found by name through the Caller), and its address and size stored at `ret_ptr` and
// `ret_size`.
Result<int32_t, Trap> ReturnToGuest(Caller& caller, std::string_view value, int32_t ret_ptr,
                                    int32_t ret_size) {
  auto alloc_fn = caller.GetFunc("proxy_on_memory_allocate");
  if (!alloc_fn) return Fail(Trap::Host("plugin exports no proxy_on_memory_allocate"));
  auto alloc = alloc_fn->Typed<int32_t(int32_t)>();
  if (!alloc) return Fail(Trap::Host(alloc.error().message));
  auto block = alloc->Call(static_cast<int32_t>(value.size()));
  if (!block) return Fail(std::move(block).error());
  auto mem = caller.memory();
  if (!mem) return Fail(Trap::Host("plugin has no memory"));
  const uint64_t at = static_cast<uint32_t>(*block);
  if (*block == 0 && !value.empty()) return kBadArgument;  // the plugin is out of memory
  if (!mem->Write(at, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(value.data()),
                                               value.size())) ||
      !mem->Write<uint32_t>(static_cast<uint32_t>(ret_ptr), static_cast<uint32_t>(at)) ||
      !mem->Write<uint32_t>(static_cast<uint32_t>(ret_size), static_cast<uint32_t>(value.size()))) {
    return Fail(Trap::Host("bad pointer from the plugin"));
  }
  return kOk;
}

Headers* MapOf(Request& r, int32_t map) {
  if (map == kRequestHeaders) return &r.request_headers;
  if (map == kResponseHeaders) return &r.response_headers;
  return nullptr;
}

// Defines the ABI functions in `linker`.
void DefineAbi(wasmrun::Linker& linker) {
  linker.DefineTyped(
      "env", "proxy_log",
      [](Caller& c, int32_t level, int32_t ptr, int32_t len) -> Result<int32_t, Trap> {
        auto msg = ReadGuest(c, ptr, len);
        if (!msg) return Fail(std::move(msg).error());
        Plugin::State* s = StateOf(c);
        if (s != nullptr && s->current != nullptr) {
          s->current->logs.push_back(std::to_string(level) + ": " + *msg);
        }
        return kOk;
      });
  linker.DefineTyped("env", "proxy_get_header_map_value",
                     [](Caller& c, int32_t map, int32_t key_ptr, int32_t key_len, int32_t ret_ptr,
                        int32_t ret_size) -> Result<int32_t, Trap> {
                       Plugin::State* s = StateOf(c);
                       if (s == nullptr || s->current == nullptr) return kNotFound;
                       Headers* h = MapOf(*s->current, map);
                       if (h == nullptr) return kBadArgument;
                       auto key = ReadGuest(c, key_ptr, key_len);
                       if (!key) return Fail(std::move(key).error());
                       for (const auto& [k, v] : *h) {
                         if (k == *key) return ReturnToGuest(c, v, ret_ptr, ret_size);
                       }
                       return kNotFound;
                     });
  auto set_header = [](bool replace) {
    return [replace](Caller& c, int32_t map, int32_t key_ptr, int32_t key_len, int32_t val_ptr,
                     int32_t val_len) -> Result<int32_t, Trap> {
      Plugin::State* s = StateOf(c);
      if (s == nullptr || s->current == nullptr) return kNotFound;
      Headers* h = MapOf(*s->current, map);
      if (h == nullptr) return kBadArgument;
      auto key = ReadGuest(c, key_ptr, key_len);
      if (!key) return Fail(std::move(key).error());
      auto val = ReadGuest(c, val_ptr, val_len);
      if (!val) return Fail(std::move(val).error());
      if (replace) {
        for (auto& [k, v] : *h) {
          if (k == *key) {
            v = *val;
            return kOk;
          }
        }
      }
      h->emplace_back(*key, *val);
      return kOk;
    };
  };
  linker.DefineTyped("env", "proxy_add_header_map_value", set_header(false));
  linker.DefineTyped("env", "proxy_replace_header_map_value", set_header(true));
  linker.DefineTyped("env", "proxy_get_property",
                     [](Caller& c, int32_t path_ptr, int32_t path_len, int32_t ret_ptr,
                        int32_t ret_size) -> Result<int32_t, Trap> {
                       auto path = ReadGuest(c, path_ptr, path_len);
                       if (!path) return Fail(std::move(path).error());
                       Plugin::State* s = StateOf(c);
                       if (*path == "plugin_name" && s != nullptr) {
                         return ReturnToGuest(c, s->config->name, ret_ptr, ret_size);
                       }
                       return kNotFound;
                     });
  linker.DefineTyped("env", "proxy_send_local_response",
                     [](Caller& c, int32_t status, int32_t details_ptr, int32_t details_len,
                        int32_t body_ptr, int32_t body_len, int32_t headers_ptr,
                        int32_t headers_len, int32_t grpc_status) -> Result<int32_t, Trap> {
                       (void)headers_ptr, (void)headers_len, (void)grpc_status;
                       auto details = ReadGuest(c, details_ptr, details_len);
                       if (!details) return Fail(std::move(details).error());
                       auto body = ReadGuest(c, body_ptr, body_len);
                       if (!body) return Fail(std::move(body).error());
                       Plugin::State* s = StateOf(c);
                       if (s == nullptr || s->current == nullptr) return kNotFound;
                       s->current->local_status = status;
                       s->current->local_body = *body;
                       return kOk;
                     });
}

}  // namespace

Result<Host> Host::Load(const std::string& path) {
  wasmrun::Config config;
  config.interruptible = true;  // fuel is every request's deadline
  Host h;
  h.engine_ = wasmrun::Engine(config);
  auto m = wasmrun::Module::FromFile(h.engine_, path);
  if (!m) return Fail(std::move(m).error());
  h.module_ = *m;
  return h;
}

Result<std::unique_ptr<Plugin>> Host::NewPlugin(PluginConfig config) const {
  std::unique_ptr<Plugin> p(new Plugin());
  p->config_ = std::move(config);
  p->state_ = std::make_unique<Plugin::State>();
  p->state_->config = &p->config_;
  p->store_ = std::make_unique<wasmrun::Store>(engine_);
  p->store_->SetData(p->state_.get());
  p->limits_.memory_bytes = p->config_.memory_bytes;
  p->store_->SetLimiter(&p->limits_);
  p->linker_ = std::make_unique<wasmrun::Linker>(*p->store_);
  DefineAbi(*p->linker_);
  auto pre = p->linker_->InstantiatePre(module_);
  if (!pre) return Fail(std::move(pre).error());
  p->pre_ = *pre;
  if (auto ok = p->Start(); !ok) return Fail(std::move(ok).error());
  return p;
}

Result<void> Plugin::Start() {
  // A fresh budget for the start-up code (the old instance may have used it all up).
  if (!store_->SetFuel(config_.fuel_per_request)) return Fail(HostError("no fuel"));
  // The instance being replaced goes first: its memory is freed now, not with the store.
  if (instance_.valid()) {
    if (auto ok = store_->DropInstance(instance_); !ok) return Fail(std::move(ok).error());
    instance_ = wasmrun::Instance();
  }
  auto inst = pre_.Instantiate();
  if (!inst) return Fail(std::move(inst).error());
  instance_ = *inst;
  if (auto init = inst->GetTypedFunc<void()>("_initialize"); init) {
    auto r = init->Call();
    if (!r) return Fail(HostError("_initialize: " + r.error().message));
  }
  auto req = inst->GetTypedFunc<int32_t(int32_t, int32_t, int32_t)>("proxy_on_request_headers");
  auto resp = inst->GetTypedFunc<int32_t(int32_t, int32_t, int32_t)>("proxy_on_response_headers");
  auto create = inst->GetTypedFunc<void(int32_t, int32_t)>("proxy_on_context_create");
  if (!req) return Fail(std::move(req).error());
  if (!resp) return Fail(std::move(resp).error());
  if (!create) return Fail(std::move(create).error());
  on_request_ = *req;
  on_response_ = *resp;
  on_context_create_ = *create;
  auto root = on_context_create_.Call(1, 0);
  if (!root) return Fail(HostError("root context: " + root.error().message));
  return {};
}

Outcome Plugin::Process(Request& request) {
  Outcome out;
  state_->current = &request;
  auto fail = [&](const Trap& t) {
    out.ok = false;
    out.error = t.message;
    out.trap = t.kind;
    state_->current = nullptr;
    // The instance may have stopped half-way through changing its state: replace it.
    ++restarts_;
    if (auto ok = Start(); !ok)
      out.error += " (and the restart failed: " + ok.error().message + ")";
    return out;
  };
  if (!store_->SetFuel(config_.fuel_per_request)) {
    out.error = "fuel";
    return out;
  }
  const int32_t id = next_context_++;
  if (auto r = on_context_create_.Call(id, 1); !r) return fail(r.error());
  auto req = on_request_.Call(id, static_cast<int32_t>(request.request_headers.size()), 1);
  if (!req) return fail(req.error());
  if (*req == kPause) {
    out.paused = true;
  } else {
    auto resp = on_response_.Call(id, static_cast<int32_t>(request.response_headers.size()), 1);
    if (!resp) return fail(resp.error());
  }
  state_->current = nullptr;
  out.ok = true;
  return out;
}

}  // namespace proxy
