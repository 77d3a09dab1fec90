// bench/embed: what an embedder pays per call, per host round trip, per instance.
//
//   embed_bench [--calls N] [--instances N] [--many N] [--small-only] [--only NAME]
//
// Prints one line per measurement: calls of a trivial export (typed and untyped, C++ and C),
// host->guest->host round trips, instantiations of a 2-page plugin with a data segment, and the
// resident memory per live instance. A benchmark, not a test: numbers depend on the machine
// and its load (on a shared machine compare callgrind instruction counts instead).
// Built with -DWR_BENCH_BASELINE it uses only the API of main before issue 12 (Func::Call on
// vectors, wasmrun_func_call), to measure the "before" column against an older libwasmrun.
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

extern "C" int wr_bench_c_calls(const char* wat, long n, double out[2]);

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kTrivial = R"wat((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))wat";

constexpr const char* kRoundTrip = R"wat((module
  (import "env" "inc" (func $inc (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) (call $inc (local.get 0)))))wat";

// A plugin: 2 pages of memory, a data segment, a few functions.
constexpr const char* kPlugin = R"wat((module
  (memory (export "memory") 2)
  (data (i32.const 1024) "plugin configuration: a few dozen bytes of initial data")
  (global $heap (mut i32) (i32.const 4096))
  (func (export "malloc") (param i32) (result i32)
    (global.get $heap) (global.set $heap (i32.add (global.get $heap) (local.get 0))))
  (func (export "on_request") (param i32 i32) (result i32)
    (i32.add (i32.load (local.get 0)) (local.get 1)))))wat";

constexpr const char* kOnePage = R"wat((module (memory (export "memory") 1)
  (func (export "f") (result i32) (i32.const 1))))wat";

// --only NAME: run just one measurement (for callgrind: instructions per call of one path).
const char* only = nullptr;
bool Want(const char* name) {
  return only == nullptr || std::strcmp(only, name) == 0;
}

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void Line(const char* what, double ns_per_op) {
  std::printf("%-44s %10.1f ns   %12.0f /s\n", what, ns_per_op, 1e9 / ns_per_op);
}

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "embed_bench: %s\n", why.c_str());
  std::exit(1);
}

long ResidentKiB() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long size = 0, resident = 0;
  if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  std::fclose(f);
  return resident * 4;  // pages of 4 KiB
}

void BenchCalls(const wasmrun::Engine& engine, long n) {
  auto m = wasmrun::Module::FromWat(engine, kTrivial);
  if (!m) Die(m.error().ToString());
  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);
  auto inst = linker.Instantiate(*m);
  if (!inst) Die(inst.error().ToString());
  wasmrun::Func add = *inst->GetFunc("add");
  int64_t sum = 0;

  auto t0 = Clock::now();
  if (Want("call")) {
    for (long i = 0; i < n; ++i) {
      auto r =
          add.Call({wasmrun::Value::FromI32(static_cast<int32_t>(i)), wasmrun::Value::FromI32(1)});
      if (!r) Die(r.error().ToString());
      sum += (*r)[0].i32();
    }
    Line("C++ Func::Call (vector of results)", Seconds(t0) * 1e9 / n);
  }

