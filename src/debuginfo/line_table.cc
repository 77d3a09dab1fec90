// The .debug_line decoder: each unit's header (file and directory tables) and line-number
// program (DWARF 5 section 6.2; versions 2 to 4 differ in the header only), run into a table
// of rows sorted by address.
#include "debuginfo/line_table.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace wr::debuginfo {

namespace {

// Standard opcodes (DW_LNS_*).
constexpr uint8_t kCopy = 1, kAdvancePc = 2, kAdvanceLine = 3, kSetFile = 4, kSetColumn = 5,
                  kNegateStmt = 6, kSetBasicBlock = 7, kConstAddPc = 8, kFixedAdvancePc = 9,
                  kSetPrologueEnd = 10, kSetEpilogueBegin = 11, kSetIsa = 12;
// Extended opcodes (DW_LNE_*).
constexpr uint8_t kEndSequence = 1, kSetAddress = 2, kDefineFile = 3;
// Forms of DWARF 5 directory and file entries (DW_FORM_*).
constexpr uint64_t kFormBlock2 = 0x03, kFormBlock4 = 0x04, kFormData2 = 0x05, kFormData4 = 0x06,
                   kFormData8 = 0x07, kFormString = 0x08, kFormBlock = 0x09, kFormBlock1 = 0x0a,
                   kFormData1 = 0x0b, kFormFlag = 0x0c, kFormSdata = 0x0d, kFormStrp = 0x0e,
                   kFormUdata = 0x0f, kFormSecOffset = 0x17, kFormStrx = 0x1a, kFormData16 = 0x1e,
                   kFormLineStrp = 0x1f, kFormStrx1 = 0x25, kFormStrx2 = 0x26, kFormStrx3 = 0x27,
                   kFormStrx4 = 0x28;
// Content types of DWARF 5 entries (DW_LNCT_*).
constexpr uint64_t kLnctPath = 1, kLnctDirectoryIndex = 2;

// Reads little-endian DWARF data within a span. A read past the end fails the cursor for
// good: it then sits at the end and every read returns zero, so loops over it stop.
class Cursor {
 public:
  explicit Cursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ >= bytes_.size(); }
  size_t remaining() const { return bytes_.size() - pos_; }

  uint64_t Fixed(size_t n) {
    if (n > remaining()) return Fail();
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t{bytes_[pos_ + i]} << (8 * i);
    pos_ += n;
    return v;
  }
  uint8_t U8() { return static_cast<uint8_t>(Fixed(1)); }
  void Skip(uint64_t n) {
    if (n > remaining()) {
      Fail();
      return;
    }
    pos_ += static_cast<size_t>(n);
  }
  // LEB128 of at most 10 bytes; bits beyond 64 are dropped.
  uint64_t Uleb() {
    uint64_t v = 0;
    for (unsigned i = 0; i < 10; ++i) {
      if (at_end()) return Fail();
      const uint8_t b = bytes_[pos_++];
      v |= uint64_t{b & 0x7fu} << (7 * i);  // i <= 9: the shift stays below 64
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  int64_t Sleb() {
    uint64_t v = 0;
    unsigned shift = 0;
    for (unsigned i = 0; i < 10; ++i) {
      if (at_end()) return static_cast<int64_t>(Fail());
      const uint8_t b = bytes_[pos_++];
      if (shift < 64) v |= uint64_t{b & 0x7fu} << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        if (shift < 64 && (b & 0x40) != 0) v |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(v);
      }
    }
    return static_cast<int64_t>(Fail());
  }
  // A NUL-terminated string (without its NUL).
  std::string_view CString() {
    const void* nul = std::memchr(bytes_.data() + pos_, 0, remaining());
    if (nul == nullptr) {
      Fail();
      return {};
    }
    const size_t len = static_cast<size_t>(static_cast<const uint8_t*>(nul) - bytes_.data()) - pos_;
    std::string_view s(reinterpret_cast<const char*>(bytes_.data() + pos_), len);
    pos_ += len + 1;
    return s;
  }
  // The next n bytes as a cursor of their own.
  Cursor Sub(uint64_t n) {
    if (n > remaining()) {
      Fail();
      return Cursor({});
    }
    Cursor c(bytes_.subspan(pos_, static_cast<size_t>(n)));
    pos_ += static_cast<size_t>(n);
    return c;
  }
  // The rest.
  Cursor Rest() { return Sub(remaining()); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = bytes_.size();
    return 0;
  }
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// The NUL-terminated string at `offset` of a string section; empty when out of bounds.
std::string_view StringAt(std::span<const uint8_t> section, uint64_t offset) {
  if (offset >= section.size()) return {};
  const size_t at = static_cast<size_t>(offset);
  const void* nul = std::memchr(section.data() + at, 0, section.size() - at);
  if (nul == nullptr) return {};
  return std::string_view(
      reinterpret_cast<const char*>(section.data() + at),
      static_cast<size_t>(static_cast<const uint8_t*>(nul) - section.data()) - at);
}

struct EntryFormat {
  uint64_t content = 0;
  uint64_t form = 0;
};

}  // namespace

// Decodes the units of .debug_line into a LineTable, one at a time.
class LineProgramDecoder {
 public:
  LineProgramDecoder(const DebugSections& s, LineTable& t) : sections_(s), table_(t) {}

