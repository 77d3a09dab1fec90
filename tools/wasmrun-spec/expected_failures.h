// The list of known failing spec assertions (spec-tests/expected-failures).
//
// One entry per line: `file.wast:LINE reason`; `#` starts a comment. A run fails when an
// assertion fails that is not listed, and when a listed assertion passes, so the list cannot
// silently go stale.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/error.h"

namespace wr::spec {

class ExpectedFailures {
 public:
  static Result<ExpectedFailures> Load(const std::string& path);

  bool Contains(const std::string& file, uint32_t line) const {
    return entries_.count({file, line}) != 0;
  }
  // Entries listed for `file` (basename).
  std::set<uint32_t> LinesFor(const std::string& file) const;

  // Rewrites `path`: entries of `file` are replaced by `failures` (line -> reason); every other
  // entry is kept as it was.
  static Result<void> Update(const std::string& path, const std::string& file,
                             const std::map<uint32_t, std::string>& failures);

 private:
  std::map<std::pair<std::string, uint32_t>, std::string> entries_;
};

}  // namespace wr::spec
