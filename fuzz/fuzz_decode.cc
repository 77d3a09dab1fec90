// libFuzzer target: decode a module, then every instruction of every function body and constant
// expression. Decoding must never crash, hang or allocate without bound, whatever the input;
// it may fail with an error. Spans the reader produces must lie inside the module's bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/instr_reader.h"
#include "binary/reader.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckSpan(const wr::Module& m, wr::ByteSpan s) {
  Check(uint64_t{s.offset} + s.size <= m.bytes.size());
}

// Decodes the instructions of `s` until its end or the first error.
void DecodeAll(const wr::Module& m, wr::ByteSpan s) {
  CheckSpan(m, s);
  wr::binary::InstrReader reader(m.Bytes(s), s.offset);
  wr::binary::Instr instr;
  while (!reader.at_end()) {
    const uint64_t before = reader.offset();
    if (!reader.Next(instr).has_value()) return;
    Check(reader.offset() > before);  // progress: no hang
    Check(instr.offset == before);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto result = wr::binary::ReadModule(std::span<const uint8_t>(data, size));
  if (!result.has_value()) {
    Check(!result.error().message.empty());
    Check(!result.error().has_offset() || result.error().offset <= size);
    return 0;
  }
  const wr::Module& m = *result;
  Check(m.bytes.size() == size);
  for (const wr::Function& f : m.functions) {
    Check(f.num_locals <= UINT32_MAX);
    Check(f.body.size > 0 && m.bytes[f.body.offset + f.body.size - 1] == 0x0b);
    DecodeAll(m, f.body);
  }
  for (const wr::Global& g : m.globals) DecodeAll(m, g.init.code);
  for (const wr::Table& t : m.tables) {
    if (t.init) DecodeAll(m, t.init->code);
  }
  for (const wr::ElemSegment& e : m.elems) {
    if (e.mode == wr::SegmentMode::Active) DecodeAll(m, e.offset.code);
    for (const wr::ConstExpr& x : e.exprs) DecodeAll(m, x.code);
  }
  for (const wr::DataSegment& d : m.datas) {
    CheckSpan(m, d.bytes);
    if (d.mode == wr::SegmentMode::Active) DecodeAll(m, d.offset.code);
  }
  for (const wr::CustomSection& c : m.customs) CheckSpan(m, c.payload);
  return 0;
}