  void Run() {
    Cursor section(sections_.line);
    while (!section.at_end()) {
      uint64_t length = section.Fixed(4);
      dwarf64_ = false;
      if (length == 0xffffffff) {
        dwarf64_ = true;
        length = section.Fixed(8);
      } else if (length >= 0xfffffff0) {
        Error("reserved unit length");
        break;
      }
      Cursor unit = section.Sub(length);
      if (!section.ok()) {
        Error("unit runs past the end of .debug_line");
        break;
      }
      if (!DecodeUnit(unit)) break;
    }
    // Sorted by address; at an address where one sequence ends and another starts, the end
    // row first, so that a lookup finds the row that starts there.
    std::stable_sort(table_.rows_.begin(), table_.rows_.end(),
                     [](const LineTable::Row& a, const LineTable::Row& b) {
                       if (a.address != b.address) return a.address < b.address;
                       return a.end_sequence && !b.end_sequence;
                     });
  }

 private:
  bool Error(std::string message) {
    if (table_.error_.empty()) table_.error_ = std::move(message);
    return false;
  }

  // A string-valued form: a view into the section it lives in, empty when unresolvable.
  std::string_view ReadString(Cursor& c, uint64_t form) {
    switch (form) {
      case kFormString: return c.CString();
      case kFormLineStrp: return StringAt(sections_.line_str, c.Fixed(dwarf64_ ? 8 : 4));
      case kFormStrp: return StringAt(sections_.str, c.Fixed(dwarf64_ ? 8 : 4));
      default: SkipForm(c, form); return {};
    }
  }
  // A number-valued form (0 when the form holds no number).
  uint64_t ReadNumber(Cursor& c, uint64_t form) {
    switch (form) {
      case kFormUdata: return c.Uleb();
      case kFormData1: return c.Fixed(1);
      case kFormData2: return c.Fixed(2);
      case kFormData4: return c.Fixed(4);
      case kFormData8: return c.Fixed(8);
      default: SkipForm(c, form); return 0;
    }
  }
  // Skips one value; false for a form the decoder does not know (its size is unknown).
  bool SkipForm(Cursor& c, uint64_t form) {
    switch (form) {
      case kFormString: c.CString(); return true;
      case kFormLineStrp:
      case kFormStrp:
      case kFormSecOffset: c.Skip(dwarf64_ ? 8 : 4); return true;
      case kFormUdata:
      case kFormStrx: c.Uleb(); return true;
      case kFormSdata: c.Sleb(); return true;
      case kFormData1:
      case kFormFlag:
      case kFormStrx1: c.Skip(1); return true;
      case kFormData2:
      case kFormStrx2: c.Skip(2); return true;
      case kFormStrx3: c.Skip(3); return true;
      case kFormData4:
      case kFormStrx4: c.Skip(4); return true;
      case kFormData8: c.Skip(8); return true;
      case kFormData16: c.Skip(16); return true;
      case kFormBlock1: c.Skip(c.Fixed(1)); return true;
      case kFormBlock2: c.Skip(c.Fixed(2)); return true;
      case kFormBlock4: c.Skip(c.Fixed(4)); return true;
      case kFormBlock: c.Skip(c.Uleb()); return true;
      default: return false;
    }
  }

  bool ReadFormats(Cursor& h, std::vector<EntryFormat>& formats) {
    const uint8_t n = h.U8();
    for (uint8_t i = 0; i < n && h.ok(); ++i) {
      EntryFormat f;
      f.content = h.Uleb();
      f.form = h.Uleb();
      formats.push_back(f);
    }
    return h.ok() || Error("truncated line table header");
  }

