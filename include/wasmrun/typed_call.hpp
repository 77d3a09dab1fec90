// wasmrun: typed calls of the public C++ API (included by wasmrun/wasmrun.hpp, which declares
// what they build on): TypedRef, the conversions between C++ types and wasm slots, TypedFunc,
// Func::Typed, Instance::GetTypedFunc and Linker::DefineTyped. Templates, so in a header;
// nothing here is called directly except through those.
#pragma once

#include "wasmrun/wasmrun.hpp"

namespace wasmrun {

// ---------------------------------------------------------------------------------------------
// Typed calls

/// A reference of the nullable abstract type (ref null H) as a typed-call parameter or result:
/// a Value checked against that type wherever it enters wasm.
template <HeapType H>
struct TypedRef {
  Value value = Value::Null(ValType::Ref(H, true));
};
using FuncRef = TypedRef<HeapType::Func>;      ///< funcref
using ExternRef = TypedRef<HeapType::Extern>;  ///< externref
using AnyRef = TypedRef<HeapType::Any>;        ///< anyref
using ExnRef = TypedRef<HeapType::Exn>;        ///< exnref

namespace detail {

// The typed-call types: their wasm type, their slots, and their conversions.
template <class T>
struct WasmType;
template <class T, ValType::Kind K>
struct NumWasmType {
  static constexpr bool kIsRef = false;
  static constexpr size_t kSlots = 1;
  static constexpr ValType Type() {
    switch (K) {
      case ValType::Kind::I64: return ValType::I64;
      case ValType::Kind::F32: return ValType::F32;
      case ValType::Kind::F64: return ValType::F64;
      default: return ValType::I32;
    }
  }
};
template <>
struct WasmType<int32_t> : NumWasmType<int32_t, ValType::Kind::I32> {
  static void Put(int32_t x, uint64_t* s) { s[0] = static_cast<uint32_t>(x); }
  static int32_t Take(const uint64_t* s) {
    return static_cast<int32_t>(static_cast<uint32_t>(s[0]));
  }
};
template <>
struct WasmType<uint32_t> : NumWasmType<uint32_t, ValType::Kind::I32> {
  static void Put(uint32_t x, uint64_t* s) { s[0] = x; }
  static uint32_t Take(const uint64_t* s) { return static_cast<uint32_t>(s[0]); }
};
template <>
struct WasmType<int64_t> : NumWasmType<int64_t, ValType::Kind::I64> {
  static void Put(int64_t x, uint64_t* s) { s[0] = static_cast<uint64_t>(x); }
  static int64_t Take(const uint64_t* s) { return static_cast<int64_t>(s[0]); }
};
template <>
struct WasmType<uint64_t> : NumWasmType<uint64_t, ValType::Kind::I64> {
  static void Put(uint64_t x, uint64_t* s) { s[0] = x; }
  static uint64_t Take(const uint64_t* s) { return s[0]; }
};
template <>
struct WasmType<float> : NumWasmType<float, ValType::Kind::F32> {
  static void Put(float x, uint64_t* s) { s[0] = std::bit_cast<uint32_t>(x); }
  static float Take(const uint64_t* s) { return std::bit_cast<float>(static_cast<uint32_t>(s[0])); }
};
template <>
struct WasmType<double> : NumWasmType<double, ValType::Kind::F64> {
  static void Put(double x, uint64_t* s) { s[0] = std::bit_cast<uint64_t>(x); }
  static double Take(const uint64_t* s) { return std::bit_cast<double>(s[0]); }
};
template <>
struct WasmType<Vec128> {
  static constexpr bool kIsRef = false;
  static constexpr size_t kSlots = 2;
  static constexpr ValType Type() { return ValType::V128; }
  static void Put(const Vec128& x, uint64_t* s) { std::memcpy(s, x.bytes, 16); }
  static Vec128 Take(const uint64_t* s) {
    Vec128 v;
    std::memcpy(v.bytes, s, 16);
    return v;
  }
};
template <HeapType H>
struct WasmType<TypedRef<H>> {
  static constexpr bool kIsRef = true;
  static constexpr size_t kSlots = 1;
  static constexpr ValType Type() { return ValType::Ref(H, true); }
  static Value ToValue(const TypedRef<H>& r) { return r.value; }
  static TypedRef<H> FromValue(Value v) { return TypedRef<H>{std::move(v)}; }
};

// Numbers and vectors as Values (the checked paths).
template <class T>
Value ToValue(const T& x) {
  if constexpr (WasmType<T>::kIsRef) {
    return WasmType<T>::ToValue(x);
  } else if constexpr (std::is_same_v<T, Vec128>) {
    return Value::FromV128(x);
  } else {
    uint64_t s[1];
    WasmType<T>::Put(x, s);
    switch (WasmType<T>::Type().kind()) {
      case ValType::Kind::I64: return Value::FromI64(static_cast<int64_t>(s[0]));
      case ValType::Kind::F32: return Value::FromF32Bits(static_cast<uint32_t>(s[0]));
      case ValType::Kind::F64: return Value::FromF64Bits(s[0]);
      default: return Value::FromI32(static_cast<int32_t>(static_cast<uint32_t>(s[0])));
    }
  }
}
template <class T>
T FromValue(const Value& v) {
  if constexpr (WasmType<T>::kIsRef) {
    return WasmType<T>::FromValue(v);
  } else if constexpr (std::is_same_v<T, Vec128>) {
    return v.v128();
  } else {
    uint64_t s[1] = {WasmType<T>::Type().kind() == ValType::Kind::I64 ||
                             WasmType<T>::Type().kind() == ValType::Kind::F64
                         ? static_cast<uint64_t>(v.i64())
                         : static_cast<uint32_t>(v.i32())};
    return WasmType<T>::Take(s);
  }
}

// A list of typed-call types.
template <class... T>
struct TypeList {
  static constexpr size_t kSlots = (size_t{0} + ... + WasmType<T>::kSlots);
  static constexpr bool kAnyRef = (false || ... || WasmType<T>::kIsRef);
  static std::vector<ValType> Types() { return {WasmType<T>::Type()...}; }
  // Slot offsets of each element.
  static constexpr std::array<size_t, sizeof...(T) + 1> Offsets() {
    std::array<size_t, sizeof...(T) + 1> o{};
    size_t k = 0, i = 0;
    ((o[i++] = k, k += WasmType<T>::kSlots), ...);
    o[i] = k;
    return o;
  }
};

// A typed-call result type R (void, T or std::tuple<T...>) as a list.
template <class R>
struct ResultList {
  using List = TypeList<R>;
  static R Take(const uint64_t* s) { return WasmType<R>::Take(s); }
  static void Put(const R& r, uint64_t* s) { WasmType<R>::Put(r, s); }
  static R FromValues(std::span<const Value> v) { return FromValue<R>(v[0]); }
  static void ToValues(const R& r, std::span<Value> v) { v[0] = ToValue(r); }
};
template <>
struct ResultList<void> {
  using List = TypeList<>;
  // Never called (there is no result to store); present so that generic code compiles.
  template <class X, class S>
  static void Put(const X&, S) {}
  template <class X, class S>
  static void ToValues(const X&, S) {}
};
template <class... T>
struct ResultList<std::tuple<T...>> {
  using List = TypeList<T...>;
  using R = std::tuple<T...>;
  static R Take(const uint64_t* s) { return Take(s, std::index_sequence_for<T...>{}); }
  template <size_t... I>
  static R Take([[maybe_unused]] const uint64_t* s, std::index_sequence<I...>) {
    [[maybe_unused]] constexpr auto off = List::Offsets();
    return R(WasmType<T>::Take(s + off[I])...);
  }
  static void Put(const R& r, uint64_t* s) { Put(r, s, std::index_sequence_for<T...>{}); }
  template <size_t... I>
  static void Put([[maybe_unused]] const R& r, [[maybe_unused]] uint64_t* s,
                  std::index_sequence<I...>) {
    [[maybe_unused]] constexpr auto off = List::Offsets();
    (WasmType<T>::Put(std::get<I>(r), s + off[I]), ...);
  }
  static R FromValues(std::span<const Value> v) {
    return FromValues(v, std::index_sequence_for<T...>{});
  }
  template <size_t... I>
  static R FromValues(std::span<const Value> v, std::index_sequence<I...>) {
    return R(FromValue<T>(v[I])...);
  }
  static void ToValues(const R& r, std::span<Value> v) {
    ToValues(r, v, std::index_sequence_for<T...>{});
  }
  template <size_t... I>
  static void ToValues(const R& r, std::span<Value> v, std::index_sequence<I...>) {
    ((v[I] = ToValue(std::get<I>(r))), ...);
  }
};

// The error of Func::Typed: the two signatures side by side.
// (nullopt: a null handle)
Error TypedMismatch(const std::optional<FuncType>& have, const FuncType& want);
// The error of Instance::GetTypedFunc when there is no function `name`.
Error NoFunc(std::string_view name);

// Splits a host callable's return type R into its value type and whether it is wrapped in a
// Result<., Trap>.
template <class R>
struct TypedRet {
  using Inner = R;
  static constexpr bool kIsResult = false;
};
template <class R>
struct TypedRet<Result<R, Trap>> {
  using Inner = R;
  static constexpr bool kIsResult = true;
};

template <class Sig>
struct CallableSig;
template <class C, class R, class... Args>
struct CallableSig<R (C::*)(Caller&, Args...) const> {
  using Ret = R;
  using ArgTuple = std::tuple<Args...>;
};
template <class C, class R, class... Args>
struct CallableSig<R (C::*)(Caller&, Args...)> : CallableSig<R (C::*)(Caller&, Args...) const> {};
template <class R, class... Args>
struct CallableSig<R (*)(Caller&, Args...)> {
  using Ret = R;
  using ArgTuple = std::tuple<Args...>;
};

template <class F, class = void>
struct CallableOf {
  using Sig = CallableSig<decltype(&F::operator())>;
};
template <class F>
struct CallableOf<F, std::enable_if_t<std::is_pointer_v<F>>> {
  using Sig = CallableSig<F>;
};

template <class R, class Tuple>
struct TypedThunk;
template <class R, class... Args>
struct TypedThunk<R, std::tuple<Args...>> {
  using Ret = TypedRet<R>;
  using Inner = typename Ret::Inner;
  using Params = TypeList<std::decay_t<Args>...>;
  using Results = ResultList<Inner>;
  static constexpr bool kRaw = !Params::kAnyRef && !Results::List::kAnyRef;

