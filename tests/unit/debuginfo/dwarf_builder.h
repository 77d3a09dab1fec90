// Builds .debug_line units by hand for tests (little-endian DWARF, 32- or 64-bit).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wr::debuginfo::testing {

using Bytes = std::vector<uint8_t>;

inline void Put(Bytes& b, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void Uleb(Bytes& b, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v != 0) byte |= 0x80;
    b.push_back(byte);
  } while (v != 0);
}
inline void Sleb(Bytes& b, int64_t v) {
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    more = !((v == 0 && (byte & 0x40) == 0) || (v == -1 && (byte & 0x40) != 0));
    if (more) byte |= 0x80;
    b.push_back(byte);
  }
}
// Appends byte by byte (GCC 12 warns wrongly about range inserts into empty vectors).
inline void Append(Bytes& b, const Bytes& more) {
  for (uint8_t x : more) b.push_back(x);
}
inline void Str(Bytes& b, std::string_view s) {
  for (char c : s) b.push_back(static_cast<uint8_t>(c));
  b.push_back(0);
}

// The line-number program's opcodes (line_base -5, line_range 14, opcode_base 13).
struct Program {
  Bytes b;
  Program& SetAddress(uint32_t a) {
    b.push_back(0);
    Uleb(b, 5);
    b.push_back(2);
    Put(b, a, 4);
    return *this;
  }
  Program& AdvanceLine(int64_t d) {
    b.push_back(3);
    Sleb(b, d);
    return *this;
  }
  Program& AdvancePc(uint64_t d) {
    b.push_back(2);
    Uleb(b, d);
    return *this;
  }
  Program& SetFile(uint64_t f) {
    b.push_back(4);
    Uleb(b, f);
    return *this;
  }
  Program& SetColumn(uint64_t c) {
    b.push_back(5);
    Uleb(b, c);
    return *this;
  }
  Program& Copy() {
    b.push_back(1);
    return *this;
  }
  // A special opcode: address += addr (0..17), line += line (-5..8), then a row.
  Program& Special(unsigned addr, int line) {
    b.push_back(static_cast<uint8_t>((line + 5) + 14 * static_cast<int>(addr) + 13));
    return *this;
  }
  Program& EndSequence() {
    b.push_back(0);
    Uleb(b, 1);
    b.push_back(1);
    return *this;
  }
};

constexpr uint8_t kStdLengths[12] = {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1};

// unit_length, then `after_length` (version .. program).
inline Bytes Unit(const Bytes& after_length, bool dwarf64) {
  Bytes u;
  if (dwarf64) {
    Put(u, 0xffffffff, 4);
    Put(u, after_length.size(), 8);
  } else {
    Put(u, after_length.size(), 4);
  }
  Append(u, after_length);
  return u;
}

// A DWARF 2-4 unit: include directories, files (name, directory index), the program.
inline Bytes UnitV4(uint16_t version, const std::vector<std::string>& dirs,
                    const std::vector<std::pair<std::string, uint64_t>>& files,
                    const Program& program, bool dwarf64 = false) {
  Bytes header;
  header.push_back(1);                         // minimum_instruction_length
  if (version >= 4) header.push_back(1);       // maximum_operations_per_instruction
  header.push_back(1);                         // default_is_stmt
  header.push_back(static_cast<uint8_t>(-5));  // line_base
  header.push_back(14);                        // line_range
  header.push_back(13);                        // opcode_base
  for (uint8_t l : kStdLengths) header.push_back(l);
  for (const std::string& d : dirs) Str(header, d);
  header.push_back(0);
  for (const auto& [name, dir] : files) {
    Str(header, name);
    Uleb(header, dir);
    Uleb(header, 0);
    Uleb(header, 0);
  }
  header.push_back(0);
  Bytes body;
  Put(body, version, 2);
  Put(body, header.size(), dwarf64 ? 8 : 4);
  Append(body, header);
  Append(body, program.b);
  return Unit(body, dwarf64);
}

// A DWARF 5 unit whose directories are DW_FORM_line_strp offsets into .debug_line_str and
// whose files are (DW_FORM_string path, DW_FORM_udata directory, DW_FORM_data16 MD5).
inline Bytes UnitV5(const std::vector<uint64_t>& dir_offsets,
                    const std::vector<std::pair<std::string, uint64_t>>& files,
                    const Program& program, bool dwarf64 = false) {
  Bytes header;
  header.push_back(1);
  header.push_back(1);
  header.push_back(1);
  header.push_back(static_cast<uint8_t>(-5));
  header.push_back(14);
  header.push_back(13);
  for (uint8_t l : kStdLengths) header.push_back(l);
  header.push_back(1);  // directory_entry_format_count
  Uleb(header, 1);      // DW_LNCT_path
  Uleb(header, 0x1f);   // DW_FORM_line_strp
  Uleb(header, dir_offsets.size());
  for (uint64_t off : dir_offsets) Put(header, off, dwarf64 ? 8 : 4);
  header.push_back(3);  // file_name_entry_format_count
  Uleb(header, 1);      // DW_LNCT_path
  Uleb(header, 0x08);   // DW_FORM_string
  Uleb(header, 2);      // DW_LNCT_directory_index
  Uleb(header, 0x0f);   // DW_FORM_udata
  Uleb(header, 5);      // DW_LNCT_MD5
  Uleb(header, 0x1e);   // DW_FORM_data16
  Uleb(header, files.size());
  for (const auto& [name, dir] : files) {
    Str(header, name);
    Uleb(header, dir);
    for (int i = 0; i < 16; ++i) header.push_back(static_cast<uint8_t>(i * 7));
  }
  Bytes body;
  Put(body, 5, 2);
  body.push_back(4);  // address_size
  body.push_back(0);  // segment_selector_size
  Put(body, header.size(), dwarf64 ? 8 : 4);
  Append(body, header);
  Append(body, program.b);
  return Unit(body, dwarf64);
}

}  // namespace wr::debuginfo::testing