  // DWARF 5 directory or file entries: (path, directory index) of each.
  bool ReadEntries(Cursor& h, std::vector<LineTable::File>& out,
                   const std::vector<std::string_view>* dirs) {
    std::vector<EntryFormat> formats;
    if (!ReadFormats(h, formats)) return false;
    const uint64_t count = h.Uleb();
    if (count == 0) return h.ok() || Error("truncated line table header");
    // Every entry takes a byte at least, which bounds the count (and what is allocated).
    if (formats.empty() || count > h.remaining()) return Error("bad line table entry count");
    for (uint64_t i = 0; i < count; ++i) {
      LineTable::File entry;
      uint64_t dir_index = 0;
      for (const EntryFormat& f : formats) {
        if (f.content == kLnctPath) {
          entry.name = ReadString(h, f.form);
        } else if (f.content == kLnctDirectoryIndex) {
          dir_index = ReadNumber(h, f.form);
        } else if (!SkipForm(h, f.form)) {
          return Error("unsupported form in line table header");
        }
      }
      if (!h.ok()) return Error("truncated line table header");
      if (dirs != nullptr && dir_index < dirs->size()) entry.dir = (*dirs)[dir_index];
      out.push_back(entry);
    }
    return true;
  }

  bool DecodeUnit(Cursor& unit) {
    const uint64_t version = unit.Fixed(2);
    if (!unit.ok()) return Error("truncated line table header");
    if (version < 2 || version > 5) {
      return Error("unsupported .debug_line version " + std::to_string(version));
    }
    if (version >= 5) unit.Skip(2);  // address_size, segment_selector_size
    const uint64_t header_length = unit.Fixed(dwarf64_ ? 8 : 4);
    Cursor h = unit.Sub(header_length);
    Cursor program = unit.Rest();
    if (!unit.ok()) return Error("truncated line table header");
    min_inst_ = h.U8();
    if (version >= 4) h.U8();  // maximum_operations_per_instruction: no VLIW here
    h.U8();                    // default_is_stmt: every row is kept
    line_base_ = static_cast<int8_t>(h.U8());
    line_range_ = h.U8();
    opcode_base_ = h.U8();
    if (!h.ok()) return Error("truncated line table header");
    if (line_range_ == 0) return Error("line_range of 0");
    if (opcode_base_ == 0) return Error("opcode_base of 0");
    for (unsigned op = 1; op < opcode_base_; ++op) std_lengths_[op] = h.U8();
    files_base_ = table_.files_.size();
    version5_ = version >= 5;
    if (version5_) {
      std::vector<LineTable::File> dir_entries;
      if (!ReadEntries(h, dir_entries, nullptr)) return false;
      std::vector<std::string_view> dirs;
      dirs.reserve(dir_entries.size());
      for (const LineTable::File& d : dir_entries) dirs.push_back(d.name);
      if (!ReadEntries(h, table_.files_, &dirs)) return false;
    } else {
      std::vector<std::string_view> dirs{std::string_view()};  // 0: the compilation directory
      while (true) {
        const std::string_view dir = h.CString();
        if (!h.ok()) return Error("truncated line table header");
        if (dir.empty()) break;
        dirs.push_back(dir);
      }
      while (true) {
        if (!ReadOldFile(h, dirs)) return false;
        if (done_files_) break;
      }
      old_dirs_ = std::move(dirs);
    }
    return RunProgram(program);
  }

  // One DWARF 2-4 file entry (from the header or DW_LNE_define_file); an empty name ends the
  // header's list (done_files_).
  bool ReadOldFile(Cursor& c, const std::vector<std::string_view>& dirs) {
    done_files_ = false;
    LineTable::File f;
    f.name = c.CString();
    if (!c.ok()) return Error("truncated line table header");
    if (f.name.empty()) {
      done_files_ = true;
      return true;
    }
    const uint64_t dir = c.Uleb();
    c.Uleb();  // modification time
    c.Uleb();  // length
    if (!c.ok()) return Error("truncated file entry");
    if (dir < dirs.size()) f.dir = dirs[dir];
    table_.files_.push_back(f);
    return true;
  }

  uint32_t FileOf(uint64_t file_register) const {
    const size_t n = table_.files_.size() - files_base_;
    const uint64_t index = version5_ ? file_register : file_register - 1;  // 1-based before 5
    if (!version5_ && file_register == 0) return LineTable::kNoFile;
    return index < n ? static_cast<uint32_t>(files_base_ + index) : LineTable::kNoFile;
  }

  // Runs the program; the rows of a sequence it does not end (the program stops early or
  // goes wrong) are dropped: they would have no end address.
  bool RunProgram(Cursor& p) {
    sequence_start_ = table_.rows_.size();
    const bool ok = RunOpcodes(p);
    table_.rows_.resize(sequence_start_);
    return ok;
  }

