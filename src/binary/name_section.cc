// The "name" custom section (module and function names), read best effort: names are for
// people (backtraces, the CLI), so a malformed section is dropped without an error, as the spec
// asks of custom sections.
#include <string>
#include <unordered_map>

#include "binary/reader.h"
#include "common/byte_reader.h"

namespace wr::binary {

namespace {

constexpr uint8_t kModuleNames = 0;
constexpr uint8_t kFunctionNames = 1;

struct Names {
  std::string module_name;
  std::unordered_map<uint32_t, std::string> func_names;
};

Result<std::string> ReadName(ByteReader& r) {
  WR_TRY(std::string_view s, r.Name());
  return std::string(s);
}

// Reads the subsections into `out`. The reader covers only the payload, so nothing can be read
// past the section; every map entry takes at least two bytes, which bounds the allocation.
Result<void> ReadNames(ByteReader& r, Names& out) {
  int last_id = -1;
  while (!r.at_end()) {
    WR_TRY(uint8_t id, r.U8());
    if (static_cast<int>(id) <= last_id) return r.Fail("subsection out of order");
    last_id = id;
    WR_TRY(uint32_t size, r.VarU32());
    WR_TRY(auto content, r.Bytes(size));
    ByteReader sub(content, r.offset() - size);
    if (id == kModuleNames) {
      WR_TRY(out.module_name, ReadName(sub));
    } else if (id == kFunctionNames) {
      WR_TRY(uint32_t n, sub.VarU32());
      if (n > sub.remaining() / 2) return sub.Fail("length out of bounds");
      uint64_t prev = 0;
      for (uint32_t i = 0; i < n; ++i) {
        WR_TRY(uint32_t index, sub.VarU32());
        // Entries are sorted by index without duplicates.
        if (i > 0 && index <= prev) return sub.Fail("function names out of order");
        prev = index;
        WR_TRY(std::string name, ReadName(sub));
        out.func_names.emplace(index, std::move(name));
      }
    } else {
      continue;  // local, label, type, ... names: not used yet
    }
    if (!sub.at_end()) return sub.Fail("section size mismatch");
  }
  return {};
}

}  // namespace

void ReadNameSection(Module& module, ByteSpan payload) {
  ByteReader r(module.Bytes(payload), payload.offset);
  Names names;
  if (!ReadNames(r, names).has_value()) return;
  module.module_name = std::move(names.module_name);
  module.func_names = std::move(names.func_names);
}

}  // namespace wr::binary