  static FuncType Type() { return FuncType{Params::Types(), Results::List::Types()}; }

  // Runs fn and stores its results with `put` (raw slots or Values).
  template <class F, class Put, class... A>
  static Result<void, Trap> Run(F& fn, Caller& caller, Put&& put, A&&... args) {
    if constexpr (Ret::kIsResult) {
      auto r = fn(caller, std::forward<A>(args)...);
      if (!r) return Fail(std::move(r).error());
      if constexpr (!std::is_void_v<Inner>) put(*r);
    } else if constexpr (std::is_void_v<Inner>) {
      fn(caller, std::forward<A>(args)...);
    } else {
      put(fn(caller, std::forward<A>(args)...));
    }
    return {};
  }

  template <class F, size_t... I>
  static Result<void, Trap> CallRaw(F& fn, Caller& caller,
                                    [[maybe_unused]] std::span<const uint64_t> args,
                                    [[maybe_unused]] std::span<uint64_t> results,
                                    std::index_sequence<I...>) {
    [[maybe_unused]] constexpr auto off = Params::Offsets();
    return Run(
        fn, caller, [&](const auto& r) { Results::Put(r, results.data()); },
        WasmType<std::decay_t<Args>>::Take(args.data() + off[I])...);
  }

  template <class F, size_t... I>
  static Result<void, Trap> CallValues(F& fn, Caller& caller,
                                       [[maybe_unused]] std::span<const Value> args,
                                       [[maybe_unused]] std::span<Value> results,
                                       std::index_sequence<I...>) {
    return Run(
        fn, caller, [&](const auto& r) { Results::ToValues(r, results); },
        FromValue<std::decay_t<Args>>(args[I])...);
  }
};

}  // namespace detail

/// A function whose signature was checked once (Func::Typed, Instance::GetTypedFunc) against
/// R(Args...): each Arg a typed-call type (see Linker::DefineTyped), R void, one of them or a
/// std::tuple of them (several results). Calls of numbers and vectors only go straight to the
/// interpreter on slots on the C++ stack: no check, no allocation. References are checked at
/// each call as Func::Call checks them. A TypedFunc is a handle like Func.
template <class R, class... Args>
class TypedFunc<R(Args...)> {
 public:
  using Params = detail::TypeList<Args...>;
  using Results = detail::ResultList<R>;
  using Ret = std::conditional_t<std::is_void_v<R>, void, R>;

