// The "name" custom section: decoding (every subsection, or at load only the module and
// function names) and encoding. Loading reads it best effort: names are for people
// (backtraces, the CLI), so a malformed section is dropped without an error, as the spec asks
// of custom sections.
#include "binary/name_section.h"

#include <string>
#include <unordered_map>

#include "binary/reader.h"
#include "binary/writer.h"
#include "common/byte_reader.h"

namespace wr::binary {

namespace {

Result<std::string> ReadName(ByteReader& r) {
  WR_TRY(std::string_view s, r.Name());
  return std::string(s);
}

// A name map: vec(index name), sorted by index without duplicates; `add(index, name)` takes
// each entry. Every entry takes at least two bytes, which bounds what the caller allocates.
template <typename Add>
Result<void> ForEachName(ByteReader& r, const char* what, Add&& add) {
  WR_TRY(uint32_t n, r.VarU32());
  if (n > r.remaining() / 2) return r.Fail("length out of bounds");
  uint32_t prev = 0;
  for (uint32_t i = 0; i < n; ++i) {
    WR_TRY(uint32_t index, r.VarU32());
    if (i > 0 && index <= prev) return r.Fail(std::string(what) + " out of order");
    prev = index;
    WR_TRY(std::string_view name, r.Name());
    add(index, name, n);
  }
  return {};
}

Result<NameMap> ReadNameMap(ByteReader& r, const char* what) {
  NameMap map;
  WR_TRY_VOID(ForEachName(r, what, [&map](uint32_t index, std::string_view name, uint32_t n) {
    if (map.empty()) map.reserve(n);
    map.emplace_back(index, std::string(name));
  }));
  return map;
}

Result<IndirectNameMap> ReadIndirectNameMap(ByteReader& r, const char* what) {
  WR_TRY(uint32_t n, r.VarU32());
  if (n > r.remaining() / 2) return r.Fail("length out of bounds");
  IndirectNameMap map;
  map.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    WR_TRY(uint32_t index, r.VarU32());
    if (i > 0 && index <= map.back().first) return r.Fail(std::string(what) + " out of order");
    WR_TRY(NameMap inner, ReadNameMap(r, what));
    map.emplace_back(index, std::move(inner));
  }
  return map;
}

// Reads the subsections: every one into `out`, or (`module` set: the load path) only the
// module and function names, straight into `module`. The reader covers only the payload, so
// nothing can be read past it.
Result<void> ReadNames(ByteReader& r, NameSection& out, Module* module) {
  int last_id = -1;
  while (!r.at_end()) {
    WR_TRY(uint8_t id, r.U8());
    if (static_cast<int>(id) <= last_id) return r.Fail("subsection out of order");
    last_id = id;
    WR_TRY(uint32_t size, r.VarU32());
    WR_TRY(auto content, r.Bytes(size));
    ByteReader sub(content, r.offset() - size);
    using S = NameSubsection;
    const auto kind = static_cast<S>(id);
    if (kind == S::Module) {
      WR_TRY(out.module, ReadName(sub));
    } else if (kind == S::Function && module != nullptr) {
      auto& names = module->func_names;
      WR_TRY_VOID(ForEachName(sub, "function names",
                              [&names](uint32_t index, std::string_view name, uint32_t n) {
                                if (names.empty()) names.reserve(n);
                                names.emplace(index, std::string(name));
                              }));
    } else if (kind == S::Function) {
      WR_TRY(out.functions, ReadNameMap(sub, "function names"));
    } else if (module != nullptr) {
      continue;
    } else if (kind == S::Local || kind == S::Label || kind == S::Field) {
      IndirectNameMap& m = kind == S::Local   ? out.locals
                           : kind == S::Label ? out.labels
                                              : out.fields;
      WR_TRY(m, ReadIndirectNameMap(sub, "names"));
    } else if (id <= static_cast<uint8_t>(S::Tag)) {
      NameMap& m = kind == S::Type     ? out.types
                   : kind == S::Table  ? out.tables
                   : kind == S::Memory ? out.memories
                   : kind == S::Global ? out.globals
                   : kind == S::Elem   ? out.elems
                   : kind == S::Data   ? out.datas
                                       : out.tags;
      WR_TRY(m, ReadNameMap(sub, "names"));
    } else {
      continue;  // a later proposal's subsection
    }
    if (!sub.at_end()) return sub.Fail("section size mismatch");
  }
  return {};
}

void WriteNameMap(Writer& w, const NameMap& map) {
  w.VarU32(static_cast<uint32_t>(map.size()));
  for (const auto& [index, name] : map) {
    w.VarU32(index);
    w.Name(name);
  }
}

}  // namespace

Result<NameSection> DecodeNameSection(std::span<const uint8_t> payload, uint64_t offset) {
  ByteReader r(payload, offset);
  NameSection names;
  WR_TRY_VOID(ReadNames(r, names, nullptr));
  return names;
}

std::vector<uint8_t> EncodeNameSection(const NameSection& names) {
  Writer out;
  auto subsection = [&out](NameSubsection id, auto&& write) {
    out.U8(static_cast<uint8_t>(id));
    const size_t mark = out.BeginSized();
    write(out);
    out.EndSized(mark);
  };
  auto map = [&](NameSubsection id, const NameMap& m) {
    if (!m.empty()) subsection(id, [&m](Writer& w) { WriteNameMap(w, m); });
  };
  auto indirect = [&](NameSubsection id, const IndirectNameMap& m) {
    if (m.empty()) return;
    subsection(id, [&m](Writer& w) {
      w.VarU32(static_cast<uint32_t>(m.size()));
      for (const auto& [index, inner] : m) {
        w.VarU32(index);
        WriteNameMap(w, inner);
      }
    });
  };
  using S = NameSubsection;
  if (names.module) subsection(S::Module, [&names](Writer& w) { w.Name(*names.module); });
  map(S::Function, names.functions);
  indirect(S::Local, names.locals);
  indirect(S::Label, names.labels);
  map(S::Type, names.types);
  map(S::Table, names.tables);
  map(S::Memory, names.memories);
  map(S::Global, names.globals);
  map(S::Elem, names.elems);
  map(S::Data, names.datas);
  indirect(S::Field, names.fields);
  map(S::Tag, names.tags);
  return std::move(out.bytes());
}

void ReadNameSection(Module& module, ByteSpan payload) {
  ByteReader r(module.Bytes(payload), payload.offset);
  NameSection names;
  module.func_names.clear();
  if (!ReadNames(r, names, &module).has_value()) {
    module.func_names.clear();  // all or nothing
    return;
  }
  module.module_name = names.module.value_or(std::string());
}

}  // namespace wr::binary
