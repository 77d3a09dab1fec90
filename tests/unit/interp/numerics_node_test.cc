// Differential test of wr::num against V8: builds one wasm module with a function per simple
// numeric/SIMD opcode (plus lane, shuffle and SIMD-load variants), runs it in node on edge and
// random inputs, and compares the bit patterns with what wr::num computes.
//
// Each wasm function is (func (param $in i32) (param $out i32)): it loads operand j from
// $in + 16*j, executes the instruction and stores the result at $out. Inputs and outputs go
// through linear memory, never through JS numbers, so NaN payloads survive.
//
// Skipped when node is not on PATH. Relaxed SIMD is not compared: its results are
// implementation-defined and V8 picks the fastest choice for the host.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "binary/writer.h"
#include "interp/numerics.h"
#include "interp/simd.h"
#include "ir/opcode.h"
#include "num_op_table.h"

namespace wr::num {
namespace {

using Invoker = TrapCode (*)(const uint8_t* in, uint32_t lane, uint8_t* out);

enum class Shape { Simple, Lane, Shuffle, Load };

struct DiffOp {
  Opcode op;
  Shape shape;
  Invoker fn;
  uint32_t lane = 0;  // lane immediate, or shuffle pattern index
};

// ---- The ops under test

// Maps the num_op_table.h "kind" token (None or Lane) to a Shape.
struct ShapeNames {
  static constexpr Shape None = Shape::Simple;
  static constexpr Shape Lane = Shape::Lane;
};
#define WR_NUM_DIFF_ENTRY(name, sig, kind) \
  DiffOp{Opcode::name, ShapeNames::kind, &test::SigCpp<Sig::sig>::Call<&wr::num::name>},

const DiffOp kSimpleOps[] = {
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_NUM_ONE_OP(name, imm, sig, WR_NUM_DIFF_ENTRY)
#include "ir/opcodes.def"
#undef WR_OP
};
#undef WR_NUM_DIFF_ENTRY

// The load reads kBytes bytes from memory; F gets them zero-extended.
template <class Raw, unsigned kBytes, V128 (*F)(Raw)>
TrapCode CallLoad(const uint8_t* in, uint32_t, uint8_t* out) {
  Raw raw = 0;
  std::memcpy(&raw, in, kBytes);
  const V128 r = F(raw);
  std::memcpy(out, r.bytes, 16);
  return TrapCode::None;
}

const DiffOp kLoadOps[] = {
    {Opcode::V128Load8x8S, Shape::Load, CallLoad<uint64_t, 8, V128Load8x8S>},
    {Opcode::V128Load8x8U, Shape::Load, CallLoad<uint64_t, 8, V128Load8x8U>},
    {Opcode::V128Load16x4S, Shape::Load, CallLoad<uint64_t, 8, V128Load16x4S>},
    {Opcode::V128Load16x4U, Shape::Load, CallLoad<uint64_t, 8, V128Load16x4U>},
    {Opcode::V128Load32x2S, Shape::Load, CallLoad<uint64_t, 8, V128Load32x2S>},
    {Opcode::V128Load32x2U, Shape::Load, CallLoad<uint64_t, 8, V128Load32x2U>},
    {Opcode::V128Load8Splat, Shape::Load, CallLoad<uint32_t, 1, V128Load8Splat>},
    {Opcode::V128Load16Splat, Shape::Load, CallLoad<uint32_t, 2, V128Load16Splat>},
    {Opcode::V128Load32Splat, Shape::Load, CallLoad<uint32_t, 4, V128Load32Splat>},
    {Opcode::V128Load64Splat, Shape::Load, CallLoad<uint64_t, 8, V128Load64Splat>},
    {Opcode::V128Load32Zero, Shape::Load, CallLoad<uint32_t, 4, V128Load32Zero>},
    {Opcode::V128Load64Zero, Shape::Load, CallLoad<uint64_t, 8, V128Load64Zero>},
};

constexpr std::array<std::array<uint8_t, 16>, 3> kShufflePatterns = {{
    {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23},
    {31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16},
    {3, 3, 3, 3, 28, 0, 15, 16, 9, 9, 31, 5, 24, 12, 17, 2},
}};

TrapCode CallShuffle(const uint8_t* in, uint32_t pattern, uint8_t* out) {
  V128 a, b, lanes;
  std::memcpy(a.bytes, in, 16);
  std::memcpy(b.bytes, in + 16, 16);
  std::memcpy(lanes.bytes, kShufflePatterns[pattern].data(), 16);
  const V128 r = I8x16Shuffle(a, b, lanes);
  std::memcpy(out, r.bytes, 16);
  return TrapCode::None;
}

// The lane count of an op's (first) shape in its text, e.g. "i16x8.extract_lane_s" -> 8.
uint32_t LaneCount(std::string_view text) {
  for (auto [prefix, n] : {std::pair<std::string_view, uint32_t>{"i8x16", 16},
                           {"i16x8", 8},
                           {"i32x4", 4},
                           {"f32x4", 4},
                           {"i64x2", 2},
                           {"f64x2", 2}}) {
    if (text.substr(0, prefix.size()) == prefix) return n;
  }
  return 1;
}

std::vector<DiffOp> OpsUnderTest() {
  std::vector<DiffOp> ops;
  for (const DiffOp& d : kSimpleOps) {
    const OpInfo& info = GetOpInfo(d.op);
    // Relaxed SIMD's results are implementation-defined; wide arithmetic is not in the node
    // the test runs (and has its own reference test, wide_arith_test.cc).
    if (info.feature == Feature::RelaxedSimd || info.feature == Feature::WideArithmetic) continue;
    if (d.shape == Shape::Lane) {
      const uint32_t n = LaneCount(info.text);
      for (uint32_t lane : {0u, 1u, n - 1}) {
        DiffOp l = d;
        l.lane = lane;
        ops.push_back(l);
      }
    } else {
      ops.push_back(d);
    }
  }
  for (const DiffOp& d : kLoadOps) ops.push_back(d);
  for (uint32_t p = 0; p < kShufflePatterns.size(); ++p) {
    ops.push_back({Opcode::I8x16Shuffle, Shape::Shuffle, CallShuffle, p});
  }
  return ops;
}

// ---- The wasm module

void MemArg(binary::Writer& w, uint32_t offset) {
  w.VarU32(0);  // alignment hint 1: valid for every access
  w.VarU32(offset);
}

void LoadOperand(binary::Writer& w, ValKind kind, uint32_t j) {
  w.U8(0x20);  // local.get $in
  w.VarU32(0);
  switch (kind) {
    case ValKind::I32: w.Op(Opcode::I32Load); break;
    case ValKind::I64: w.Op(Opcode::I64Load); break;
    case ValKind::F32: w.Op(Opcode::F32Load); break;
    case ValKind::F64: w.Op(Opcode::F64Load); break;
    default: w.Op(Opcode::V128Load); break;
  }
  MemArg(w, 16 * j);
}

void StoreResult(binary::Writer& w, ValKind kind) {
  switch (kind) {
    case ValKind::I32: w.Op(Opcode::I32Store); break;
    case ValKind::I64: w.Op(Opcode::I64Store); break;
    case ValKind::F32: w.Op(Opcode::F32Store); break;
    case ValKind::F64: w.Op(Opcode::F64Store); break;
    default: w.Op(Opcode::V128Store); break;
  }
  MemArg(w, 0);
}

std::vector<uint8_t> FunctionBody(const DiffOp& d) {
  binary::Writer w;
  w.VarU32(0);  // no locals
  w.U8(0x20);   // local.get $out: the store's address, below the result
  w.VarU32(1);
  const OpInfo& info = GetOpInfo(d.op);
  switch (d.shape) {
    case Shape::Load:
      w.U8(0x20);
      w.VarU32(0);
      w.Op(d.op);
      MemArg(w, 0);
      StoreResult(w, ValKind::V128);
      break;
    case Shape::Shuffle:
      LoadOperand(w, ValKind::V128, 0);
      LoadOperand(w, ValKind::V128, 1);
      w.Op(d.op);
      w.Raw(std::span<const uint8_t>(kShufflePatterns[d.lane].data(), 16));
      StoreResult(w, ValKind::V128);
      break;
    case Shape::Simple:
    case Shape::Lane: {
      const SigTypes& sig = SigInfo(info.sig);
      for (uint32_t j = 0; j < sig.num_params; ++j) LoadOperand(w, sig.params[j], j);
      w.Op(d.op);
      if (d.shape == Shape::Lane) w.U8(static_cast<uint8_t>(d.lane));
      StoreResult(w, sig.results[0]);
      break;
    }
  }
  w.U8(0x0b);  // end
  return w.bytes();
}

std::string Hex(const uint8_t* p, unsigned n) {
  std::string s;
  char buf[4];
  for (unsigned i = n; i-- > 0;) {  // most significant byte first
    std::snprintf(buf, sizeof buf, "%02x", p[i]);
    s += buf;
  }
  return s;
}

// Built with append rather than operator+: GCC 12 at -O3 gives a false -Wrestrict on
// "literal" + std::string (GCC bug 105329).
std::string ExportName(size_t i) {
  std::string s = "f";
  s += std::to_string(i);
  return s;
}

std::string Outcome(uint8_t trap, const uint8_t* bytes, unsigned n) {
  if (trap == 0) return Hex(bytes, n);
  std::string s = "trap ";
  s += std::to_string(trap);
  return s;
}

std::vector<uint8_t> BuildModule(const std::vector<DiffOp>& ops) {
  binary::Writer w;
  w.Raw(std::string_view("\0asm\1\0\0\0", 8));
  w.U8(1);  // type section: (func (param i32 i32))
  size_t s = w.BeginSized();
  w.VarU32(1);
  w.U8(0x60);
  w.VarU32(2);
  w.U8(0x7f);
  w.U8(0x7f);
  w.VarU32(0);
  w.EndSized(s);
  w.U8(3);  // function section
  s = w.BeginSized();
  w.VarU32(static_cast<uint32_t>(ops.size()));
  for (size_t i = 0; i < ops.size(); ++i) w.VarU32(0);
  w.EndSized(s);
  w.U8(5);  // memory section: one page
  s = w.BeginSized();
  w.VarU32(1);
  w.U8(0);
  w.VarU32(1);
  w.EndSized(s);
  w.U8(7);  // export section: "mem" and f0..fN-1
  s = w.BeginSized();
  w.VarU32(static_cast<uint32_t>(ops.size() + 1));
  w.Name("mem");
  w.U8(2);
  w.VarU32(0);
  for (size_t i = 0; i < ops.size(); ++i) {
    w.Name(ExportName(i));
    w.U8(0);
    w.VarU32(static_cast<uint32_t>(i));
  }
  w.EndSized(s);
  w.U8(10);  // code section
  s = w.BeginSized();
  w.VarU32(static_cast<uint32_t>(ops.size()));
  for (const DiffOp& d : ops) {
    const std::vector<uint8_t> body = FunctionBody(d);
    w.VarU32(static_cast<uint32_t>(body.size()));
    w.Raw(body);
  }
  w.EndSized(s);
  return w.bytes();
}

// ---- Inputs: edge values and random bits, per lane type

enum class LaneKind { I8, I16, I32, I64, F32, F64 };

class InputGen {
 public:
  explicit InputGen(uint64_t seed) : rng_(seed) {}