#ifndef WR_BENCH_BASELINE
  wasmrun::Value args[2] = {wasmrun::Value::FromI32(0), wasmrun::Value::FromI32(1)};
  wasmrun::Value results[1];
  t0 = Clock::now();
  for (long i = 0, end = Want("arrays") ? n : 0; i < end; ++i) {
    args[0] = wasmrun::Value::FromI32(static_cast<int32_t>(i));
    auto r = add.Call(args, results);
    if (!r) Die(r.error().ToString());
    sum += results[0].i32();
  }
  if (Want("arrays")) Line("C++ Func::Call (caller's arrays)", Seconds(t0) * 1e9 / n);

  auto typed = add.Typed<int32_t(int32_t, int32_t)>();
  if (!typed) Die(typed.error().ToString());
  t0 = Clock::now();
  for (long i = 0, end = Want("typed") ? n : 0; i < end; ++i) {
    auto r = typed->Call(static_cast<int32_t>(i), 1);
    if (!r) Die(r.error().ToString());
    sum += *r;
  }
  if (Want("typed")) Line("C++ TypedFunc<int32_t(int32_t, int32_t)>", Seconds(t0) * 1e9 / n);

  uint64_t in[2] = {0, 1}, out[1] = {0};
  t0 = Clock::now();
  for (long i = 0, end = Want("unchecked") ? n : 0; i < end; ++i) {
    in[0] = static_cast<uint32_t>(i);
    auto r = add.CallUnchecked(in, out);
    if (!r) Die(r.error().ToString());
    sum += static_cast<int32_t>(out[0]);
  }
  if (Want("unchecked")) Line("C++ Func::CallUnchecked", Seconds(t0) * 1e9 / n);
#endif
  if (sum == 42) std::printf(" ");

  if (!Want("c")) return;
  double c[2];
  if (wr_bench_c_calls(kTrivial, n, c) != 0) Die("C calls failed");
  Line("C wasmrun_func_call", c[0]);
  if (c[1] >= 0) Line("C wasmrun_func_call_unchecked", c[1]);
}

void BenchRoundTrip(const wasmrun::Engine& engine, long n) {
  auto m = wasmrun::Module::FromWat(engine, kRoundTrip);
  if (!m) Die(m.error().ToString());
  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);
  linker.DefineTyped("env", "inc", [](wasmrun::Caller&, int32_t x) -> int32_t { return x + 1; });
  auto inst = linker.Instantiate(*m);
  if (!inst) Die(inst.error().ToString());
  wasmrun::Func run = *inst->GetFunc("run");
  int64_t sum = 0;
  auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    auto r = run.Call({wasmrun::Value::FromI32(static_cast<int32_t>(i))});
    if (!r) Die(r.error().ToString());
    sum += (*r)[0].i32();
  }
  Line("host->guest->host round trip (Func::Call)", Seconds(t0) * 1e9 / n);
#ifndef WR_BENCH_BASELINE
  auto typed = run.Typed<int32_t(int32_t)>();
  if (!typed) Die(typed.error().ToString());
  t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    auto r = typed->Call(static_cast<int32_t>(i));
    if (!r) Die(r.error().ToString());
    sum += *r;
  }
  Line("host->guest->host round trip (typed)", Seconds(t0) * 1e9 / n);
#endif
  if (sum == 42) std::printf(" ");
}

void BenchInstantiate(const wasmrun::Engine& engine, long n) {
  auto m = wasmrun::Module::FromWat(engine, kPlugin);
  if (!m) Die(m.error().ToString());
  auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    wasmrun::Store store(engine);
    wasmrun::Linker linker(store);
    auto inst = linker.Instantiate(*m);
    if (!inst) Die(inst.error().ToString());
  }
  Line("instantiate 2-page plugin (new store each)", Seconds(t0) * 1e9 / n);

  // Many instances in one store: what a host with one store per tenant pays per plugin.
  {
    wasmrun::Store store(engine);
    wasmrun::Linker linker(store);
    t0 = Clock::now();
    for (long i = 0; i < n; ++i) {
      auto inst = linker.Instantiate(*m);
      if (!inst) Die(inst.error().ToString());
    }
    Line("instantiate 2-page plugin (one store)", Seconds(t0) * 1e9 / n);
  }
