// wr::Opcode and the static facts about each one, all expanded from opcodes.def.
//
// The enum is dense (0..kOpcodeCount-1) and does NOT equal the binary encoding; use
// OpcodeInfo() for prefix/code and DecodeOpcode() for the reverse mapping.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "ir/types.h"

namespace wr {

enum class Opcode : uint16_t {
#define WR_OP(name, prefix, code, text, imm, sig, feature) name,
#include "ir/opcodes.def"
#undef WR_OP
};

inline constexpr uint32_t kOpcodeCount = 0
#define WR_OP(name, prefix, code, text, imm, sig, feature) +1
#include "ir/opcodes.def"
#undef WR_OP
    ;

// The shape of an instruction's immediates (what follows the opcode in the binary format).
enum class ImmKind : uint8_t {
  None,
  BlockType,     // s33 block type
  Label,         // labelidx
  BrTable,       // vec(labelidx) labelidx
  Func,          // funcidx
  CallIndirect,  // typeidx tableidx
  Local,         // localidx
  Global,        // globalidx
  Table,         // tableidx
  Mem,           // memidx
  MemArg,        // align (with memidx flag bit 6) [memidx] offset
  MemArgLane,    // memarg laneidx
  I32,           // i32 (signed LEB)
  I64,           // i64 (signed LEB)
  F32,           // 4 bytes
  F64,           // 8 bytes
  V128,          // 16 bytes
  Lane,          // laneidx (1 byte)
  Shuffle,       // 16 laneidx bytes
  SelectT,       // vec(valtype)
  HeapType,      // heaptype (ref.null, ref.test, ref.cast)
  Elem,          // elemidx
  Data,          // dataidx
  TableInit,     // elemidx tableidx
  TableCopy,     // tableidx tableidx (dst, src)
  MemInit,       // dataidx memidx
  MemCopy,       // memidx memidx (dst, src)
  Type,          // typeidx
  TypeField,     // typeidx fieldidx
  TypeType,      // typeidx typeidx
  TypeData,      // typeidx dataidx
  TypeElem,      // typeidx elemidx
  TypeCount,     // typeidx u32
  BrOnCast,      // castflags labelidx heaptype heaptype
  TryTable,      // blocktype vec(catch)
  Tag,           // tagidx
  AtomicArg,     // memarg of an atomic access (threads): alignment exactly natural
  Fence,         // a reserved 0x00 byte (atomic.fence)
};

// Type signature of a "simple" instruction: results first, then parameters. V = none.
// Special: the validator checks the instruction by hand.
// clang-format off
enum class Sig : uint8_t {
  Special,
  V_V,
  I32_V, I64_V, F32_V, F64_V, V128_V,
  I32_I32, I32_I64, I32_F32, I32_F64, I32_V128,
  I64_I32, I64_I64, I64_F32, I64_F64, I64_V128,
  F32_I32, F32_I64, F32_F32, F32_F64, F32_V128,
  F64_I32, F64_I64, F64_F32, F64_F64, F64_V128,
  V128_I32, V128_I64, V128_F32, V128_F64, V128_V128,
  I32_I32I32, I32_I64I64, I32_F32F32, I32_F64F64,
  I64_I64I64, F32_F32F32, F64_F64F64,
  V_I32I32, V_I32I64, V_I32F32, V_I32F64, V_I32V128,
  V128_V128V128, V128_V128I32, V128_V128I64, V128_V128F32, V128_V128F64, V128_I32V128,
  V128_V128V128V128,
  // Two results (wide arithmetic): [lo hi] = op(...).
  I64I64_I64I64, I64I64_I64I64I64I64,
  // threads: wait32, wait64, rmw (i64), cmpxchg (i32, i64)
  I32_I32I32I64, I32_I32I64I64, I64_I32I64, I32_I32I32I32, I64_I32I64I64,
};
// clang-format on

// What a Sig means as types: at most 4 params and 2 results (in stack order, bottom first).
struct SigTypes {
  static constexpr unsigned kMaxParams = 4, kMaxResults = 2;
  uint8_t num_params;
  uint8_t num_results;
  ValKind params[kMaxParams];
  ValKind results[kMaxResults];
};
extern const SigTypes kSigTypes[];  // indexed by Sig
inline const SigTypes& SigInfo(Sig sig) {
  return kSigTypes[static_cast<size_t>(sig)];
}

// Which proposal an instruction belongs to; lets the validator reject what is not enabled.
enum class Feature : uint8_t {
  Mvp,
  SignExt,
  SatConv,
  BulkMemory,
  RefTypes,
  Simd,
  RelaxedSimd,
  TailCall,
  Exceptions,
  FuncRefs,
  Gc,
  WideArithmetic,
  LegacyExceptions,
  Threads,
};

struct OpInfo {
  uint8_t prefix;  // 0, 0xfb, 0xfc, 0xfd or 0xfe
  uint32_t code;
  std::string_view text;
  ImmKind imm;
  Sig sig;
  Feature feature;
};

extern const OpInfo kOpInfo[kOpcodeCount];

inline const OpInfo& GetOpInfo(Opcode op) {
  return kOpInfo[static_cast<uint16_t>(op)];
}
inline std::string_view OpcodeText(Opcode op) {
  return GetOpInfo(op).text;
}

// Single-byte (unprefixed) opcodes by their byte, for the decoder's hot path: kNoOpcode for the
// prefixes 0xfb-0xfd and for unknown bytes. The same mapping as DecodeOpcode(0, byte).
inline constexpr uint16_t kNoOpcode = 0xffff;
extern const std::array<uint16_t, 256> kSingleByteOpcode;

// log2 of the bytes an atomic instruction (ImmKind::AtomicArg) accesses: its required
// alignment. 2 for memory.atomic.notify and wait32, 3 for wait64; 0 for other opcodes.
uint32_t AtomicAccessLog2(Opcode op);

// Binary encoding -> Opcode; nullopt for an unknown (prefix, code).
std::optional<Opcode> DecodeOpcode(uint8_t prefix, uint32_t code);

// Text mnemonic -> Opcode. Mnemonics shared by two opcodes ("select", "ref.test", "ref.cast")
// return the first; the text parser picks the other from the immediates.
std::optional<Opcode> LookupOpcodeText(std::string_view text);

}  // namespace wr
