// Resumable calls (Func::CallResumable, ResumableCall, Caller::Suspend) on the interpreter's
// resumable entry (interp/interpreter.h).
#include <string>
#include <vector>

#include "api/impl.h"
#include "interp/interpreter.h"

namespace wasmrun {

using detail::Access;
using detail::ModuleOf;
using detail::ResumableImpl;
using detail::SlotCount;
using detail::StoreImpl;

namespace {

// `values` checked against `types` (of `owner`'s module) into slots; why not, naming `what`.
std::optional<std::string> ToSlotVector(StoreImpl& s, std::span<const Value> values,
                                        const std::vector<wr::ValType>& types,
                                        const wr::Instance* owner, const char* what,
                                        std::vector<uint64_t>& out) {
  if (values.size() != types.size()) {
    return "wrong number of " + std::string(what) + "s: expected " + std::to_string(types.size()) +
           ", got " + std::to_string(values.size());
  }
  out.assign(SlotCount(types), 0);
  size_t k = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (auto why = Access::ToSlots(s, values[i], types[i], owner, out.data() + k)) {
      return std::string(what) + " " + std::to_string(i) + ": " + *why;
    }
    k += types[i].slots();
  }
  return std::nullopt;
}

// Updates `impl` after the interpreter returned `r` with the entry's results in `slots`.
Result<void, Trap> Settle(ResumableImpl& impl, wr::Expected<wr::interp::CallStatus, wr::Trap> r,
                          const std::vector<uint64_t>& slots) {
  StoreImpl* s = impl.store;
  if (!r) {
    impl.suspended = false;
    if (s->suspended == &impl) s->suspended = nullptr;  // not another call's (refused) registration
    return Fail(detail::ToPublic(r.error(), s));
  }
  if (*r == wr::interp::CallStatus::Suspended) {
    impl.suspended = true;
    s->suspended = &impl;
    return {};
  }
  impl.suspended = false;
  if (s->suspended == &impl) s->suspended = nullptr;
  const wr::FuncInstance* f = impl.entry;
  impl.results.clear();
  size_t k = 0;
  for (const wr::ValType& t : f->type->results) {
    impl.results.push_back(Access::FromSlots(*s, t, ModuleOf(f), slots.data() + k));
    k += t.slots();
  }
  return {};
}

}  // namespace

ResumableCall Access::MakeResumable(std::unique_ptr<ResumableImpl> impl) {
  ResumableCall c;
  c.impl_ = std::move(impl);
  return c;
}

Result<ResumableCall, Trap> Func::CallResumable(std::span<const Value> args) const {
  wr::FuncInstance* f = Access::Get(*this);
  StoreImpl* s = store_;
  if (f == nullptr || s == nullptr) return Fail(Trap::Host("call through a null function handle"));
  std::vector<uint64_t> in;
  if (auto why = ToSlotVector(*s, args, f->type->params, f->instance, "argument", in)) {
    return Fail(Trap::Host(*why));
  }
  std::vector<uint64_t> out(SlotCount(f->type->results));
  auto impl = std::make_unique<ResumableImpl>();
  impl->store = s;
  impl->entry = f;
  auto r = wr::interp::InvokeResumable(s->store, f, in, out);
  if (auto settled = Settle(*impl, std::move(r), out); !settled) {
    return Fail(std::move(settled).error());
  }
  return Access::MakeResumable(std::move(impl));
}

ResumableCall::ResumableCall() = default;
ResumableCall::ResumableCall(ResumableCall&&) noexcept = default;

ResumableCall& ResumableCall::operator=(ResumableCall&& other) noexcept {
  if (this != &other) {
    Drop();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

ResumableCall::~ResumableCall() {
  Drop();
}

void ResumableCall::Drop() {
  if (!impl_ || !impl_->suspended) return;
  impl_->suspended = false;
  if (StoreImpl* s = impl_->store) {
    wr::interp::DropSuspended(s->store);
    s->suspended = nullptr;
  }
}

bool ResumableCall::suspended() const {
  return impl_ && impl_->suspended && impl_->store != nullptr;
}

Func ResumableCall::host_function() const {
  if (!suspended()) return Func();
  const wr::FuncInstance* h = wr::interp::SuspendedHost(impl_->store->store);
  return h != nullptr ? Access::MakeFunc(impl_->store, const_cast<wr::FuncInstance*>(h)) : Func();
}

const std::vector<Value>& ResumableCall::results() const {
  static const std::vector<Value> kNone;
  return impl_ && !impl_->suspended ? impl_->results : kNone;
}

Result<void, Trap> ResumableCall::Resume(std::span<const Value> host_results) {
  if (!impl_ || !impl_->suspended) return Fail(Trap::Host("resume: the call is not suspended"));
  StoreImpl* s = impl_->store;
  if (s == nullptr) return Fail(Trap::Host("resume: the call's store is gone"));
  const wr::FuncInstance* host = wr::interp::SuspendedHost(s->store);
  if (host == nullptr) return Fail(Trap::Host("resume: the store has no suspended call"));
  std::vector<uint64_t> in;
  if (auto why = ToSlotVector(*s, host_results, host->type->results, nullptr, "result", in)) {
    return Fail(Trap::Host("resume: " + *why));  // still suspended: the host may try again
  }
  std::vector<uint64_t> out(SlotCount(impl_->entry->type->results));
  auto r = wr::interp::Resume(s->store, in, out);
  return Settle(*impl_, std::move(r), out);
}

Result<void> Caller::Suspend() const {
  if (store_ == nullptr) return Fail(detail::UsageError("Suspend: no store"));
  if (const char* why = wr::interp::RequestSuspend(store_->store)) {
    return Fail(detail::UsageError(why));
  }
  return {};
}

}  // namespace wasmrun