  /// A null handle.
  TypedFunc() = default;
  /// The function.
  const Func& func() const { return func_; }
  /// Calls the function; its results, or the trap that stopped it.
  Result<Ret, Trap> Call(const Args&... args) const {
    if constexpr (!Params::kAnyRef && !Results::List::kAnyRef) {
      uint64_t in[Params::kSlots > 0 ? Params::kSlots : 1];
      uint64_t out[Results::List::kSlots > 0 ? Results::List::kSlots : 1];
      PutArgs(in, args..., std::index_sequence_for<Args...>{});
      auto r = func_.CallUnchecked(std::span<const uint64_t>(in, Params::kSlots),
                                   std::span<uint64_t>(out, Results::List::kSlots));
      if (!r) return Fail(std::move(r).error());
      if constexpr (std::is_void_v<R>) {
        return {};
      } else {
        return Results::Take(out);
      }
    } else {
      Value in[sizeof...(Args) > 0 ? sizeof...(Args) : 1] = {detail::ToValue(args)...};
      constexpr size_t kResults = Results::List::Offsets().size() - 1;
      Value out[kResults > 0 ? kResults : 1];
      auto r =
          func_.Call(std::span<const Value>(in, sizeof...(Args)), std::span<Value>(out, kResults));
      if (!r) return Fail(std::move(r).error());
      if constexpr (std::is_void_v<R>) {
        return {};
      } else {
        return Results::FromValues(std::span<const Value>(out, kResults));
      }
    }
  }

