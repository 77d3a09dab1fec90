// Compiler portability macros shared by every layer.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define WR_LIKELY(x) __builtin_expect(!!(x), 1)
#define WR_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WR_ALWAYS_INLINE inline __attribute__((always_inline))
#define WR_NOINLINE __attribute__((noinline))
#define WR_HAS_COMPUTED_GOTO 1
#else
#define WR_LIKELY(x) (x)
#define WR_UNLIKELY(x) (x)
#define WR_ALWAYS_INLINE inline
#define WR_NOINLINE
#define WR_HAS_COMPUTED_GOTO 0
#endif

#if defined(__clang__) && __has_attribute(musttail)
#define WR_MUSTTAIL [[clang::musttail]]
#else
#define WR_MUSTTAIL
#endif

// wasm is little-endian; the runtime reads and writes linear memory with memcpy and assumes a
// little-endian host so that no byte swapping is needed.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "wasmrun requires a little-endian host");
