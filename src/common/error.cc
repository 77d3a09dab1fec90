#include "common/error.h"

#include <cstdio>

namespace wr {

const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::Decode: return "decode";
    case Phase::Validate: return "validation";
    case Phase::Link: return "link";
    case Phase::Instantiate: return "instantiation";
    case Phase::Text: return "text";
    case Phase::Io: return "i/o";
  }
  return "unknown";
}

std::string Error::ToString() const {
  std::string out = PhaseName(phase);
  out += " error";
  if (has_offset()) {
    char buf[32];
    // Text errors carry a source line, binary ones a byte offset.
    std::snprintf(buf, sizeof buf, phase == Phase::Text ? " at line %llu" : " at offset 0x%llx",
                  static_cast<unsigned long long>(offset));
    out += buf;
  }
  out += ": ";
  out += message;
  return out;
}

}  // namespace wr
