// Function instances: host functions (wasm_func_new*), reflection and calls.
#include "wasmh/wasmh.h"

namespace {

// A host function's callback and environment; the finalizer runs when the store frees the
// function (and with it the last copy of this).
struct Env {
  Env(wasm_func_callback_t cb, wasm_func_callback_with_env_t cb_env, void* e, void (*fin)(void*))
      : callback(cb), callback_env(cb_env), env(e), finalizer(fin) {}
  ~Env() {
    if (finalizer != nullptr) finalizer(env);
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  wasm_func_callback_t callback;
  wasm_func_callback_with_env_t callback_env;
  void* env;
  void (*finalizer)(void*);
};

wasm_func_t* NewHostFunc(wasm_store_t* store, const wasm_functype_t* type,
                         std::shared_ptr<Env> env) {
  if (store == nullptr) return nullptr;
  auto ft = wasmh::FuncTypeOf(type);
  if (!ft) return nullptr;
  auto body = [store, env](
                  wasmrun::Caller&, std::span<const wasmrun::Value> args,
                  std::span<wasmrun::Value> results) -> wasmrun::Result<void, wasmrun::Trap> {
    std::vector<wasm_val_t> in(args.size());
    for (size_t i = 0; i < args.size(); ++i) in[i] = wasmh::FromValue(store, args[i]);
    std::vector<wasm_val_t> out(results.size());
    for (size_t i = 0; i < results.size(); ++i) out[i] = wasmh::FromValue(store, results[i]);
    wasm_val_vec_t in_vec{in.size(), in.data()};
    wasm_val_vec_t out_vec{out.size(), out.data()};
    wasm_trap_t* trap = env->callback != nullptr ? env->callback(&in_vec, &out_vec)
                                                 : env->callback_env(env->env, &in_vec, &out_vec);
    for (wasm_val_t& v : in) wasm_val_delete(&v);
    std::string why;
    for (size_t i = 0; i < results.size() && trap == nullptr && why.empty(); ++i) {
      auto c = wasmh::ToValue(store, out[i], results[i].type());
      if (c.value) {
        results[i] = std::move(*c.value);
      } else {
        why = "host function result " + std::to_string(i) + ": " + c.why;
      }
    }
    for (wasm_val_t& v : out) wasm_val_delete(&v);
    if (trap != nullptr) {
      wasmrun::Trap t = trap->body->exit_status ? wasmrun::Trap::ExitWith(*trap->body->exit_status)
                                                : wasmrun::Trap::Host(trap->body->message);
      wasm_trap_delete(trap);
      return wasmrun::Fail(std::move(t));
    }
    if (!why.empty()) return wasmrun::Fail(wasmrun::Trap::Host(std::move(why)));
    return {};
  };
  wasmrun::Func f = store->linker.DefineFunc("", "", *std::move(ft), std::move(body));
  if (!f.valid()) return nullptr;
  return wasmh::NewFunc(store, f);
}

}  // namespace

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  if (callback == nullptr) return nullptr;
  return NewHostFunc(store, type, std::make_shared<Env>(callback, nullptr, nullptr, nullptr));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
  if (callback == nullptr) return nullptr;
  return NewHostFunc(store, type, std::make_shared<Env>(nullptr, callback, env, finalizer));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* func) {
  return wasmh::NewFuncType(func->func().type());
}

size_t wasm_func_param_arity(const wasm_func_t* func) {
  return func->func().type().params.size();
}

size_t wasm_func_result_arity(const wasm_func_t* func) {
  return func->func().type().results.size();
}

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  if (func == nullptr) return wasmh::NewTrap("wasm_func_call: null function");
  const wasmrun::FuncType type = func->func().type();
  const size_t nargs = args == nullptr ? 0 : args->size;
  const size_t nresults = results == nullptr ? 0 : results->size;
  if (nargs != type.params.size()) {
    return wasmh::NewTrap("wasm_func_call: " + std::to_string(nargs) + " arguments for " +
                          std::to_string(type.params.size()) + " parameters");
  }
  std::vector<wasmrun::Value> in;
  in.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    auto c = wasmh::ToValue(func->store, args->data[i], type.params[i]);
    if (!c.value) return wasmh::NewTrap("argument " + std::to_string(i) + ": " + c.why);
    in.push_back(std::move(*c.value));
  }
  auto r = func->func().Call(in);
  if (!r) return wasmh::NewTrap(r.error());
  // The results vector is checked after the call, so that a call that traps reports its own
  // trap whatever room the caller made (the standard's trap example passes none).
  if (nresults != type.results.size()) {
    return wasmh::NewTrap("wasm_func_call: room for " + std::to_string(nresults) +
                          " results, the function has " + std::to_string(type.results.size()));
  }
  for (size_t i = 0; i < nresults; ++i) results->data[i] = wasmh::FromValue(func->store, (*r)[i]);
  return nullptr;
}

}  // extern "C"
