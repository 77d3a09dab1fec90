// Manual AddressSanitizer poisoning, for memory the engine manages itself (the collector's
// free cells): poisoned bytes fault when touched, as freed malloc blocks do. Nothing without
// ASan.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define WR_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WR_HAVE_ASAN 1
#endif
#endif

#ifdef WR_HAVE_ASAN
#include <sanitizer/asan_interface.h>
#define WR_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define WR_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define WR_POISON(p, n) (static_cast<void>(p), static_cast<void>(n))
#define WR_UNPOISON(p, n) (static_cast<void>(p), static_cast<void>(n))
#endif
