// The C API's calls: from the host into wasm (checked, and unchecked on raw slots), and what a
// host function learns about its caller.
#include "capi/internal.h"

using namespace wrcapi;  // NOLINT: the helpers of this layer

namespace {

// Values on the C++ stack for small calls, on the heap past that.
class ValueBuffer {
 public:
  explicit ValueBuffer(size_t n) : n_(n) {
    if (n > kInline) heap_.resize(n);
  }
  wasmrun::Value* data() { return n_ > kInline ? heap_.data() : inline_; }

 private:
  static constexpr size_t kInline = 8;
  size_t n_;
  wasmrun::Value inline_[kInline];
  std::vector<wasmrun::Value> heap_;
};

}  // namespace

extern "C" {

// ---- Functions

wasmrun_error_t* wasmrun_func_call(const wasmrun_func_t* func, const wasmrun_val_t* args,
                                   size_t num_args, wasmrun_val_t* results, size_t num_results) {
  return Guard([&]() -> wasmrun_error_t* {
    auto f = FromC<wasmrun::Func>(func);
    if (!f.valid()) return Usage("wasmrun_func_call: func is NULL or a null handle");
    if (args == nullptr && num_args != 0) return Usage("wasmrun_func_call: args is NULL");
    if (results == nullptr && num_results != 0) {
      return Usage("wasmrun_func_call: results is NULL");
    }
    if (size_t arity = f.arity().second; arity != num_results) {
      return Usage("wasmrun_func_call: the function has " + std::to_string(arity) +
                   " results, not " + std::to_string(num_results));
    }
    ValueBuffer in(num_args);
    for (size_t i = 0; i < num_args; ++i) {
      auto v = ToCpp(args[i]);
      if (!v) return Usage("wasmrun_func_call: argument " + std::to_string(i) + " has no kind");
      in.data()[i] = std::move(*v);
    }
    ValueBuffer out(num_results);
    auto r = f.Call(std::span<const wasmrun::Value>(in.data(), num_args),
                    std::span<wasmrun::Value>(out.data(), num_results));
    if (!r) return TrapError(std::move(r).error());
    for (size_t i = 0; i < num_results; ++i) results[i] = ToC(out.data()[i]);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_func_call_unchecked(const wasmrun_func_t* func, const uint64_t* args,
                                             size_t num_args, uint64_t* results,
                                             size_t num_results) {
  auto f = FromC<wasmrun::Func>(func);
  if (!f.valid()) return Usage("wasmrun_func_call_unchecked: func is NULL or a null handle");
  if ((args == nullptr && num_args != 0) || (results == nullptr && num_results != 0)) {
    return Usage("wasmrun_func_call_unchecked: an array is NULL but its length is not 0");
  }
  return Guard([&]() -> wasmrun_error_t* {
    auto r = f.CallUnchecked(std::span<const uint64_t>(args, num_args),
                             std::span<uint64_t>(results, num_results));
    if (!r) [[unlikely]] {
      return TrapError(std::move(r).error());
    }
    return nullptr;
  });
}

}  // extern "C"

struct wasmrun_resumable {
  wasmrun::ResumableCall call;
};

namespace {

// Checks and converts C values for `what` (a function name, for messages).
wasmrun_error_t* ToCppValues(const char* what, const wasmrun_val_t* vals, size_t n,
                             std::vector<wasmrun::Value>& out) {
  if (vals == nullptr && n != 0) return Usage(std::string(what) + ": an array is NULL");
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto v = ToCpp(vals[i]);
    if (!v) return Usage(std::string(what) + ": value " + std::to_string(i) + " has no kind");
    out.push_back(std::move(*v));
  }
  return nullptr;
}

// The results of a finished call into results[0, n): a USAGE error for a wrong count.
wasmrun_error_t* StoreResults(const char* what, const wasmrun::ResumableCall& call,
                              wasmrun_val_t* results, size_t n) {
  const std::vector<wasmrun::Value>& r = call.results();
  if (r.size() != n) {
    return Usage(std::string(what) + ": the function has " + std::to_string(r.size()) +
                 " results, not " + std::to_string(n));
  }
  if (results == nullptr && n != 0) return Usage(std::string(what) + ": results is NULL");
  for (size_t i = 0; i < n; ++i) results[i] = ToC(r[i]);
  return nullptr;
}

}  // namespace

extern "C" {

wasmrun_error_t* wasmrun_func_call_resumable(const wasmrun_func_t* func, const wasmrun_val_t* args,
                                             size_t num_args, wasmrun_val_t* results,
                                             size_t num_results, wasmrun_resumable_t** suspended) {
  constexpr const char* kWhat = "wasmrun_func_call_resumable";
  if (suspended == nullptr) return Usage("wasmrun_func_call_resumable: suspended is NULL");
  *suspended = nullptr;
  return Guard([&]() -> wasmrun_error_t* {
    auto f = FromC<wasmrun::Func>(func);
    if (!f.valid()) return Usage("wasmrun_func_call_resumable: func is NULL or a null handle");
    if (size_t arity = f.arity().second; arity != num_results) {
      return Usage("wasmrun_func_call_resumable: the function has " + std::to_string(arity) +
                   " results, not " + std::to_string(num_results));
    }
    std::vector<wasmrun::Value> in;
    if (auto* e = ToCppValues(kWhat, args, num_args, in)) return e;
    auto r = f.CallResumable(in);
    if (!r) return TrapError(std::move(r).error());
    if (r->suspended()) {
      *suspended = new wasmrun_resumable{std::move(*r)};
      return nullptr;
    }
    return StoreResults(kWhat, *r, results, num_results);
  });
}

wasmrun_error_t* wasmrun_resumable_resume(wasmrun_resumable_t* call,
                                          const wasmrun_val_t* host_results,
                                          size_t num_host_results, wasmrun_val_t* results,
                                          size_t num_results, bool* finished) {
  constexpr const char* kWhat = "wasmrun_resumable_resume";
  if (finished != nullptr) *finished = false;
  if (call == nullptr) return Usage("wasmrun_resumable_resume: call is NULL");
  return Guard([&]() -> wasmrun_error_t* {
    std::vector<wasmrun::Value> in;
    if (auto* e = ToCppValues(kWhat, host_results, num_host_results, in)) return e;
    auto r = call->call.Resume(in);
    if (!r) return TrapError(std::move(r).error());
    if (call->call.suspended()) return nullptr;
    if (finished != nullptr) *finished = true;
    return StoreResults(kWhat, call->call, results, num_results);
  });
}

bool wasmrun_resumable_host_func(const wasmrun_resumable_t* call, wasmrun_func_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (call == nullptr) return false;
  wasmrun::Func f = call->call.host_function();
  if (!f.valid()) return false;
  *out = ToC<wasmrun_func_t>(f);
  return true;
}

void wasmrun_resumable_delete(wasmrun_resumable_t* call) {
  delete call;
}

bool wasmrun_func_slot_counts(const wasmrun_func_t* func, size_t* num_params, size_t* num_results) {
  auto f = FromC<wasmrun::Func>(func);
  if (!f.valid()) return false;
  auto [p, r] = f.slot_counts();
  if (num_params != nullptr) *num_params = p;
  if (num_results != nullptr) *num_results = r;
  return true;
}

wasmrun_error_t* wasmrun_func_type(const wasmrun_func_t* func, wasmrun_valtype_t* params,
                                   size_t params_cap, size_t* num_params,
                                   wasmrun_valtype_t* results, size_t results_cap,
                                   size_t* num_results) {
  return Guard([&]() -> wasmrun_error_t* {
    auto f = FromC<wasmrun::Func>(func);
    if (!f.valid()) return Usage("wasmrun_func_type: func is NULL or a null handle");
    if ((params == nullptr && params_cap != 0) || (results == nullptr && results_cap != 0)) {
      return Usage("wasmrun_func_type: an array is NULL but its capacity is not 0");
    }
    wasmrun::FuncType t = f.type();
    for (size_t i = 0; i < std::min(params_cap, t.params.size()); ++i) {
      params[i] = ToC(t.params[i]);
    }
    for (size_t i = 0; i < std::min(results_cap, t.results.size()); ++i) {
      results[i] = ToC(t.results[i]);
    }
    if (num_params != nullptr) *num_params = t.params.size();
    if (num_results != nullptr) *num_results = t.results.size();
    return nullptr;
  });
}

// ---- Callers

bool wasmrun_caller_memory(const wasmrun_caller_t* caller, wasmrun_memory_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (caller == nullptr || caller->caller == nullptr) return false;
  auto m = caller->caller->memory();
  if (!m) return false;
  *out = ToC<wasmrun_memory_t>(*m);
  return true;
}

bool wasmrun_caller_instance(const wasmrun_caller_t* caller, wasmrun_instance_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (caller == nullptr || caller->caller == nullptr) return false;
  wasmrun::Instance inst = caller->caller->instance();
  if (!inst.valid()) return false;
  *out = ToC<wasmrun_instance_t>(inst);
  return true;
}

bool wasmrun_caller_get_func(const wasmrun_caller_t* caller, const char* name,
                             wasmrun_func_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (caller == nullptr || caller->caller == nullptr || name == nullptr) return false;
  return GuardValue(false, [&] {
    auto f = caller->caller->GetFunc(name);
    if (!f) return false;
    *out = ToC<wasmrun_func_t>(*f);
    return true;
  });
}

bool wasmrun_caller_get_memory(const wasmrun_caller_t* caller, const char* name,
                               wasmrun_memory_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (caller == nullptr || caller->caller == nullptr || name == nullptr) return false;
  return GuardValue(false, [&] {
    auto m = caller->caller->GetMemory(name);
    if (!m) return false;
    *out = ToC<wasmrun_memory_t>(*m);
    return true;
  });
}

void* wasmrun_caller_data(const wasmrun_caller_t* caller) {
  if (caller == nullptr || caller->caller == nullptr) return nullptr;
  return caller->caller->data();
}

wasmrun_error_t* wasmrun_caller_suspend(const wasmrun_caller_t* caller) {
  if (caller == nullptr || caller->caller == nullptr) {
    return Usage("wasmrun_caller_suspend: caller is NULL");
  }
  return Guard([&]() -> wasmrun_error_t* {
    auto r = caller->caller->Suspend();
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

}  // extern "C"