  void Fill(ValKind kind, LaneKind hint, uint8_t* out) {
    switch (kind) {
      case ValKind::I32: Put(out, I32()); break;
      case ValKind::I64: Put(out, I64()); break;
      case ValKind::F32: Put(out, F32Bits()); break;
      case ValKind::F64: Put(out, F64Bits()); break;
      default: FillV128(Pick(4) == 0 ? static_cast<LaneKind>(Pick(6)) : hint, out); break;
    }
  }

 private:
  uint32_t Pick(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  template <class T>
  static void Put(uint8_t* out, T v) {
    std::memcpy(out, &v, sizeof(T));
  }

  void FillV128(LaneKind k, uint8_t* out) {
    switch (k) {
      case LaneKind::I8:
        for (int i = 0; i < 16; ++i) Put(out + i, static_cast<uint8_t>(Small<8>()));
        break;
      case LaneKind::I16:
        for (int i = 0; i < 8; ++i) Put(out + 2 * i, static_cast<uint16_t>(Small<16>()));
        break;
      case LaneKind::I32:
        for (int i = 0; i < 4; ++i) Put(out + 4 * i, I32());
        break;
      case LaneKind::I64:
        for (int i = 0; i < 2; ++i) Put(out + 8 * i, I64());
        break;
      case LaneKind::F32:
        for (int i = 0; i < 4; ++i) Put(out + 4 * i, F32Bits());
        break;
      case LaneKind::F64:
        for (int i = 0; i < 2; ++i) Put(out + 8 * i, F64Bits());
        break;
    }
  }

  // Edge values of an N-bit lane: 0, +-1, min, max, and random.
  template <unsigned N>
  uint64_t Small() {
    const uint64_t mask = (uint64_t{1} << N) - 1;
    const uint64_t edges[] = {0, 1, mask, mask >> 1, (mask >> 1) + 1, (mask >> 1) - 1, 2, mask - 1};
    return Pick(3) == 0 ? rng_() & mask : edges[Pick(std::size(edges))];
  }
  uint32_t I32() {
    static constexpr uint32_t kEdges[] = {
        0,    1,    2,      0xffffffffu, 0xfffffffeu, 0x80000000u, 0x7fffffffu, 0x80000001u, 7,
        8,    15,   16,     31,          32,          33,          63,          64,          0x7f,
        0x80, 0xff, 0x7fff, 0x8000,      0xffff,      0x01000001u, 0xff000000u};
    switch (Pick(3)) {
      case 0: return kEdges[Pick(std::size(kEdges))];
      case 1: return static_cast<uint32_t>(rng_()) >> Pick(32);
      default: return static_cast<uint32_t>(rng_());
    }
  }
  uint64_t I64() {
    static constexpr uint64_t kEdges[] = {0,
                                          1,
                                          ~0ull,
                                          1ull << 63,
                                          (1ull << 63) - 1,
                                          (1ull << 63) + 1,
                                          1ull << 32,
                                          0xffffffffull,
                                          0x80000000ull,
                                          63,
                                          64,
                                          65,
                                          0x0020000000000001ull,
                                          0x8000008000000001ull,
                                          0xfffffe8000000001ull,
                                          0x8000000000000401ull};
    switch (Pick(3)) {
      case 0: return kEdges[Pick(std::size(kEdges))];
      case 1: return rng_() >> Pick(64);
      default: return rng_();
    }
  }
  uint32_t F32Bits() {
    static constexpr uint32_t kEdges[] = {
        0,           0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u, 0x7fa00001u,
        0xff800001u, 0x7fffffffu, 1,           0x807fffffu, 0x00800000u, 0x3f800000u, 0xbf800000u,
        0x3f000000u, 0xbf000000u, 0x3fc00000u, 0x40200000u, 0xc0200000u, 0x4f000000u, 0xcf000000u,
        0xcf000001u, 0x4effffffu, 0x4f800000u, 0x4f7fffffu, 0xbf7fffffu, 0x5f000000u, 0xdf000000u,
        0x5effffffu, 0x5f800000u, 0x5f7fffffu, 0x7f7fffffu, 0xff7fffffu, 0x4b000001u, 0x3effffffu};
    switch (Pick(4)) {
      case 0:
      case 1: return kEdges[Pick(std::size(kEdges))];
      case 2: return static_cast<uint32_t>(rng_());
      default: {  // a small multiple of 1/4: exercises rounding ties
        const float f = static_cast<float>(static_cast<int32_t>(Pick(64)) - 32) / 4.0f;
        return std::bit_cast<uint32_t>(f);
      }
    }
  }
  uint64_t F64Bits() {
    static constexpr uint64_t kEdges[] = {
        0,
        1ull << 63,
        0x7ff0000000000000ull,
        0xfff0000000000000ull,
        0x7ff8000000000000ull,
        0xfff8000000000000ull,
        0x7ff4000000000001ull,
        0xfff0000000000001ull,
        1,
        0x000fffffffffffffull,
        0x3ff0000000000000ull,
        0xbff0000000000000ull,
        0x3fe0000000000000ull,
        0x3ff8000000000000ull,
        0x4004000000000000ull,
        0x41e0000000000000ull,  // 2^31
        0xc1e0000000000000ull,  // -2^31
        0xc1e0000000200000ull,  // -2^31 - 1
        0xc1e00000001fffffull,  // -2^31 - 0.99...
        0x41dfffffffffffffull,  // 2^31 - tiny
        0x41f0000000000000ull,  // 2^32
        0x41efffffffffffffull,  // 2^32 - tiny
        0x43e0000000000000ull,  // 2^63
        0xc3e0000000000000ull,  // -2^63
        0x43dfffffffffffffull,
        0x43f0000000000000ull,  // 2^64
        0x43efffffffffffffull,
        0x7fefffffffffffffull,
        0x47efffffe0000000ull,  // FLT_MAX + half ulp (demote tie)
        0x47efffffdfffffffull,
        0x36a0000000000000ull,  // 2^-149
        0x3690000000000000ull,  // 2^-150
        0x4330000000000001ull,
    };
    switch (Pick(4)) {
      case 0:
      case 1: return kEdges[Pick(std::size(kEdges))];
      case 2: return rng_();
      default: {
        const double d = static_cast<double>(static_cast<int32_t>(Pick(64)) - 32) / 4.0;
        return std::bit_cast<uint64_t>(d);
      }
    }
  }

  std::mt19937_64 rng_;
};

// The lane type the op mostly consumes: the last shape named in its text, so that
// "i32x4.trunc_sat_f64x2_s_zero" gets f64 lanes and "i16x8.narrow_i32x4_s" i32 lanes.
LaneKind SourceLanes(std::string_view text) {
  LaneKind k = LaneKind::I8;
  size_t best = 0;
  for (auto [name, kind] : {std::pair<std::string_view, LaneKind>{"i8x16", LaneKind::I8},
                            {"i16x8", LaneKind::I16},
                            {"i32x4", LaneKind::I32},
                            {"i64x2", LaneKind::I64},
                            {"f32x4", LaneKind::F32},
                            {"f64x2", LaneKind::F64}}) {
    const size_t at = text.rfind(name);
    if (at != std::string_view::npos && at + 1 > best) {
      best = at + 1;
      k = kind;
    }
  }
  return k;
}

// ---- Comparison

// Ops whose float results may be any NaN of the allowed class (so NaN bits may differ between
// implementations); the others (bit operations, lane moves, pmin/pmax) must match exactly.
bool NanBitsMayDiffer(std::string_view text) {
  for (std::string_view exact : {"abs", "neg", "copysign", "reinterpret", "splat", "_lane", "pmin",
                                 "pmax", "load", "shuffle"}) {
    if (text.find(exact) != std::string_view::npos) return false;
  }
  return true;
}

// Result lane width in bytes when the result is float lanes (0 when integer).
unsigned FloatLaneBytes(const DiffOp& d) {
  const OpInfo& info = GetOpInfo(d.op);
  if (d.shape != Shape::Simple) return 0;
  const SigTypes& sig = SigInfo(info.sig);
  if (sig.results[0] == ValKind::F32) return 4;
  if (sig.results[0] == ValKind::F64) return 8;
  if (sig.results[0] != ValKind::V128) return 0;
  const std::string_view t = info.text;
  for (std::string_view cmp : {".eq", ".ne", ".lt", ".gt", ".le", ".ge"}) {
    if (t.find(cmp) != std::string_view::npos) return 0;  // masks
  }
  if (t.substr(0, 5) == "f32x4") return 4;
  if (t.substr(0, 5) == "f64x2") return 8;
  return 0;
}

unsigned ResultBytes(const DiffOp& d) {
  if (d.shape != Shape::Simple && d.shape != Shape::Lane) return 16;
  switch (SigInfo(GetOpInfo(d.op).sig).results[0]) {
    case ValKind::I32:
    case ValKind::F32: return 4;
    case ValKind::I64:
    case ValKind::F64: return 8;
    default: return 16;
  }
}

bool SameResult(const DiffOp& d, const uint8_t* ours, const uint8_t* theirs) {
  const unsigned n = ResultBytes(d);
  if (std::memcmp(ours, theirs, n) == 0) return true;
  const unsigned lane = FloatLaneBytes(d);
  if (lane == 0 || !NanBitsMayDiffer(GetOpInfo(d.op).text)) return false;
  for (unsigned off = 0; off < n; off += lane) {
    if (std::memcmp(ours + off, theirs + off, lane) == 0) continue;
    bool both_nan;
    if (lane == 4) {
      float a, b;
      std::memcpy(&a, ours + off, 4);
      std::memcpy(&b, theirs + off, 4);
      both_nan = std::isnan(a) && std::isnan(b);
    } else {
      double a, b;
      std::memcpy(&a, ours + off, 8);
      std::memcpy(&b, theirs + off, 8);
      both_nan = std::isnan(a) && std::isnan(b);
    }
    if (!both_nan) return false;
  }
  return true;
}

bool NodeAvailable() {
  return std::system("node --version > /dev/null 2>&1") == 0;
}

constexpr const char* kDriver = R"JS(
const fs = require('fs');
const [wasmPath, inPath, outPath, nFuncs, nCases] = process.argv.slice(2);
const N = Number(nFuncs), M = Number(nCases);
const inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {});
const mem = new Uint8Array(inst.exports.mem.buffer);
const input = fs.readFileSync(inPath);
const out = Buffer.alloc(N * M * 17);
for (let k = 0; k < N; k++) {
  const f = inst.exports['f' + k];
  for (let c = 0; c < M; c++) {
    const idx = k * M + c;
    mem.set(input.subarray(idx * 48, idx * 48 + 48), 0);
    mem.fill(0, 64, 80);
    let trap = 0;
    try { f(0, 64); } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      trap = /by zero/.test(e.message) ? 2 : 1;
    }
    out.set(mem.subarray(64, 80), idx * 17);
    out[idx * 17 + 16] = trap;
  }
}
fs.writeFileSync(outPath, out);
)JS";

