#include "expected_failures.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace wr::spec {

namespace {

struct Entry {
  std::string file;
  uint32_t line = 0;
  std::string reason;
};

// Parses one non-comment line; false when it is not of the form `file:line reason`.
bool ParseLine(const std::string& text, Entry& out) {
  std::istringstream in(text);
  std::string loc;
  if (!(in >> loc)) return false;
  const size_t colon = loc.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  out.file = loc.substr(0, colon);
  const std::string num = loc.substr(colon + 1);
  if (num.empty() || num.size() > 9 || num.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  out.line = static_cast<uint32_t>(std::stoul(num));
  in >> out.reason;
  return true;
}

Result<std::vector<std::string>> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(Phase::Io, Error::kNoOffset, "cannot read " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

Result<ExpectedFailures> ExpectedFailures::Load(const std::string& path) {
  WR_TRY(auto lines, ReadLines(path));
  ExpectedFailures ef;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.empty() || l[0] == '#') continue;
    Entry e;
    if (!ParseLine(l, e)) {
      return MakeError(Phase::Io, Error::kNoOffset,
                       path + ":" + std::to_string(i + 1) + ": expected `file.wast:LINE reason`");
    }
    ef.entries_[{e.file, e.line}] = e.reason;
  }
  return ef;
}

std::set<uint32_t> ExpectedFailures::LinesFor(const std::string& file) const {
  std::set<uint32_t> out;
  for (const auto& [key, reason] : entries_) {
    if (key.first == file) out.insert(key.second);
  }
  return out;
}

Result<void> ExpectedFailures::Update(const std::string& path, const std::string& file,
                                      const std::map<uint32_t, std::string>& failures) {
  std::vector<std::string> kept;
  if (auto lines = ReadLines(path)) {
    for (const std::string& l : *lines) {
      Entry e;
      if (!l.empty() && l[0] != '#' && ParseLine(l, e) && e.file == file) continue;
      kept.push_back(l);
    }
  }
  for (const auto& [line, reason] : failures) {
    kept.push_back(file + ":" + std::to_string(line) + " " + reason);
  }
  // Keep the file sorted (comments first) so diffs stay small.
  std::vector<std::string> comments, entries;
  for (auto& l : kept) (l.empty() || l[0] == '#' ? comments : entries).push_back(l);
  std::stable_sort(entries.begin(), entries.end(), [](const std::string& a, const std::string& b) {
    Entry ea, eb;
    ParseLine(a, ea);
    ParseLine(b, eb);
    return ea.file != eb.file ? ea.file < eb.file : ea.line < eb.line;
  });
  std::ofstream out(path, std::ios::trunc);
  if (!out) return MakeError(Phase::Io, Error::kNoOffset, "cannot write " + path);
  for (const auto& l : comments) out << l << "\n";
  for (const auto& l : entries) out << l << "\n";
  return {};
}

}  // namespace wr::spec
