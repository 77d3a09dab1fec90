// ReadModule: the binary format (WebAssembly 3.0) -> wr::Module.
//
// Contract:
// - Checks only what the binary format says (malformed modules); whether indices exist and
//   types match is the validator's job. Function bodies are not decoded (the validator decodes
//   them once, with InstrReader); constant expressions are decoded only to find their `end`.
// - Errors use the spec test suite's wording and the absolute byte offset in `bytes`. Where two
//   readings of a malformed module are possible, the reference interpreter's is chosen, because
//   the tests' expected messages come from it (e.g. a section that claims more bytes than the
//   input holds is "length out of bounds"; a read past the input is "unexpected end of section
//   or function", which also satisfies tests expecting "unexpected end").
// - Every count and size in the input is checked against the bytes that remain before anything
//   is allocated for it: the memory used is proportional to the input size.
// - The Module owns a copy of `bytes`; ByteSpans in it are offsets into that copy.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/error.h"
#include "ir/module.h"

namespace wr::binary {

// Encodings from proposals beyond the 3.0 core, on by default. The spec runner can turn one off
// for the core test suite, whose binary.wast expects e.g. memory limits flag 0x08 to be
// malformed.
struct ReadOptions {
  bool custom_page_sizes = true;  // memory limits flag 0x08: a page size exponent follows
  bool shared_memory = true;      // memory limits flag 0x02 (threads)
};

Result<Module> ReadModule(std::span<const uint8_t> bytes);
Result<Module> ReadModule(std::span<const uint8_t> bytes, const ReadOptions& options);
// As above, taking the bytes over instead of copying them.
Result<Module> ReadModule(std::vector<uint8_t>&& bytes, const ReadOptions& options = {});

// Fills module_name and func_names from a "name" custom section's payload (the bytes after the
// section name; `payload.offset` is absolute in module.bytes). Best effort: a malformed name
// section changes nothing and is not an error.
void ReadNameSection(Module& module, ByteSpan payload);

}  // namespace wr::binary
