#include "debuginfo/module_lines.h"

namespace wr::debuginfo {

DebugSections FindDebugSections(const Module& m) {
  DebugSections s;
  auto take = [&m](std::span<const uint8_t>& out, const CustomSection& c) {
    if (out.empty()) out = m.Bytes(c.payload);
  };
  for (const CustomSection& c : m.customs) {
    if (c.name == ".debug_line") take(s.line, c);
    if (c.name == ".debug_line_str") take(s.line_str, c);
    if (c.name == ".debug_str") take(s.str, c);
  }
  return s;
}

const LineTable& ModuleLines::Table(const Module& m) const {
  std::call_once(once_, [&] {
    const DebugSections s = FindDebugSections(m);
    if (!s.line.empty() && m.code_section_offset != 0) table_ = LineTable::Decode(s);
  });
  return table_;
}

std::optional<SourceLocation> ModuleLines::Lookup(const Module& m, uint32_t module_offset) const {
  const LineTable& t = Table(m);
  if (t.empty() || module_offset < m.code_section_offset) return std::nullopt;
  return t.Lookup(module_offset - m.code_section_offset);
}

}  // namespace wr::debuginfo
