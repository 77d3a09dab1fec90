// Source lines of code addresses, from a module's DWARF .debug_line section (versions 2 to 5,
// 32- and 64-bit DWARF), for trap backtraces.
//
// In WebAssembly DWARF a code address is a byte offset from the start of the code section's
// contents (its function count), not from the start of the module.
//
// The input is untrusted: decoding never reads outside the sections, every loop consumes
// input, and what is kept is bounded by the input's size (no strings are copied: paths are
// views into the sections). A malformed line program ends decoding where it goes wrong; the
// units decoded before it stay usable and error() says what was wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wr::debuginfo {

struct DebugSections {
  std::span<const uint8_t> line;      // .debug_line
  std::span<const uint8_t> line_str;  // .debug_line_str (DWARF 5 DW_FORM_line_strp)
  std::span<const uint8_t> str;       // .debug_str (DW_FORM_strp)
};

struct SourceLocation {
  std::string file;  // the directory joined with the file name, as the producer wrote them
  uint32_t line = 0;
  uint32_t column = 0;  // 0: unknown
};

class LineTable {
 public:
  // Rows kept at most (each takes one opcode byte of input at least; this bounds the
  // memory of a huge section too).
  static constexpr size_t kMaxRows = size_t{1} << 24;
  // Longest path returned by Lookup (longer ones are cut, with "..." in front).
  static constexpr size_t kMaxPathSize = 1024;

  LineTable() = default;
  static LineTable Decode(const DebugSections& sections);

  // The source line of the instruction at code address `address`, or nothing when the table
  // has no row for it (or says line 0: no source line).
  std::optional<SourceLocation> Lookup(uint64_t address) const;

  bool empty() const { return rows_.empty(); }
  size_t num_rows() const { return rows_.size(); }
  size_t num_files() const { return files_.size(); }
  // The first problem found, empty when the whole section decoded.
  const std::string& error() const { return error_; }

 private:
  friend class LineProgramDecoder;
  struct File {
    std::string_view dir;  // empty: none (or the compilation directory of DWARF 2-4)
    std::string_view name;
  };
  struct Row {
    uint64_t address = 0;
    uint32_t file = 0;  // in files_; kNoFile when the program named no valid file
    uint32_t line = 0;
    uint32_t column = 0;
    bool end_sequence = false;
  };
  static constexpr uint32_t kNoFile = UINT32_MAX;

  std::vector<File> files_;
  std::vector<Row> rows_;  // sorted by address; a sequence's end row precedes rows at its end
  std::string error_;
};

}  // namespace wr::debuginfo
