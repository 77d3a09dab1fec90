// wasmrun::Result<T, E>: a value or an error, the return type of every fallible call in the
// public API (the library never throws). Also the public Error type.
//
// Part of the public embedding API: self-contained, includes only the standard library and
// wasmrun/types.hpp.
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "wasmrun/value.hpp"

namespace wasmrun {

/// Which stage produced an Error.
enum class ErrorKind : uint8_t {
  Decode,       ///< malformed binary module ("unexpected end", "magic header not detected"...)
  Validate,     ///< invalid module ("type mismatch", "unknown function 3"...)
  Text,         ///< malformed text module (the offset is a source line)
  Link,         ///< unresolved or incompatible import ("unknown import", ...)
  Instantiate,  ///< a host limit during instantiation (memory or table too large)
  Trap,         ///< instantiation trapped (segment out of bounds, start function)
  OutOfBounds,  ///< a host access to a memory or table outside its bounds
  Resource,     ///< a memory or table could not grow (declared maximum or host limit)
  Io,           ///< a file could not be read
  Usage,        ///< the embedder misused the API (wrong argument count, foreign handle...)
};

/// Returns a short lower-case name for `kind` ("decode", "link", ...).
const char* ToString(ErrorKind kind);

/// What went wrong on a cold path, and where.
struct Error {
  ErrorKind kind = ErrorKind::Usage;
  /// The spec test suite's wording where it has one, possibly followed by detail.
  std::string message;
  /// Byte offset in the module binary (Decode, Validate) or source line (Text), if known.
  std::optional<uint64_t> offset;
  /// kind == Trap: the trap (its message is also in `message`).
  std::optional<Trap> trap;

  /// "decode error at offset 0x1a: unexpected end" style, for people.
  std::string ToString() const;
};

/// Marks a value as the error alternative of a Result: `return Fail(Error{...});`.
template <class E>
struct Failure {
  E error;
};
/// Wraps `e` so that it converts to any Result<T, E>.
template <class E>
Failure<std::decay_t<E>> Fail(E&& e) {
  return {std::forward<E>(e)};
}

/// A T on success, an E on failure. Test with `if (r)` / `r.ok()`, then use `*r` or `r.error()`.
/// Accessing the wrong alternative is a programming error (asserted in debug builds).
template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  /// A successful result holding `value`.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  /// A failed result holding `f.error`.
  template <class G>
  Result(Failure<G> f) : v_(std::in_place_index<1>, E(std::move(f.error))) {}  // NOLINT

  /// True on success.
  bool ok() const { return v_.index() == 0; }
  /// True on success.
  explicit operator bool() const { return ok(); }

  /// The value; requires ok().
  T& value() & {
    assert(ok());
    return *std::get_if<0>(&v_);
  }
  /// The value; requires ok().
  const T& value() const& {
    assert(ok());
    return *std::get_if<0>(&v_);
  }
  /// The value, moved out; requires ok().
  T&& value() && {
    assert(ok());
    return std::move(*std::get_if<0>(&v_));
  }
  /// The value; requires ok().
  T& operator*() & { return value(); }
  /// The value; requires ok().
  const T& operator*() const& { return value(); }
  /// The value, moved out; requires ok().
  T&& operator*() && { return std::move(*this).value(); }
  /// Member access to the value; requires ok().
  T* operator->() { return &value(); }
  /// Member access to the value; requires ok().
  const T* operator->() const { return &value(); }

  /// The error; requires !ok().
  const E& error() const& {
    assert(!ok());
    return *std::get_if<1>(&v_);
  }
  /// The error, moved out; requires !ok().
  E&& error() && {
    assert(!ok());
    return std::move(*std::get_if<1>(&v_));
  }

 private:
  std::variant<T, E> v_;
};

/// Result with no value: success, or an E.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  /// Success. (User-provided, not defaulted: `return {};` must not zero the error's storage,
  /// which costs more than the rest of a typed call.)
  Result() {}  // NOLINT(modernize-use-equals-default)
  /// A failed result holding `f.error`.
  template <class G>
  Result(Failure<G> f) : error_(E(std::move(f.error))) {}  // NOLINT: implicit

  /// True on success.
  bool ok() const { return !error_.has_value(); }
  /// True on success.
  explicit operator bool() const { return ok(); }
  /// The error; requires !ok().
  const E& error() const& {
    assert(!ok());
    return *error_;
  }
  /// The error, moved out; requires !ok().
  E&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<E> error_;
};

}  // namespace wasmrun
