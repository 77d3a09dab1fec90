// Checks of the custom sections that annotations produce (the annotations proposal, as the
// reference interpreter's custom handlers check them): every hint of a
// metadata.code.branch_hint section names a defined function and, by its byte offset from the
// start of that function's body (its locals), an `if` or `br_if` of it, in increasing order.
// Core validation never looks at custom sections; this is for tools and the spec runner.
#include "valid/custom_sections.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "binary/instr_reader.h"
#include "common/byte_reader.h"

namespace wr::valid {

namespace {

constexpr const char* kHint = "@metadata.code.branch_hint annotation: ";

Unexpected<Error> Invalid(uint64_t offset, const std::string& what) {
  return MakeError(Phase::Validate, offset, kHint + what);
}

// The offsets (from the start of the body, its locals) of the instructions of a defined
// function that may carry a hint: if and br_if. Fails if the body does not decode.
Result<void> CheckFunctionHints(const Module& m, const Function& f, ByteReader& r, uint64_t at) {
  // The body starts after its size field.
  ByteReader size_field(std::span<const uint8_t>(m.bytes).subspan(f.body_start), f.body_start);
  WR_TRY_VOID(size_field.VarU32());
  const uint64_t body_start = size_field.offset();
  std::vector<std::pair<uint64_t, Opcode>> instrs;  // relative offset, opcode
  binary::InstrReader ir(std::span<const uint8_t>(m.bytes).subspan(f.body.offset, f.body.size),
                         f.body.offset);
  binary::Instr instr;
  while (!ir.at_end()) {
    const uint64_t pos = ir.offset();
    WR_TRY_VOID(ir.Next(instr));
    instrs.emplace_back(pos - body_start, instr.op);
  }
  WR_TRY(uint32_t n, r.VarU32());
  uint64_t prev = 0;
  for (uint32_t i = 0; i < n; ++i) {
    WR_TRY(uint32_t offset, r.VarU32());
    WR_TRY(uint32_t size, r.VarU32());
    if (size != 1) return Invalid(at, "missing reserved byte");
    WR_TRY(uint8_t value, r.U8());
    if (value > 1) return Invalid(at, "invalid hint value");
    auto it =
        std::lower_bound(instrs.begin(), instrs.end(), std::make_pair(uint64_t{offset}, Opcode{}),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    if (it == instrs.end() || it->first != offset) return Invalid(at, "invalid offset");
    if (it->second != Opcode::If && it->second != Opcode::BrIf) {
      return Invalid(at, "invalid target");
    }
    if (i > 0 && offset <= prev) return Invalid(at, "invalid order");
    prev = offset;
  }
  return {};
}

}  // namespace

Result<void> CheckCustomSections(const Module& m) {
  for (const CustomSection& c : m.customs) {
    if (c.name != "metadata.code.branch_hint") continue;
    ByteReader r(std::span<const uint8_t>(m.bytes).subspan(c.payload.offset, c.payload.size),
                 c.payload.offset);
    WR_TRY(uint32_t num_funcs, r.VarU32());
    for (uint32_t i = 0; i < num_funcs; ++i) {
      const uint64_t at = r.offset();
      WR_TRY(uint32_t func, r.VarU32());
      if (func < m.num_imported_funcs || func - m.num_imported_funcs >= m.functions.size()) {
        return Invalid(at, "invalid function index " + std::to_string(func));
      }
      WR_TRY_VOID(CheckFunctionHints(m, m.functions[func - m.num_imported_funcs], r, at));
    }
    if (!r.at_end()) return Invalid(r.offset(), "section size mismatch");
  }
  return {};
}

}  // namespace wr::valid
