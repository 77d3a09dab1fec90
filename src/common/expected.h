// Expected<T, E>: a value or an error, with the shape of C++23's std::expected so that it can
// be replaced by a `using` once the project moves to C++23. Used on every cold path (decode,
// validate, link, instantiate, WASI); the interpreter's hot loop never returns one.
#pragma once

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace wr {

template <class E>
class Unexpected {
 public:
  explicit Unexpected(E e) : error_(std::move(e)) {}
  E& error() & { return error_; }
  const E& error() const& { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_;
};

template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class [[nodiscard]] Expected {
 public:
  using value_type = T;
  using error_type = E;

  Expected() requires std::is_default_constructible_v<T> : v_(std::in_place_index<0>) {}
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  template <class G>
  Expected(Unexpected<G> u) : v_(std::in_place_index<1>, E(std::move(u).error())) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return *std::get_if<0>(&v_);
  }
  const T& value() const& {
    assert(has_value());
    return *std::get_if<0>(&v_);
  }
  T&& value() && {
    assert(has_value());
    return std::move(*std::get_if<0>(&v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & {
    assert(!has_value());
    return *std::get_if<1>(&v_);
  }
  const E& error() const& {
    assert(!has_value());
    return *std::get_if<1>(&v_);
  }
  E&& error() && {
    assert(!has_value());
    return std::move(*std::get_if<1>(&v_));
  }

 private:
  std::variant<T, E> v_;
};

// Expected<void, E>: success carries no value.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  // User-provided, not defaulted: `return {};` must not zero the whole error storage.
  Expected() {}  // NOLINT(modernize-use-equals-default)
  template <class G>
  Expected(Unexpected<G> u) : error_(E(std::move(u).error())) {}  // NOLINT

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  void value() const { assert(has_value()); }

  E& error() & {
    assert(!has_value());
    return *error_;
  }
  const E& error() const& {
    assert(!has_value());
    return *error_;
  }
  E&& error() && {
    assert(!has_value());
    return std::move(*error_);
  }

 private:
  // Success constructs no E: host calls return this on every call, and E may be a Trap.
  std::optional<E> error_;
};

}  // namespace wr

// Propagates an error: `WR_TRY(auto x, Foo());` or `WR_TRY_VOID(Bar());`.
#define WR_CONCAT_INNER(a, b) a##b
#define WR_CONCAT(a, b) WR_CONCAT_INNER(a, b)
#define WR_TRY_IMPL(tmp, decl, expr)                 \
  auto tmp = (expr);                                 \
  if (!tmp.has_value()) {                            \
    return ::wr::Unexpected(std::move(tmp).error()); \
  }                                                  \
  decl = std::move(tmp).value()
#define WR_TRY(decl, expr) WR_TRY_IMPL(WR_CONCAT(wr_try_, __LINE__), decl, expr)
#define WR_TRY_VOID(expr)                                       \
  do {                                                          \
    auto wr_try_void_ = (expr);                                 \
    if (!wr_try_void_.has_value()) {                            \
      return ::wr::Unexpected(std::move(wr_try_void_).error()); \
    }                                                           \
  } while (0)
