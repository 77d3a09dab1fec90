#include "fuzz-binaryen/log_format.h"

#include <bit>
#include <cmath>
#include <cstdio>

namespace wr::fuzzb {

std::string FormatNumber(double x) {
  if (std::isnan(x)) return "nan";
  if (x == 0 && std::signbit(x)) return "-0";
  if (std::trunc(x) == x && std::fabs(x) < 9007199254740992.0) {
    return std::to_string(static_cast<int64_t>(x));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx",
                static_cast<unsigned long long>(std::bit_cast<uint64_t>(x)));
  return buf;
}

std::string FormatI64(int64_t x) {
  return std::to_string(x) + "n";
}

namespace {

bool EndsComparison(const std::string& line) {
  return line == "stack" || line == "hostlimit";
}

// The index of the first line of the export in which `log` first ends comparison (its
// "export" line), or log.size() if it never does.
size_t ComparableEnd(const std::vector<std::string>& log) {
  size_t export_start = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i].rfind("export ", 0) == 0) export_start = i;
    if (EndsComparison(log[i])) return export_start;
  }
  return log.size();
}

}  // namespace

Comparison CompareLogs(const std::vector<std::string>& wasmrun,
                       const std::vector<std::string>& v8) {
  Comparison c;
  const size_t end_a = ComparableEnd(wasmrun);
  const size_t end_b = ComparableEnd(v8);
  c.truncated = end_a < wasmrun.size() || end_b < v8.size();
  // Both logs are cut at the earlier of the two points; when neither is cut, the lengths
  // must agree too.
  const size_t end = std::min(end_a, end_b);
  for (size_t i = 0; i < end; ++i) {
    if (i >= wasmrun.size() || i >= v8.size() || wasmrun[i] != v8[i]) {
      c.same = false;
      c.first_difference = i;
      c.compared_lines = i;
      return c;
    }
  }
  c.compared_lines = end;
  if (!c.truncated && wasmrun.size() != v8.size()) {
    c.same = false;
    c.first_difference = end;
  }
  return c;
}

}  // namespace wr::fuzzb
