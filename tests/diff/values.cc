#include "diff/values.h"

#include <cinttypes>
#include <cstdio>
#include <sstream>

#include "diff/rng.h"

namespace wr::diff {

const char* KindName(ValKind kind) {
  switch (kind) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::Ref: return "ref";
  }
  return "?";
}

std::string FormatValue(ValKind kind, uint64_t bits) {
  char buf[48];
  if (kind == ValKind::I32 || kind == ValKind::F32) {
    std::snprintf(buf, sizeof buf, "%s:%08" PRIx32, KindName(kind), static_cast<uint32_t>(bits));
  } else {
    std::snprintf(buf, sizeof buf, "%s:%016" PRIx64, KindName(kind), bits);
  }
  return buf;
}

std::vector<std::vector<Arg>> MakeArgSets(uint64_t seed, uint32_t export_index,
                                          const ExportedFunc& func, uint32_t count) {
  Rng rng(seed * 0x9e3779b97f4a7c15ull + export_index + 1);
  std::vector<std::vector<Arg>> sets;
  for (uint32_t s = 0; s < count; ++s) {
    std::vector<Arg> args;
    for (ValKind k : func.params) {
      uint64_t bits = 0;
      if (s > 0) {
        switch (k) {
          case ValKind::I32: bits = InterestingI32(rng); break;
          case ValKind::I64: bits = InterestingI64(rng); break;
          case ValKind::F32: bits = InterestingF32(rng); break;
          default: bits = InterestingF64(rng); break;
        }
      }
      args.push_back(Arg{k, bits});
    }
    sets.push_back(std::move(args));
  }
  return sets;
}

namespace {

std::vector<std::string> Split(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

bool IsNanToken(const std::string& t) {
  const size_t colon = t.find(':');
  if (colon == std::string::npos) return false;
  const std::string type = t.substr(0, colon);
  const uint64_t bits = std::strtoull(t.c_str() + colon + 1, nullptr, 16);
  if (type == "f32") return IsNanF32(static_cast<uint32_t>(bits));
  if (type == "f64") return IsNanF64(bits);
  return false;
}

}  // namespace

bool SameResult(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (b == "trap float unrepresentable in integer range") {
    return a == "trap integer overflow" || a == "trap invalid conversion to integer";
  }
  const auto ta = Split(a);
  const auto tb = Split(b);
  if (ta.size() != tb.size() || ta.empty() || ta[0] != "ok" || tb[0] != "ok") return false;
  for (size_t i = 1; i < ta.size(); ++i) {
    if (ta[i] == tb[i]) continue;
    if (ta[i].substr(0, 4) != tb[i].substr(0, 4) || !IsNanToken(ta[i]) || !IsNanToken(tb[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace wr::diff