 private:
  friend class Func;
  template <size_t... I>
  static void PutArgs([[maybe_unused]] uint64_t* in, const Args&... args,
                      std::index_sequence<I...>) {
    [[maybe_unused]] constexpr auto off = Params::Offsets();
    (detail::WasmType<Args>::Put(args, in + off[I]), ...);
  }
  Func func_;
};

template <class Sig>
Result<TypedFunc<Sig>> Func::Typed() const {
  FuncType want{TypedFunc<Sig>::Params::Types(), TypedFunc<Sig>::Results::List::Types()};
  if (!valid()) return Fail(detail::TypedMismatch(std::nullopt, want));
  TypedFunc<Sig> t;
  FuncType have = type();
  if (!(have == want)) return Fail(detail::TypedMismatch(have, want));
  t.func_ = *this;
  return t;
}

template <class Sig>
Result<TypedFunc<Sig>> Instance::GetTypedFunc(std::string_view name) const {
  std::optional<Func> f = GetFunc(name);
  if (!f) return Fail(detail::NoFunc(name));
  return f->Typed<Sig>();
}

template <class F>
Func Linker::DefineTyped(std::string module, std::string name, F fn) {
  using Sig = typename detail::CallableOf<std::decay_t<F>>::Sig;
  using Thunk = detail::TypedThunk<typename Sig::Ret, typename Sig::ArgTuple>;
  constexpr size_t kArgs = std::tuple_size_v<typename Sig::ArgTuple>;
  if constexpr (Thunk::kRaw) {
    auto f = DefineUnchecked(std::move(module), std::move(name), Thunk::Type(),
                             [fn = std::move(fn)](Caller& caller, std::span<const uint64_t> args,
                                                  std::span<uint64_t> results) mutable {
                               return Thunk::CallRaw(fn, caller, args, results,
                                                     std::make_index_sequence<kArgs>{});
                             });
    return f ? *f : Func();
  } else {
    return DefineFunc(std::move(module), std::move(name), Thunk::Type(),
                      [fn = std::move(fn)](Caller& caller, std::span<const Value> args,
                                           std::span<Value> results) mutable {
                        return Thunk::CallValues(fn, caller, args, results,
                                                 std::make_index_sequence<kArgs>{});
                      });
  }
}

}  // namespace wasmrun
