// Loading (decode, validate, intern types) is linear in the size of the module, and every
// implementation limit (ir/limits.h) is enforced with an error naming it.
//
// Each quantity a small file can make large gets a generator of an N-sized module, and the test
// loads N and 4N: bytes allocated (counted by the replaced global operator new below, so
// deterministic) must grow at most ~4.5x, and time (the best of three runs) less than 10x,
// where a quadratic algorithm would take 16x. Sizes are large enough that a quadratic one also
// fails clearly in absolute terms.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <new>
#include <string>
#include <vector>

#include "binary/reader.h"
#include "ir/limits.h"
#include "runtime/type_registry.h"
#include "valid/validator.h"

// ---- Allocation counting (this test executable only)

namespace {

std::atomic<uint64_t> g_allocated{0};  // bytes ever allocated
std::atomic<uint64_t> g_live{0};       // bytes allocated and not yet freed
std::atomic<uint64_t> g_peak{0};       // high-water mark of g_live

// Each block carries its size in a header, so that unsized delete knows what it frees.
constexpr size_t kHeader = 16;

void* CountedAlloc(size_t n) {
  void* p = std::malloc(n + kHeader);
  if (p == nullptr) return nullptr;
  *static_cast<size_t*>(p) = n;
  g_allocated.fetch_add(n, std::memory_order_relaxed);
  const uint64_t live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  uint64_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  return static_cast<char*>(p) + kHeader;
}

void CountedFree(void* p) {
  if (p == nullptr) return;
  void* base = static_cast<char*>(p) - kHeader;
  g_live.fetch_sub(*static_cast<size_t*>(base), std::memory_order_relaxed);
  std::free(base);
}

}  // namespace

