// Internal code: the format the interpreter runs, produced by the lowering pass.
//
// A function's code is a stream of 32-bit words. Each instruction is an op word (an IOp) and
// the operand words its layout names (see code.def): frame slots, immediates and branch
// offsets. Operands are named by frame slot ("slot-operand code"): `i32.add s5, s0, s3` reads
// slots 0 and 3 of the current frame and writes slot 5, so local.get and constants cost
// nothing at run time. Immediates are decoded; branch targets are resolved to offsets.
//
// IOp = the wasm instructions lowered generically (Sig not Special, not a constant; same name
// as their wr::Opcode, layout from Sig and Imm), then the ops of code.def.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ir/opcode.h"

// ---- Preprocessor filter: is a WR_OP row of opcodes.def lowered by the generic path?
// A row is skipped when its Sig is Special or V_V (nop) or its Imm is a constant or an
// AtomicArg (atomic accesses are lowered to IOp::AtomicAccess).
#define WR_PP_CAT(a, b) WR_PP_CAT_I(a, b)
#define WR_PP_CAT_I(a, b) a##b
#define WR_PP_SECOND(a, b, ...) b
#define WR_PP_IS_PROBE(...) WR_PP_SECOND(__VA_ARGS__, 0, ~)
#define WR_PP_PROBE ~, 1
#define WR_PP_OR_00 0
#define WR_PP_OR_01 1
#define WR_PP_OR_10 1
#define WR_PP_OR_11 1
#define WR_PP_OR(a, b) WR_PP_OR_I(a, b)
#define WR_PP_OR_I(a, b) WR_PP_OR_##a##b
#define WR_SKIP_SIG_Special WR_PP_PROBE
#define WR_SKIP_SIG_V_V WR_PP_PROBE
#define WR_SKIP_IMM_I32 WR_PP_PROBE
#define WR_SKIP_IMM_I64 WR_PP_PROBE
#define WR_SKIP_IMM_F32 WR_PP_PROBE
#define WR_SKIP_IMM_F64 WR_PP_PROBE
#define WR_SKIP_IMM_V128 WR_PP_PROBE
#define WR_SKIP_IMM_AtomicArg WR_PP_PROBE
#define WR_GENERIC_SKIP(imm, sig) \
  WR_PP_OR(WR_PP_IS_PROBE(WR_SKIP_SIG_##sig), WR_PP_IS_PROBE(WR_SKIP_IMM_##imm))
#define WR_PP_APPLY_0(yes, no, ...) yes(__VA_ARGS__)
#define WR_PP_APPLY_1(yes, no, ...) no(__VA_ARGS__)
#define WR_PP_NOTHING(...)
// WR_IF_GENERIC(imm, sig, M, args...) expands to M(args...) for a generic row, else nothing;
// WR_IF_GENERIC_ELSE(imm, sig, M, N, args...) to N(args...) otherwise.
#define WR_IF_GENERIC(imm, sig, yes, ...) \
  WR_PP_CAT(WR_PP_APPLY_, WR_GENERIC_SKIP(imm, sig))(yes, WR_PP_NOTHING, __VA_ARGS__)
#define WR_IF_GENERIC_ELSE(imm, sig, yes, no, ...) \
  WR_PP_CAT(WR_PP_APPLY_, WR_GENERIC_SKIP(imm, sig))(yes, no, __VA_ARGS__)

namespace wr::compile {

#define WR_IOP_ENUM_ENTRY(name) name,
enum class IOp : uint32_t {
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_IF_GENERIC(imm, sig, WR_IOP_ENUM_ENTRY, name)
#include "ir/opcodes.def"
#undef WR_OP
#define WR_IOP(name, text, layout) name,
#include "compile/code.def"
#undef WR_IOP
};
#undef WR_IOP_ENUM_ENTRY

inline constexpr uint32_t kIOpCount = 0
#define WR_IOP_COUNT_ONE(name) +1
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_IF_GENERIC(imm, sig, WR_IOP_COUNT_ONE, name)
#include "ir/opcodes.def"
#undef WR_OP
#define WR_IOP(name, text, layout) +1
#include "compile/code.def"
#undef WR_IOP
#undef WR_IOP_COUNT_ONE
    ;

// The internal op of a generically lowered wasm instruction, or nullopt.
std::optional<IOp> GenericIOp(Opcode op);
// The wasm opcode an IOp came from (generic ops only), or nullopt.
std::optional<Opcode> IOpWasmOpcode(IOp op);

std::string_view IOpText(IOp op);
// The operand layout (code.def letters) of `op`.
std::string_view IOpLayout(IOp op);

// During lowering, an S operand with this bit set names a constant (index in the low bits);
// the final pass rewrites it to a slot of the frame's constant area.
inline constexpr uint32_t kConstTag = 0x8000'0000u;
// During lowering, an S operand with this bit set names a frame slot that the final pass must
// not move (result slots 0.. of the return sequence), as opposed to operand-stack slots, which
// it shifts above the constant area. Real slots are therefore below kFixedTag.
inline constexpr uint32_t kFixedTag = 0x4000'0000u;

}  // namespace wr::compile

namespace wr::compile {

// Size in words (op word included) of the instruction starting at code[pos]. The code must be
// well formed (produced by the lowering).
uint32_t InstrSize(const uint32_t* code, uint32_t pos);

}  // namespace wr::compile