  bool RunOpcodes(Cursor& p) {
    struct State {
      uint64_t address = 0, file = 1, line = 1, column = 0;
    } s;
    size_t& sequence_start = sequence_start_;
    auto emit = [&](bool end) {
      if (table_.rows_.size() >= LineTable::kMaxRows) return Error("too many line table rows");
      LineTable::Row r;
      r.address = s.address;
      r.file = FileOf(s.file);
      r.line = s.line <= UINT32_MAX ? static_cast<uint32_t>(s.line) : 0;
      r.column = s.column <= UINT32_MAX ? static_cast<uint32_t>(s.column) : 0;
      r.end_sequence = end;
      table_.rows_.push_back(r);
      return true;
    };
    while (!p.at_end()) {
      const uint8_t op = p.U8();
      if (op >= opcode_base_) {
        const unsigned adjusted = op - opcode_base_;
        s.address += uint64_t{min_inst_} * (adjusted / line_range_);
        s.line += static_cast<uint64_t>(line_base_ + static_cast<int>(adjusted % line_range_));
        if (!emit(false)) return false;
        continue;
      }
      switch (op) {
        case 0: {
          const uint64_t len = p.Uleb();
          Cursor ext = p.Sub(len);
          if (!p.ok()) return Error("truncated extended opcode");
          if (len == 0) break;
          const uint8_t sub = ext.U8();
          if (sub == kEndSequence) {
            if (!emit(true)) return false;
            // A sequence at address 0 is code the linker dropped (0 is the function count,
            // never an instruction): its rows would shadow live code.
            if (table_.rows_[sequence_start].address == 0) table_.rows_.resize(sequence_start);
            sequence_start = table_.rows_.size();
            s = State();
          } else if (sub == kSetAddress) {
            const uint64_t size = len - 1;
            if (size != 1 && size != 2 && size != 4 && size != 8) {
              return Error("bad DW_LNE_set_address size");
            }
            s.address = ext.Fixed(static_cast<size_t>(size));
          } else if (sub == kDefineFile && !version5_) {
            if (!ReadOldFile(ext, old_dirs_)) return false;
          }
          break;  // other extended opcodes (set_discriminator, vendors'): skipped whole
        }
        case kCopy:
          if (!emit(false)) return false;
          break;
        case kAdvancePc: s.address += uint64_t{min_inst_} * p.Uleb(); break;
        case kAdvanceLine: s.line += static_cast<uint64_t>(p.Sleb()); break;
        case kSetFile: s.file = p.Uleb(); break;
        case kSetColumn: s.column = p.Uleb(); break;
        case kConstAddPc:
          s.address += uint64_t{min_inst_} * ((255u - opcode_base_) / line_range_);
          break;
        case kFixedAdvancePc: s.address += p.Fixed(2); break;
        case kNegateStmt:
        case kSetBasicBlock:
        case kSetPrologueEnd:
        case kSetEpilogueBegin: break;
        case kSetIsa: p.Uleb(); break;
        default:
          // An opcode of a later version or a vendor's: its operand count is in the header.
          for (unsigned i = 0; i < std_lengths_[op]; ++i) p.Uleb();
          break;
      }
      if (!p.ok()) return Error("truncated line number program");
    }
    return true;
  }

  const DebugSections& sections_;
  LineTable& table_;
  bool dwarf64_ = false;
  bool version5_ = false;
  bool done_files_ = false;
  uint8_t min_inst_ = 1;
  int8_t line_base_ = 0;
  uint8_t line_range_ = 1;
  uint8_t opcode_base_ = 1;
  std::array<uint8_t, 256> std_lengths_{};
  size_t files_base_ = 0;
  size_t sequence_start_ = 0;  // the first row of the sequence being run
  std::vector<std::string_view> old_dirs_;
};

LineTable LineTable::Decode(const DebugSections& sections) {
  LineTable t;
  LineProgramDecoder(sections, t).Run();
  return t;
}

std::optional<SourceLocation> LineTable::Lookup(uint64_t address) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), address,
                             [](uint64_t a, const Row& r) { return a < r.address; });
  if (it == rows_.begin()) return std::nullopt;
  const Row& row = *std::prev(it);
  if (row.end_sequence || row.line == 0) return std::nullopt;
  SourceLocation loc;
  loc.line = row.line;
  loc.column = row.column;
  if (row.file < files_.size()) {
    const File& f = files_[row.file];
    std::string path;
    if (!f.dir.empty() && !f.name.starts_with('/')) {
      path.reserve(std::min(f.dir.size() + 1 + f.name.size(), 2 * kMaxPathSize));
      path.append(f.dir.substr(0, 2 * kMaxPathSize));
      if (!f.dir.ends_with('/')) path += '/';
    }
    path.append(f.name.substr(0, 2 * kMaxPathSize));
    if (path.size() > kMaxPathSize) path = "..." + path.substr(path.size() - (kMaxPathSize - 3));
    loc.file = std::move(path);
  }
  return loc;
}

}  // namespace wr::debuginfo