void* operator new(size_t n) {
  if (void* p = CountedAlloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) {
  if (void* p = CountedAlloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  return CountedAlloc(n);
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept {
  return CountedAlloc(n);
}
void operator delete(void* p) noexcept {
  CountedFree(p);
}
void operator delete[](void* p) noexcept {
  CountedFree(p);
}
void operator delete(void* p, size_t) noexcept {
  CountedFree(p);
}
void operator delete[](void* p, size_t) noexcept {
  CountedFree(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  CountedFree(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  CountedFree(p);
}

namespace wr {
namespace {

#ifdef __GLIBC__
// Keep freed memory in the heap rather than return it to the kernel between runs.
const bool g_malloc_tuned = [] {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc accepts
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return true;
}();
#endif

// Instructions retired in user space by this thread, where the kernel lets us count them: a
// measure of work that, unlike time, neither the load of the machine nor caches change.
class InstructionCounter {
 public:
  InstructionCounter() {
#ifdef __linux__
    perf_event_attr attr{};
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    fd_ = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    // Some VMs open the counter but never count: then it is of no use.
    if (fd_ >= 0) {
      const uint64_t before = Read();
      volatile uint64_t sink = 0;
      for (int i = 0; i < 1000; ++i) sink = sink + static_cast<uint64_t>(i);
      if (Read() == before) {
        close(fd_);
        fd_ = -1;
      }
    }
#endif
  }
  ~InstructionCounter() {
#ifdef __linux__
    if (fd_ >= 0) close(fd_);
#endif
  }
  InstructionCounter(const InstructionCounter&) = delete;
  InstructionCounter& operator=(const InstructionCounter&) = delete;

  bool available() const {
    return fd_ >= 0;
  }
  uint64_t Read() const {
    uint64_t v = 0;
#ifdef __linux__
    if (fd_ >= 0 && read(fd_, &v, sizeof v) != static_cast<ssize_t>(sizeof v)) v = 0;
#endif
    return v;
  }

 private:
  int fd_ = -1;
};

const InstructionCounter& Instructions() {
  static const InstructionCounter counter;
  return counter;
}

// ---- Building modules in memory

using Bytes = std::vector<uint8_t>;

void Leb(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
}

// A type index in a heap type (s33).
void SLeb(Bytes& out, int64_t v) {
  for (;;) {
    const uint8_t b = v & 0x7f;
    v >>= 7;
    if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
      out.push_back(b);
      return;
    }
    out.push_back(b | 0x80);
  }
}

void Append(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}

class Wasm {
 public:
  Wasm() : bytes_{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00} {}
  // A section with `count` entries whose bytes are `entries`.
  Wasm& Section(uint8_t id, uint64_t count, const Bytes& entries) {
    Bytes payload;
    Leb(payload, count);
    Append(payload, entries);
    return Raw(id, payload);
  }
  Wasm& Raw(uint8_t id, const Bytes& payload) {
    bytes_.push_back(id);
    Leb(bytes_, payload.size());
    Append(bytes_, payload);
    return *this;
  }
  const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

enum : uint8_t { kType = 1, kImport = 2, kFunc = 3, kMemory = 5, kExport = 7 };
enum : uint8_t { kElem = 9, kCode = 10, kData = 11 };

// `(func)` once; `n` functions of it with the bodies `body(i)` (instructions, final end
// included; no locals unless `locals` is given).
Bytes FuncBody(const Bytes& locals, const Bytes& instrs) {
  Bytes body = locals.empty() ? Bytes{0x00} : locals;
  Append(body, instrs);
  Bytes out;
  Leb(out, body.size());
  Append(out, body);
  return out;
}

// One function of type 0 whose body is `instrs` (ending in its final end).
Wasm OneFunc(const Bytes& types_section_entries, uint32_t num_types, const Bytes& locals,
             const Bytes& instrs) {
  Wasm w;
  w.Section(kType, num_types, types_section_entries);
  w.Section(kFunc, 1, {0x00});
  w.Section(kCode, 1, FuncBody(locals, instrs));
  return w;
}

// A subtype chain: type i is (sub i-1 (struct)), type 0 has no supertype. Types past depth
// `max_depth` start a new chain.
Bytes SubtypeChains(uint32_t n, uint32_t max_depth) {
  Bytes types;
  for (uint32_t i = 0; i < n; ++i) {
    types.push_back(0x50);  // sub (not final)
    if (i % (max_depth + 1) == 0) {
      types.push_back(0x00);
    } else {
      types.push_back(0x01);
      Leb(types, i - 1);
    }
    types.insert(types.end(), {0x5f, 0x00});  // struct, no fields
  }
  return Wasm().Section(kType, n, types).bytes();
}

// ---- Loading and measuring

struct Load {
  Result<void> result;
  size_t registry_types = 0;
};

valid::Options AllFeatures() {
  valid::Options o;
  valid::Features& f = o.features;
  f.tail_call = f.exceptions = f.func_refs = f.gc = f.memory64 = f.multi_memory = true;
  f.extended_const = f.relaxed_simd = f.custom_page_sizes = true;
  return o;
}

// What loading a module does before instantiation: decode, validate, intern its types.
Load LoadModule(const Bytes& bytes) {
  Load out;
  auto m = binary::ReadModule(bytes);
  if (!m.has_value()) {
    out.result = Unexpected(std::move(m).error());
    return out;
  }
  out.result = valid::ValidateModule(*m, AllFeatures());
  if (out.result.has_value()) {
    TypeRegistry registry;
    registry.InternModule(*m);
    out.registry_types = registry.size();
  }
  return out;
}

// CPU time of this thread: unlike wall time, not inflated while other processes run.
double ThreadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Decode and validate only. For the deepest chains: before the depth limit, interning one of
// them took memory quadratic in its depth, and a regression should fail the test, not exhaust
// the machine (RegistryIsLinearInChainLength covers the registry with smaller chains).
Load ValidateOnly(const Bytes& bytes) {
  Load out;
  auto m = binary::ReadModule(bytes);
  if (!m.has_value()) {
    out.result = Unexpected(std::move(m).error());
    return out;
  }
  out.result = valid::ValidateModule(*m, AllFeatures());
  return out;
}

using Loader = Load (*)(const Bytes&);

struct Cost {
  uint64_t allocated = 0;     // bytes
  uint64_t peak = 0;          // bytes live at the high-water mark, above the start
  uint64_t instructions = 0;  // retired (0 when they cannot be counted)
  double seconds = 0;
};

// Loads the module once (the module's bytes are built outside the measurement); `c.seconds`
// keeps the best time over calls.
void Measure(const Bytes& bytes, const std::function<void(const Load&)>& check, Loader load,
             Cost& c) {
  const uint64_t allocated = g_allocated.load();
  const uint64_t live = g_live.load();
  g_peak.store(live);
  const uint64_t instructions = Instructions().Read();
  const double start = ThreadSeconds();
  Load l = load(bytes);
  const double stop = ThreadSeconds();
  c.instructions = Instructions().Read() - instructions;
  c.allocated = g_allocated.load() - allocated;
  c.peak = g_peak.load() - live;
  c.seconds = std::min(c.seconds, stop - start);
  check(l);
}

void ExpectOk(const Load& l) {
  EXPECT_TRUE(l.result.has_value()) << l.result.error().ToString();
}

// Loads gen(n) and gen(4n) and checks that cost grows linearly.
void ExpectLinear(const char* what, const std::function<Bytes(uint32_t)>& gen, uint32_t n,
                  const std::function<void(const Load&)>& check = ExpectOk,
                  Loader load = LoadModule) {
  const Bytes small = gen(n);
  const Bytes large = gen(4 * n);
  // The large one first, untimed, so that both find the heap grown: otherwise the large one
  // alone pays for fresh pages from the kernel, which on a VM costs more than the work.
  Cost a, b;
  a.seconds = b.seconds = 1e9;
  Measure(large, check, load, b);
  b.seconds = 1e9;
  for (int run = 0; run < 3; ++run) {
    Measure(small, check, load, a);
    Measure(large, check, load, b);
  }
  auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf(
      "%s: n=%u, %zu bytes: %.2f ms, %llu instructions, %llu allocated, %llu peak; "
      "4n, %zu bytes: %.2f ms, %llu instructions, %llu allocated, %llu peak\n",
      what, n, small.size(), a.seconds * 1e3, u(a.instructions), u(a.allocated), u(a.peak),
      large.size(), b.seconds * 1e3, u(b.instructions), u(b.allocated), u(b.peak));
  constexpr uint64_t kSlackBytes = 64 * 1024;
  EXPECT_LE(b.allocated, a.allocated * 9 / 2 + kSlackBytes) << what;
  EXPECT_LE(b.peak, a.peak * 9 / 2 + kSlackBytes) << what;
  if (Instructions().available()) {
    // Work: linear is 4x (a little more for the hash tables' and sorts' logarithms);
    // quadratic is 16x.
    EXPECT_LT(b.instructions, 8 * a.instructions + 100'000) << what;
  } else {
    // CPU time, where work cannot be counted: caches and page faults make the ratio noisy,
    // hence the generous bound and a couple of milliseconds of slack.
    EXPECT_LT(b.seconds, 10 * a.seconds + 0.002) << what;
  }
}

bool Contains(const Load& l, const std::string& text) {
  return !l.result.has_value() && l.result.error().message.find(text) != std::string::npos;
}

// ---- Subtyping depth

TEST(SubtypeDepth, ChainAtTheLimitIsValid) {
  // 64 types: the last one has depth 63.
  const Load l = LoadModule(SubtypeChains(64, 1000));
  ASSERT_TRUE(l.result.has_value()) << l.result.error().ToString();
}

TEST(SubtypeDepth, ChainPastTheLimitIsRejected) {
  const Load l = LoadModule(SubtypeChains(65, 1000));
  EXPECT_TRUE(Contains(l, "subtype depth exceeds limit 63")) << l.result.error().ToString();
}

TEST(SubtypeDepth, DeepChainIsRejectedLinearly) {
  // Before the limit, a chain 20,000 deep took seconds and most of a gigabyte to load.
  ExpectLinear(
      "subtype chain", [](uint32_t n) { return SubtypeChains(n, n); }, 25'000,
      [](const Load& l) { EXPECT_TRUE(Contains(l, "subtype depth exceeds limit 63")); },
      ValidateOnly);
}

TEST(SubtypeDepth, Chain100000DeepIsRejectedFast) {
  const Bytes bytes = SubtypeChains(100'000, 100'000);
  const double start = ThreadSeconds();
  const Load l = ValidateOnly(bytes);
  const double seconds = ThreadSeconds() - start;
  std::printf("chain of 100000 (%zu bytes) rejected in %.2f ms\n", bytes.size(), seconds * 1e3);
  EXPECT_TRUE(Contains(l, "subtype depth exceeds limit 63"));
  // About 20 ms in a release build; the bound leaves room for sanitizers and slow machines.
  EXPECT_LT(seconds, 2.0);
}

TEST(SubtypeDepth, ManyChainsAtTheLimitLoadLinearly) {
  ExpectLinear(
      "chains of depth 63", [](uint32_t n) { return SubtypeChains(n, 63); }, 16'384);
}

// The registry alone (it also serves modules that were not validated): a chain deeper than
// the limit must not cost the square of its depth.
TEST(SubtypeDepth, RegistryIsLinearInChainLength) {
  auto intern = [](uint32_t n) {
    Module m;
    for (uint32_t i = 0; i < n; ++i) {
      DefType t;
      t.kind = DefType::Kind::Struct;
      t.is_final = false;
      if (i > 0) t.supertypes = {i - 1};
      t.rec_group = i;
      m.types.push_back(std::move(t));
    }
    const uint64_t before = g_allocated.load();
    TypeRegistry registry;
    registry.InternModule(m);
    EXPECT_EQ(registry.size(), n);
    return g_allocated.load() - before;
  };
  const uint64_t a = intern(5'000);
  const uint64_t b = intern(20'000);
  EXPECT_LE(b, a * 9 / 2 + 64 * 1024) << a << " then " << b;
}

TEST(SubtypeDepth, RegistryDisplaysAnswerSubtyping) {
  // Two chains of depth 63 in one module, interned twice (the second time finds them all).
  const auto m = binary::ReadModule(SubtypeChains(128, 63));
  ASSERT_TRUE(m.has_value());
  ASSERT_TRUE(valid::ValidateModule(*m, AllFeatures()).has_value());
  TypeRegistry registry;
  const std::vector<uint32_t> ids = registry.InternModule(*m);
  EXPECT_EQ(registry.InternModule(*m), ids);
  for (uint32_t sub = 0; sub < 128; ++sub) {
    for (uint32_t super = 0; super < 128; ++super) {
      // The two chains are equivalent type by type, so they share canonical ids.
      const bool want = super % 64 <= sub % 64;
      ASSERT_EQ(registry.IsSubtype(ids[sub], ids[super]), want) << sub << " <: " << super;
    }
  }
}

TEST(SubtypeDepth, ValidatorMatchesAlongTheChain) {
  // (func (param (ref 63)) (result (ref 0)) local.get 0) is valid: 63 <: 0 by a chain of 63.
  Bytes types;
  for (uint32_t i = 0; i < 64; ++i) {
    types.push_back(0x50);
    if (i == 0) {
      types.push_back(0x00);
    } else {
      types.push_back(0x01);
      Leb(types, i - 1);
    }
    types.insert(types.end(), {0x5f, 0x00});
  }
  auto module = [&](uint8_t param, uint8_t result) {
    Bytes t = types;
    t.insert(t.end(), {0x60, 0x01, 0x64, param, 0x01, 0x64, result});  // type 64
    Wasm w;
    w.Section(kType, 65, t);
    w.Section(kFunc, 1, {64});
    w.Section(kCode, 1, FuncBody({}, {0x20, 0x00, 0x0b}));
    return w.bytes();
  };
  EXPECT_TRUE(LoadModule(module(63, 0)).result.has_value());
  EXPECT_TRUE(LoadModule(module(40, 17)).result.has_value());
  EXPECT_TRUE(LoadModule(module(5, 5)).result.has_value());
  EXPECT_TRUE(Contains(LoadModule(module(0, 63)), "type mismatch"));
  EXPECT_TRUE(Contains(LoadModule(module(17, 40)), "type mismatch"));
}

// ---- Types and rec groups

Bytes DistinctTypes(uint32_t n) {
  // Type i: (struct (field (ref null i-1))), so that no two are equivalent.
  Bytes types{0x5f, 0x00};
  for (uint32_t i = 1; i < n; ++i) {
    types.insert(types.end(), {0x5f, 0x01, 0x63});
    SLeb(types, i - 1);
    types.push_back(0x00);
  }
  return Wasm().Section(kType, n, types).bytes();
}

TEST(Types, ManyTypesLoadLinearly) {
  ExpectLinear("types", DistinctTypes, 25'000);
}

TEST(Types, LargeRecGroupLoadsLinearly) {
  ExpectLinear(
      "rec group",
      [](uint32_t n) {
        // One group: type i is (struct (field (ref null i+1 mod n))).
        Bytes types{0x4e};
        Leb(types, n);
        for (uint32_t i = 0; i < n; ++i) {
          types.insert(types.end(), {0x5f, 0x01, 0x63});
          SLeb(types, (i + 1) % n);
          types.push_back(0x00);
        }
        return Wasm().Section(kType, 1, types).bytes();
      },
      25'000);
}

TEST(Types, TooManyTypes) {
  // One rec group declaring more types than the limit; rejected before they are read.
  Bytes types{0x4e};
  Leb(types, limits::kMaxTypes + 1);
  for (uint32_t i = 0; i <= limits::kMaxTypes; ++i) types.insert(types.end(), {0x5f, 0x00});
  const Load l = LoadModule(Wasm().Section(kType, 1, types).bytes());
  EXPECT_TRUE(Contains(l, "number of types exceeds limit 1000000"));
}

TEST(Types, TooManyRecGroups) {
  Bytes groups;
  for (uint32_t i = 0; i <= limits::kMaxRecGroups; ++i) groups.insert(groups.end(), {0x4e, 0x00});
  const Load l = LoadModule(Wasm().Section(kType, limits::kMaxRecGroups + 1, groups).bytes());
  EXPECT_TRUE(Contains(l, "number of rec groups exceeds limit 1000000"));
}

// ---- Struct fields, params and results

TEST(Types, StructFieldsLoadLinearly) {
  // A struct of n fields and a subtype of it with the same fields (checked field by field).
  ExpectLinear(
      "struct fields",
      [](uint32_t n) {
        Bytes fields;
        Leb(fields, n);
        for (uint32_t i = 0; i < n; ++i) fields.insert(fields.end(), {0x63, 0x00, 0x00});
        Bytes types{0x50, 0x00, 0x5f};
        Append(types, fields);
        types.insert(types.end(), {0x50, 0x01, 0x00, 0x5f});
        Append(types, fields);
        return Wasm().Section(kType, 2, types).bytes();
      },
      2'500);
}

TEST(Types, TooManyStructFields) {
  Bytes types{0x5f};
  Leb(types, limits::kMaxStructFields + 1);
  for (uint32_t i = 0; i <= limits::kMaxStructFields; ++i) types.insert(types.end(), {0x7f, 0x00});
  const Load l = LoadModule(Wasm().Section(kType, 1, types).bytes());
  EXPECT_TRUE(Contains(l, "number of struct fields exceeds limit 10000"));
}

Bytes FuncType(uint32_t params, uint32_t results) {
  Bytes t{0x60};
  Leb(t, params);
  t.insert(t.end(), params, 0x7f);
  Leb(t, results);
  t.insert(t.end(), results, 0x7f);
  return t;
}

TEST(Types, ParamsAndResultsLoadLinearly) {
  // A function of n params and n results that calls itself (the call checks every param).
  ExpectLinear(
      "params and results",
      [](uint32_t n) {
        Bytes body;
        for (uint32_t i = 0; i < n; ++i) {
          body.push_back(0x20);
          Leb(body, i);
        }
        body.insert(body.end(), {0x10, 0x00, 0x0b});
        return OneFunc(FuncType(n, n), 1, {}, body).bytes();
      },
      250);
}

TEST(Types, TooManyParams) {
  const Load l = LoadModule(Wasm().Section(kType, 1, FuncType(1001, 0)).bytes());
  EXPECT_TRUE(Contains(l, "number of params exceeds limit 1000"));
}

TEST(Types, TooManyResults) {
  const Load l = LoadModule(Wasm().Section(kType, 1, FuncType(0, 1001)).bytes());
  EXPECT_TRUE(Contains(l, "number of results exceeds limit 1000"));
}

// ---- Functions, imports, exports, segments

Bytes Functions(uint32_t n, bool with_exports) {
  Wasm w;
  w.Section(kType, 1, {0x60, 0x00, 0x00});
  w.Section(kFunc, n, Bytes(n, 0x00));
  if (with_exports) {
    Bytes exports;
    for (uint32_t i = 0; i < n; ++i) {
      const std::string name = std::to_string(i);
      Leb(exports, name.size());
      exports.insert(exports.end(), name.begin(), name.end());
      exports.push_back(0x00);
      Leb(exports, i);
    }
    w.Section(kExport, n, exports);
  }
  Bytes code;
  for (uint32_t i = 0; i < n; ++i) code.insert(code.end(), {0x02, 0x00, 0x0b});
  w.Section(kCode, n, code);
  return w.bytes();
}

TEST(Counts, FunctionsLoadLinearly) {
  ExpectLinear(
      "functions", [](uint32_t n) { return Functions(n, false); }, 25'000);
}

TEST(Counts, ExportsLoadLinearly) {
  ExpectLinear(
      "exports", [](uint32_t n) { return Functions(n, true); }, 25'000);
}

TEST(Counts, ImportsLoadLinearly) {
  ExpectLinear(
      "imports",
      [](uint32_t n) {
        Bytes imports;
        for (uint32_t i = 0; i < n; ++i) {
          const std::string name = std::to_string(i);
          imports.insert(imports.end(), {0x01, 'm'});
          Leb(imports, name.size());
          imports.insert(imports.end(), name.begin(), name.end());
          imports.insert(imports.end(), {0x00, 0x00});  // func, type 0
        }
        Wasm w;
        w.Section(kType, 1, {0x60, 0x00, 0x00});
        w.Section(kImport, n, imports);
        return w.bytes();
      },
      25'000);
}

TEST(Counts, TooManyFunctions) {
  const uint32_t n = limits::kMaxFunctions + 1;
  Wasm w;
  w.Section(kType, 1, {0x60, 0x00, 0x00});
  w.Section(kFunc, n, Bytes(n, 0x00));
  EXPECT_TRUE(Contains(LoadModule(w.bytes()), "number of functions exceeds limit 1000000"));
}

TEST(Counts, SegmentsLoadLinearly) {
  ExpectLinear(
      "data and elem segments",
      [](uint32_t n) {
        Bytes elems;
        for (uint32_t i = 0; i < n; ++i) elems.insert(elems.end(), {0x01, 0x00, 0x00});
        Bytes datas;
        for (uint32_t i = 0; i < n; ++i) datas.insert(datas.end(), {0x01, 0x00});
        Wasm w;
        w.Section(kElem, n, elems);
        w.Section(kData, n, datas);
        return w.bytes();
      },
      20'000);
}

TEST(Counts, TooManyDataSegments) {
  const uint32_t n = limits::kMaxDataSegments + 1;
  Bytes datas;
  for (uint32_t i = 0; i < n; ++i) datas.insert(datas.end(), {0x01, 0x00});
  const Load l = LoadModule(Wasm().Section(kData, n, datas).bytes());
  EXPECT_TRUE(Contains(l, "number of data segments exceeds limit 100000"));
}

TEST(Counts, TooManyDataSegmentsInTheDataCount) {
  Bytes count;
  Leb(count, limits::kMaxDataSegments + 1);
  const Load l = LoadModule(Wasm().Raw(12, count).bytes());
  EXPECT_TRUE(Contains(l, "number of data segments exceeds limit 100000"));
}

// ---- Function bodies

TEST(Locals, ManyLocalsLoadLinearly) {
  ExpectLinear(
      "locals",
      [](uint32_t n) {
        // n declarations of one local each, half of them non-defaultable (ref 0); each set.
        Bytes locals;
        Leb(locals, n);
        for (uint32_t i = 0; i < n; ++i) {
          if (i % 2 == 0) {
            locals.insert(locals.end(), {0x01, 0x7f});
          } else {
            locals.insert(locals.end(), {0x01, 0x64, 0x00});
          }
        }
        Bytes body;
        for (uint32_t i = 1; i < n; i += 2) {
          body.insert(body.end(), {0xd2, 0x00, 0x21});  // ref.func 0, local.set i
          Leb(body, i);
        }
        body.push_back(0x0b);
        Wasm w;
        w.Section(kType, 1, {0x60, 0x00, 0x00});
        w.Section(kFunc, 1, {0x00});
        w.Section(kElem, 1, {0x03, 0x00, 0x01, 0x00});  // declarative: ref.func 0
        w.Section(kCode, 1, FuncBody(locals, body));
        return w.bytes();
      },
      10'000);
}

TEST(Locals, HugeLocalCountIsRejectedWithoutAllocating) {
  // A few bytes declaring 2^32-1 locals, or 2^24 non-defaultable ones (which were tracked one
  // byte each): rejected by the limit, before anything of that size is allocated.
  for (const Bytes& decl : {Bytes{0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f},
                            Bytes{0x01, 0x80, 0x80, 0x80, 0x08, 0x64, 0x00}}) {
    const Bytes bytes = OneFunc({0x60, 0x00, 0x00}, 1, decl, {0x0b}).bytes();
    const uint64_t before = g_allocated.load();
    const Load l = LoadModule(bytes);
    EXPECT_LT(g_allocated.load() - before, 64u * 1024);
    EXPECT_TRUE(Contains(l, "too many locals")) << (l.result ? "valid" : l.result.error().message);
    EXPECT_TRUE(Contains(l, "number of locals exceeds limit 50000"));
  }
}

TEST(Locals, ParamsCountTowardsTheLimit) {
  // 1000 params and 49,000 locals are the limit; one more local is too many.
  auto module = [](uint32_t locals) {
    Bytes decl{0x01};
    Leb(decl, locals);
    decl.push_back(0x7f);
    return OneFunc(FuncType(1000, 0), 1, decl, {0x0b}).bytes();
  };
  EXPECT_TRUE(LoadModule(module(49'000)).result.has_value());
  EXPECT_TRUE(Contains(LoadModule(module(49'001)), "number of locals exceeds limit 50000"));
}

TEST(Bodies, BlockNestingLoadsLinearly) {
  ExpectLinear(
      "block nesting",
      [](uint32_t n) {
        Bytes body;
        for (uint32_t i = 0; i < n; ++i) body.insert(body.end(), {0x02, 0x40});
        body.insert(body.end(), n + 1, 0x0b);
        return OneFunc({0x60, 0x00, 0x00}, 1, {}, body).bytes();
      },
      25'000);
}

// br_table with n targets whose label has n/100 results, n/100 values on the stack: checking
// every target against the stack costs n^2/100.
Bytes BrTable(uint32_t n) {
  const uint32_t arity = n / 100;
  Bytes body;
  body.insert(body.end(), {0x02, 0x00});  // block (type 0)
  for (uint32_t i = 0; i < arity; ++i) body.insert(body.end(), {0x41, 0x00});
  body.insert(body.end(), {0x41, 0x00, 0x0e});  // i32.const 0, br_table
  Leb(body, n);
  body.insert(body.end(), n + 1, 0x00);
  body.insert(body.end(), {0x0b, 0x0b});
  return OneFunc(FuncType(0, arity), 1, {}, body).bytes();
}

TEST(Bodies, BrTableTargetsLoadLinearly) {
  ExpectLinear("br_table", BrTable, 25'000);
}

TEST(Bodies, BrTableStillChecksEveryLabelType) {
  // The function returns (i64 i64); a block of type (i32 i32) holds a br_table whose targets
  // are the block (twice) and `default`: the function when it is 1, which [i32 i32] fails.
  const Bytes types{0x60, 0x00, 0x02, 0x7e, 0x7e, 0x60, 0x00, 0x02, 0x7f, 0x7f};
  auto module = [&](uint8_t default_label) {
    Bytes body{0x02, 0x01, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0e, 0x02, 0x00, 0x00};
    body.insert(body.end(), {default_label, 0x0b, 0x1a, 0x1a, 0x42, 0x00, 0x42, 0x00, 0x0b});
    return OneFunc(types, 2, {}, body).bytes();
  };
  const Load ok = LoadModule(module(0));
  EXPECT_TRUE(ok.result.has_value()) << ok.result.error().ToString();
  EXPECT_TRUE(Contains(LoadModule(module(1)), "type mismatch"));
}

TEST(Bodies, MultiValueResultsCannotFloodTheStack) {
  // Each `block (type 0) unreachable end` pushes 1000 values for 4 bytes.
  Bytes body;
  for (uint32_t i = 0; i < 1001; ++i) body.insert(body.end(), {0x02, 0x00, 0x00, 0x0b});
  body.push_back(0x0b);
  const Load l = LoadModule(OneFunc(FuncType(0, 1000), 1, {}, body).bytes());
  EXPECT_TRUE(Contains(l, "operand stack: number of values exceeds limit 1000000"));
}

TEST(Bodies, ArrayNewFixedOperandLimit) {
  // (array i32); array.new_fixed 0 10001 in unreachable code.
  auto module = [](uint32_t count) {
    Bytes body{0x00, 0xfb, 0x08, 0x00};
    Leb(body, count);
    body.insert(body.end(), {0x1a, 0x0b});
    Wasm w;
    w.Section(kType, 2, {0x5e, 0x7f, 0x00, 0x60, 0x00, 0x00});
    w.Section(kFunc, 1, {0x01});
    w.Section(kCode, 1, FuncBody({}, body));
    return w.bytes();
  };
  EXPECT_TRUE(LoadModule(module(10'000)).result.has_value());
  EXPECT_TRUE(Contains(LoadModule(module(10'001)), "number of operands exceeds limit 10000"));
}

}  // namespace
}  // namespace wr