#ifndef WR_BENCH_BASELINE
  {
    wasmrun::Store store(engine);
    wasmrun::Linker linker(store);
    auto pre = linker.InstantiatePre(*m);
    if (!pre) Die(pre.error().ToString());
    t0 = Clock::now();
    for (long i = 0; i < n; ++i) {
      auto inst = pre->Instantiate();
      if (!inst) Die(inst.error().ToString());
    }
    Line("instantiate 2-page plugin (InstancePre)", Seconds(t0) * 1e9 / n);
  }
  // A long-lived store whose plugin is replaced again and again (Store::DropInstance): what the
  // store keeps of each dropped instance is the records DropInstance documents.
  {
    wasmrun::Store store(engine);
    wasmrun::Linker linker(store);
    auto pre = linker.InstantiatePre(*m);
    if (!pre) Die(pre.error().ToString());
    // Heap bytes in use, not resident pages: the blocks earlier rounds freed are reused.
    const size_t before = mallinfo2().uordblks;
    t0 = Clock::now();
    for (long i = 0; i < n; ++i) {
      auto inst = pre->Instantiate();
      if (!inst) Die(inst.error().ToString());
      if (auto ok = store.DropInstance(*inst); !ok) Die(ok.error().ToString());
    }
    Line("instantiate+drop 2-page plugin (InstancePre)", Seconds(t0) * 1e9 / n);
    std::printf("%-44s %10.0f B    (%ld instances made and dropped in one store)\n",
                "heap left per dropped instance", double(mallinfo2().uordblks - before) / double(n),
                n);
  }
#endif
}

// Live 1-page instances: every one in its own store (stores.size() == n) unless `one_store`.
void BenchResident(const wasmrun::Engine& engine, long n) {
  auto m = wasmrun::Module::FromWat(engine, kOnePage);
  if (!m) Die(m.error().ToString());
  std::vector<wasmrun::Store> stores;
  stores.reserve(static_cast<size_t>(n));
  const long before = ResidentKiB();
  auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    stores.emplace_back(engine);
    wasmrun::Linker linker(stores.back());
    auto inst = linker.Instantiate(*m);
    if (!inst) Die("instance " + std::to_string(i) + ": " + inst.error().ToString());
    auto r = inst->GetFunc("f")->Call({});  // each instance runs once
    if (!r) Die(r.error().ToString());
  }
  const double secs = Seconds(t0);
  const long after = ResidentKiB();
  std::printf("%-44s %10.1f KiB  (%ld live 1-page instances, %.1f s)\n",
              "resident memory per live instance", double(after - before) / double(n), n, secs);
}

}  // namespace

int main(int argc, char** argv) {
  long calls = 2'000'000;
  long instances = 1000;
  long many = 0;            // live instances with small reservations (--many N)
  bool small_only = false;  // only the MemoryReservation::Small engine (valgrind: 4 GiB maps fail)
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
      calls = std::atol(argv[++i]);
    } else if (std::strcmp(argv[i], "--instances") == 0 && i + 1 < argc) {
      instances = std::atol(argv[++i]);
    } else if (std::strcmp(argv[i], "--many") == 0 && i + 1 < argc) {
      many = std::atol(argv[++i]);
    } else if (std::strcmp(argv[i], "--small-only") == 0) {
      small_only = true;
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      only = argv[++i];  // call, arrays, typed, unchecked, c, roundtrip, instantiate
    } else {
      Die("usage: embed_bench [--calls N] [--instances N] [--many N] [--small-only] "
          "[--only call|arrays|typed|unchecked|c|roundtrip|instantiate]");
    }
  }
  if (calls <= 0 || instances <= 0) Die("counts must be positive");
  wasmrun::Engine engine;
  BenchCalls(engine, calls);
  if (Want("roundtrip")) BenchRoundTrip(engine, calls / 2);
  if (!small_only && only == nullptr) {
    BenchInstantiate(engine, std::max(1L, calls / 100));
    BenchResident(engine, instances);
  }
  if (only != nullptr && std::strcmp(only, "instantiate") != 0) return 0;
#ifndef WR_BENCH_BASELINE
  wasmrun::Config small;
  small.memory_reservation = wasmrun::MemoryReservation::Small;
  wasmrun::Engine small_engine(small);
  std::printf("with MemoryReservation::Small:\n");
  BenchInstantiate(small_engine, std::max(1L, calls / 100));
  BenchResident(small_engine, std::max(instances, many));
#endif
  return 0;
}
