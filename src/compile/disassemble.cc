// Disassembler for internal code: one instruction per line,
//   0012: i32.add s5, s0, c1        (s = frame slot, c = constant-area slot)
//   0016: jump_if s5, @0004         (@ = absolute code position of the target)
#include <cinttypes>
#include <cstdio>
#include <string>

#include "compile/code.h"
#include "compile/compiled_module.h"

namespace wr::compile {

std::string Disassemble(const CompiledFunction& f) {
  std::string out;
  char buf[64];
  std::snprintf(buf, sizeof buf, "func %u: params %u, locals %u, results %u, frame %u\n",
                f.func_index, f.num_param_slots, f.num_local_slots, f.num_result_slots,
                f.frame_slots);
  out += buf;
  const std::span<const uint64_t> consts = f.constants();
  for (size_t i = 0; i < consts.size(); ++i) {
    std::snprintf(buf, sizeof buf, "  c%zu = 0x%" PRIx64 "\n", i, consts[i]);
    out += buf;
  }
  const std::vector<uint32_t>& c = f.code;
  for (uint32_t pos = 0; pos < c.size();) {
    const auto op = static_cast<IOp>(c[pos]);
    std::snprintf(buf, sizeof buf, "  %04u: ", pos);
    out += buf;
    out += IOpText(op);
    uint32_t w = pos + 1;
    bool first = true;
    auto sep = [&] {
      out += first ? " " : ", ";
      first = false;
    };
    auto target = [&](uint32_t word) {
      std::snprintf(buf, sizeof buf, "@%04u", pos + word);
      out += buf;
    };
    for (char l : IOpLayout(op)) {
      sep();
      if (l == 'S') {
        const uint32_t s = c[w++];
        if (s >= f.const_base && s < f.const_base + consts.size()) {
          std::snprintf(buf, sizeof buf, "c%u", s - f.const_base);
        } else {
          std::snprintf(buf, sizeof buf, "s%u", s);
        }
        out += buf;
      } else if (l == 'I') {
        out += std::to_string(c[w++]);
      } else if (l == 'L') {
        target(c[w++]);
      } else {  // 'T'
        const uint32_t n = c[w++];
        out += "[";
        for (uint32_t i = 0; i <= n; ++i) {
          if (i) out += " ";
          target(c[w++]);
        }
        out += "]";
      }
    }
    out += "\n";
    pos = w;
  }
  // Exception handlers (try_table and legacy try): range, where the payload goes, clauses.
  static constexpr const char* kClause[] = {"catch",         "catch_ref",    "catch_all",
                                            "catch_all_ref", "legacy_catch", "legacy_catch_all"};
  for (size_t h = 0; h < f.maps->handlers.size(); ++h) {
    const CompiledFunction::Handler& hd = f.maps->handlers[h];
    std::snprintf(buf, sizeof buf, "  handler %zu: @%04u..@%04u, base s%u", h, hd.begin, hd.end,
                  hd.base_slot);
    out += buf;
    if (hd.delegate != CompiledFunction::Handler::kNoDelegate) {
      out += hd.delegate == 0 ? ", delegate to the caller"
                              : ", delegate to handler " + std::to_string(hd.delegate - 1);
    }
    for (uint32_t k = 0; k < hd.num_clauses; ++k) {
      const CompiledFunction::CatchClause& cl = f.maps->clauses[hd.first_clause + k];
      std::snprintf(buf, sizeof buf, ", %s %u @%04u", kClause[static_cast<size_t>(cl.kind)], cl.tag,
                    cl.stub);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

}  // namespace wr::compile
