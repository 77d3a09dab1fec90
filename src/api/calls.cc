// Calls from the host into wasm: the checked call on Values (with and without allocation),
// the unchecked call on raw slots, and the errors of typed lookups (wasmrun.hpp, TypedFunc).
#include <string>
#include <vector>

#include "api/impl.h"
#include "interp/interpreter.h"

namespace wasmrun {

using detail::Access;
using detail::ModuleOf;
using detail::SlotCount;
using detail::StoreImpl;

namespace {

// Slots on the C++ stack for small calls, on the heap past that.
class SlotBuffer {
 public:
  explicit SlotBuffer(size_t n) : n_(n) {
    if (n > kInline) heap_.resize(n);
  }
  uint64_t* data() { return n_ > kInline ? heap_.data() : inline_; }
  std::span<uint64_t> span() { return {data(), n_}; }

 private:
  static constexpr size_t kInline = 16;
  size_t n_;
  uint64_t inline_[kInline] = {};
  std::vector<uint64_t> heap_;
};

}  // namespace

Result<void, Trap> Func::Call(std::span<const Value> args, std::span<Value> results) const {
  wr::FuncInstance* f = Access::Get(*this);
  StoreImpl* s = store_;
  if (f == nullptr || s == nullptr) return Fail(Trap::Host("call through a null function handle"));
  const wr::FuncType& type = *f->type;
  if (args.size() != type.params.size()) {
    return Fail(Trap::Host("wrong number of arguments: expected " +
                           std::to_string(type.params.size()) + ", got " +
                           std::to_string(args.size())));
  }
  if (results.size() != type.results.size()) {
    return Fail(Trap::Host("wrong number of results: the function has " +
                           std::to_string(type.results.size()) + ", not " +
                           std::to_string(results.size())));
  }
  SlotBuffer arg_slots(SlotCount(type.params));
  size_t k = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (auto why =
            Access::ToSlots(*s, args[i], type.params[i], f->instance, arg_slots.data() + k)) {
      return Fail(Trap::Host("argument " + std::to_string(i) + ": " + *why));
    }
    k += type.params[i].slots();
  }
  SlotBuffer result_slots(SlotCount(type.results));
  auto r = wr::interp::Invoke(s->store, f, arg_slots.span(), result_slots.span());
  if (!r) return Fail(detail::ToPublic(r.error(), s));
  k = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = Access::FromSlots(*s, type.results[i], ModuleOf(f), result_slots.data() + k);
    k += type.results[i].slots();
  }
  return {};
}

Result<std::vector<Value>, Trap> Func::Call(std::span<const Value> args) const {
  const wr::FuncInstance* f = Access::Get(*this);
  std::vector<Value> results(f != nullptr ? f->type->results.size() : 0);
  auto r = Call(args, std::span<Value>(results));
  if (!r) return Fail(std::move(r).error());
  return results;
}

namespace {

// The failures of CallUnchecked, out of its hot path (its frame then holds no public Trap).
[[gnu::noinline]] Result<void, Trap> UncheckedFailure(const wr::Trap* trap, StoreImpl* s) {
  if (trap == nullptr) return Fail(Trap::Host("call through a null function handle"));
  return Fail(detail::ToPublic(*trap, s));
}

}  // namespace

Result<void, Trap> Func::CallUnchecked(std::span<const uint64_t> args,
                                       std::span<uint64_t> results) const {
  wr::FuncInstance* f = Access::Get(*this);
  if (f == nullptr || store_ == nullptr) [[unlikely]] {
    return UncheckedFailure(nullptr, store_);
  }
  auto r = wr::interp::Invoke(store_->store, f, args, results);
  if (!r) [[unlikely]] {
    return UncheckedFailure(&r.error(), store_);
  }
  return {};
}

std::pair<size_t, size_t> Func::slot_counts() const {
  const wr::FuncInstance* f = Access::Get(*this);
  if (f == nullptr) return {0, 0};
  return {SlotCount(f->type->params), SlotCount(f->type->results)};
}

std::pair<size_t, size_t> Func::arity() const {
  const wr::FuncInstance* f = Access::Get(*this);
  if (f == nullptr) return {0, 0};
  return {f->type->params.size(), f->type->results.size()};
}

Error detail::TypedMismatch(const std::optional<FuncType>& have, const FuncType& want) {
  if (!have) return UsageError("typed function " + ToString(want) + ": a null function handle");
  return UsageError("typed function: the function is " + ToString(*have) + ", not " +
                    ToString(want));
}

Error detail::NoFunc(std::string_view name) {
  return UsageError("typed function: no exported function \"" + std::string(name) + "\"");
}

}  // namespace wasmrun
