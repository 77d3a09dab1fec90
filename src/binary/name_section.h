// The "name" custom section (spec appendix "Custom Sections", with the subsections of the
// extended-name-section proposal and of the GC and exception-handling appendices): names for
// people, never a change of meaning. The text format writes it (EncodeNameSection) from its
// $identifiers; DecodeNameSection reads every subsection back. Loading a module keeps only
// the module and function names (ReadNameSection in reader.h), for backtraces.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace wr::binary {

// (index, name), sorted by index without duplicates.
using NameMap = std::vector<std::pair<uint32_t, std::string>>;
// (outer index, its NameMap), sorted by outer index without duplicates.
using IndirectNameMap = std::vector<std::pair<uint32_t, NameMap>>;

// Subsection ids.
enum class NameSubsection : uint8_t {
  Module = 0,
  Function = 1,
  Local = 2,  // per function: params and locals
  Label = 3,  // per function: labels numbered in the order their block/loop/if/try start
  Type = 4,
  Table = 5,
  Memory = 6,
  Global = 7,
  Elem = 8,
  Data = 9,
  Field = 10,  // per struct type: its fields
  Tag = 11,
};

struct NameSection {
  std::optional<std::string> module;
  NameMap functions;
  IndirectNameMap locals;
  IndirectNameMap labels;
  NameMap types;
  NameMap tables;
  NameMap memories;
  NameMap globals;
  NameMap elems;
  NameMap datas;
  IndirectNameMap fields;
  NameMap tags;

  bool empty() const {
    return !module && functions.empty() && locals.empty() && labels.empty() && types.empty() &&
           tables.empty() && memories.empty() && globals.empty() && elems.empty() &&
           datas.empty() && fields.empty() && tags.empty();
  }
};

// The section's payload (what follows the custom section's name "name"): the non-empty
// subsections in id order. The maps must be sorted (as NameMap says).
std::vector<uint8_t> EncodeNameSection(const NameSection& names);

// Decodes a payload; `offset`: its position in the module, for error offsets. Errors for a
// malformed payload (subsections out of order, unsorted maps, sizes that do not match);
// unknown subsection ids are skipped.
Result<NameSection> DecodeNameSection(std::span<const uint8_t> payload, uint64_t offset = 0);

}  // namespace wr::binary
