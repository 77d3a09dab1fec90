// A module's source lines for trap backtraces: its .debug_line decoded at the first lookup
// (not at load: most runs never trap), then kept for every later lookup.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "debuginfo/line_table.h"
#include "ir/module.h"

namespace wr::debuginfo {

// The DWARF sections of `m` (the first custom section of each name; empty when absent).
DebugSections FindDebugSections(const Module& m);

class ModuleLines {
 public:
  // The source line of the instruction at byte offset `module_offset` of `m` (the module
  // this object belongs to: always the same one). Thread-safe.
  std::optional<SourceLocation> Lookup(const Module& m, uint32_t module_offset) const;
  // The decoded table (decoding it now if no lookup did yet).
  const LineTable& Table(const Module& m) const;

 private:
  mutable std::once_flag once_;
  mutable LineTable table_;
};

}  // namespace wr::debuginfo
