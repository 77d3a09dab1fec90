// The .debug_line decoder on arbitrary bytes: the first byte splits the input into
// .debug_line and .debug_line_str (strings are looked up in both string sections); then
// lookups over the decoded table. Must never crash, hang or allocate beyond the input's size.
#include <cstddef>
#include <cstdint>
#include <span>

#include "debuginfo/line_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::span<const uint8_t> all(data + 1, size - 1);
  const size_t split = all.size() * data[0] / 256;
  const auto line = all.subspan(0, split);
  const auto strs = all.subspan(split);
  const wr::debuginfo::LineTable t = wr::debuginfo::LineTable::Decode({line, strs, strs});
  for (uint64_t a = 0; a < 64; ++a) (void)t.Lookup(a * 7);
  (void)t.Lookup(UINT64_MAX);
  return 0;
}