TEST(NumericsVsNode, BitPatternsMatchV8) {
  if (!NodeAvailable()) GTEST_SKIP() << "node is not on PATH; differential test skipped";

  const std::vector<DiffOp> ops = OpsUnderTest();
  constexpr uint32_t kCases = 96;
  InputGen gen(20240601);
  std::vector<uint8_t> input(ops.size() * kCases * 48, 0);
  for (size_t k = 0; k < ops.size(); ++k) {
    const OpInfo& info = GetOpInfo(ops[k].op);
    const LaneKind hint = SourceLanes(info.text);
    for (uint32_t c = 0; c < kCases; ++c) {
      uint8_t* in = &input[(k * kCases + c) * 48];
      if (ops[k].shape == Shape::Simple || ops[k].shape == Shape::Lane) {
        const SigTypes& sig = SigInfo(info.sig);
        for (uint32_t j = 0; j < sig.num_params; ++j) {
          gen.Fill(sig.params[j], hint, in + 16 * j);
          // Binary ops are most interesting on related operands (x op x, x op -x: +-0 in
          // min/max, x - x, ...), which independent draws rarely produce.
          if (j > 0 && sig.params[j] == sig.params[j - 1] && c % 3 == 0) {
            std::memcpy(in + 16 * j, in + 16 * (j - 1), 16);
            const unsigned w = sig.params[j] == ValKind::F64 || hint == LaneKind::F64   ? 8
                               : sig.params[j] == ValKind::F32 || hint == LaneKind::F32 ? 4
                                                                                        : 0;
            if (w != 0 && c % 2 == 0) {
              for (unsigned b = w - 1; b < 16; b += w) in[16 * j + b] ^= 0x80;  // negate
            }
          }
        }
      } else {
        gen.Fill(ValKind::V128, hint, in);
        gen.Fill(ValKind::V128, hint, in + 16);
      }
    }
  }

  std::string dir_name = "wr_num_node_";
  dir_name += std::to_string(::getpid());
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / dir_name;
  std::filesystem::create_directories(dir);
  auto write = [](const std::filesystem::path& p, const void* data, size_t n) {
    std::ofstream f(p, std::ios::binary);
    f.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  };
  const std::vector<uint8_t> module = BuildModule(ops);
  write(dir / "m.wasm", module.data(), module.size());
  write(dir / "in.bin", input.data(), input.size());
  write(dir / "driver.js", kDriver, std::strlen(kDriver));
  std::string cmd = "node";
  for (const std::string& arg :
       {(dir / "driver.js").string(), (dir / "m.wasm").string(), (dir / "in.bin").string(),
        (dir / "out.bin").string(), std::to_string(ops.size()), std::to_string(kCases)}) {
    cmd += ' ';
    cmd += arg;
  }
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "node failed: " << cmd;
  std::ifstream f(dir / "out.bin", std::ios::binary);
  const std::vector<uint8_t> theirs((std::istreambuf_iterator<char>(f)),
                                    std::istreambuf_iterator<char>());
  ASSERT_EQ(theirs.size(), ops.size() * kCases * 17);
  std::filesystem::remove_all(dir);

  int failures = 0;
  size_t compared = 0;
  for (size_t k = 0; k < ops.size() && failures < 30; ++k) {
    const DiffOp& d = ops[k];
    for (uint32_t c = 0; c < kCases && failures < 30; ++c) {
      const size_t idx = k * kCases + c;
      const uint8_t* in = &input[idx * 48];
      const uint8_t* node_out = &theirs[idx * 17];
      uint8_t ours[16] = {};
      const TrapCode trap = d.fn(in, d.lane, ours);
      const uint8_t our_trap = trap == TrapCode::None                  ? 0
                               : trap == TrapCode::IntegerDivideByZero ? 2
                                                                       : 1;
      ++compared;
      const bool same =
          our_trap == node_out[16] && (our_trap != 0 || SameResult(d, ours, node_out));
      if (!same) {
        ++failures;
        const unsigned n = ResultBytes(d);
        ADD_FAILURE() << GetOpInfo(d.op).text << " (lane/pattern " << d.lane << ") inputs "
                      << Hex(in, 16) << " " << Hex(in + 16, 16) << " " << Hex(in + 32, 16)
                      << ": ours " << Outcome(our_trap, ours, n) << ", node "
                      << Outcome(node_out[16], node_out, n);
      }
    }
  }
  EXPECT_EQ(compared, ops.size() * kCases);
  EXPECT_GT(ops.size(), 250u);
}

}  // namespace
}  // namespace wr::num
