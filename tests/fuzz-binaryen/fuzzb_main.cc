// wasmrun_fuzz_binaryen: differential fuzzing of wasmrun against V8 (node) on modules that
// binaryen's `wasm-opt -ttf` generates.
//
//   wasmrun_fuzz_binaryen --seeds N [--start S] [--profile P]   seeds S..S+N-1 (S = 1)
//   wasmrun_fuzz_binaryen --seed S [--profile P]                one seed, both logs printed
//   wasmrun_fuzz_binaryen --file M.wasm                         a saved module, logs printed
// Options: --tools DIR (the npm tools of scripts/install-npm-tools; default build/npm of the
// source tree), --keep DIR (where reproducers go, default /tmp/wasmrun-fuzzb), --batch B
// (modules per node process, default 50), --perturb (self-test: wasmrun's side logs and
// returns every i32 off by one; the run then succeeds only if it finds mismatches).
// Profiles (feature sets, profiles.json): mvp simd wasm2 tail-call gc exceptions memory64 all;
// without --profile, seed S uses profile number S mod 8.
//
// Each module runs once in node (oracle.cjs) and once in wasmrun (runner.cc, in a forked
// child, so that a crash or a hang is reported, not fatal); the two logs must agree
// (log_format.h). A mismatching module is saved with both logs as DIR/SEED-PROFILE.wasm, .v8.log
// and .wasmrun.log. Exit status: 0 all agree, 1 a mismatch, 2 usage or environment error,
// 77 tools missing (ctest: skipped).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "fuzz-binaryen/log_format.h"
#include "fuzz-binaryen/runner.h"

#ifndef WR_FUZZB_DIR
#define WR_FUZZB_DIR "."
#endif
#ifndef WR_FUZZB_TOOLS
#define WR_FUZZB_TOOLS "build/npm"
#endif

namespace {

const std::array<const char*, 8> kProfiles = {"mvp", "simd",       "wasm2",    "tail-call",
                                              "gc",  "exceptions", "memory64", "all"};

struct Options {
  uint64_t start = 1;
  uint64_t count = 8;
  bool single = false;
  bool perturb = false;
  uint32_t batch = 50;
  std::string profile;  // empty: by seed
  std::string tools = WR_FUZZB_TOOLS;
  std::string keep = "/tmp/wasmrun-fuzzb";
  std::string file;  // --file: run this module instead of generating
};

struct ProfileStats {
  uint64_t modules = 0, generated = 0, mismatched = 0, truncated = 0, exports = 0, traps = 0,
           rejected = 0;
};

std::string ProfileFor(uint64_t seed, const Options& o) {
  return o.profile.empty() ? kProfiles[seed % kProfiles.size()] : o.profile;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream f(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(l);
  return lines;
}

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

bool WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream f(path);
  for (const auto& l : lines) f << l << '\n';
  return static_cast<bool>(f);
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// wasmrun's log for one module, computed in a child process.
std::vector<std::string> RunWasmrunIsolated(const std::string& wasm, const Options& o) {
  const std::string out = wasm + ".wasmrun.log";
  std::cout.flush();
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(120);
    wr::fuzzb::RunOptions ro;
    ro.perturb = o.perturb;
    const auto log = wr::fuzzb::RunInWasmrun(ReadBytes(wasm), ro);
    _exit(WriteLines(out, log) ? 0 : 3);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return {"harness error fork failed"};
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return {sig == SIGALRM ? "wasmrun hung (120 s)"
                           : "wasmrun crashed: " + std::string(strsignal(sig))};
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {"wasmrun child failed"};
  return ReadLines(out);
}

void PrintLogs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& x = i < a.size() ? a[i] : "";
    const std::string& y = i < b.size() ? b[i] : "";
    std::cout << (x == y ? "  " : "! ") << x;
    if (x != y) std::cout << "    | v8: " << y;
    std::cout << "\n";
  }
}

// Runs the oracle over `paths` (one node process); false if node fails.
bool RunOracle(const std::string& d, const std::vector<std::string>& paths,
               const std::string& node) {
  {
    std::ofstream list(d + "/list.txt");
    for (const auto& p : paths) {
      if (access(p.c_str(), R_OK) == 0) list << p << "\n";
    }
  }
  const std::string oracle = "timeout 1800 " + Quote(node) +
                             " --experimental-wasm-type-reflection " +
                             Quote(WR_FUZZB_DIR "/oracle.cjs") + " " + Quote(d + "/list.txt") +
                             " > " + Quote(d + "/oracle.out") + " 2>&1";
  const int rc = std::system(oracle.c_str());
  if (rc != 0) {
    std::cerr << "node (the oracle) failed with status " << rc << "; see " << d << "/oracle.out\n";
    return false;
  }
  std::remove((d + "/list.txt").c_str());
  std::remove((d + "/oracle.out").c_str());
  return true;
}

// Compares both sides on `wasm` (whose V8 log the oracle wrote), saves a reproducer on a
// mismatch, and removes the module and its logs.
void CheckModule(const std::string& wasm, const std::string& label, const Options& o,
                 ProfileStats& st) {
  ++st.generated;
  const auto v8 = ReadLines(wasm + ".v8.log");
  const auto mine = RunWasmrunIsolated(wasm, o);
  const auto cmp = wr::fuzzb::CompareLogs(mine, v8);
  for (const auto& l : v8) {
    if (l.rfind("export ", 0) == 0) ++st.exports;
    if (l.rfind("trap", 0) == 0) ++st.traps;
    if (l == "compile error") ++st.rejected;
  }
  if (cmp.truncated) ++st.truncated;
  if (o.single) {
    std::cout << label << ": wasmrun's log, with V8's where it differs\n";
    PrintLogs(mine, v8);
  }
  if (!cmp.same) {
    ++st.mismatched;
    mkdir(o.keep.c_str(), 0755);
    const std::string base = o.keep + "/" + label;
    if (base != wasm.substr(0, wasm.size() - 5)) {
      std::ifstream src(wasm, std::ios::binary);
      std::ofstream dst(base + ".wasm", std::ios::binary);
      dst << src.rdbuf();
    }
    WriteLines(base + ".v8.log", v8);
    WriteLines(base + ".wasmrun.log", mine);
    const size_t i = cmp.first_difference;
    if (!o.perturb) {
      std::cout << "MISMATCH " << label << " at log line " << i + 1
                << ":\n  wasmrun: " << (i < mine.size() ? mine[i] : "<end>")
                << "\n  v8:      " << (i < v8.size() ? v8[i] : "<end>") << "\n  saved " << base
                << ".wasm (and .v8.log, .wasmrun.log)\n";
    }
  }
  for (const char* ext : {".v8.log", ".wasmrun.log"}) std::remove((wasm + ext).c_str());
}

bool RunBatch(const std::vector<uint64_t>& seeds, const Options& o, const std::string& node,
              const std::string& wasm_opt, std::map<std::string, ProfileStats>& stats) {
  char tmpl[] = "/tmp/wasmrun-fuzzb-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (!dir) {
    std::perror("mkdtemp");
    return false;
  }
  const std::string d = dir;
  std::vector<std::string> paths;
  {
    std::ofstream jobs(d + "/jobs.txt");
    for (uint64_t seed : seeds) {
      paths.push_back(d + "/" + std::to_string(seed) + "-" + ProfileFor(seed, o) + ".wasm");
      jobs << seed << " " << ProfileFor(seed, o) << " " << paths.back() << "\n";
    }
  }
  const std::string gen = "timeout 900 " + Quote(node) + " " + Quote(WR_FUZZB_DIR "/gen.cjs") +
                          " " + Quote(wasm_opt) + " " + Quote(d + "/jobs.txt") + " > " +
                          Quote(d + "/gen.out") + " 2> " + Quote(d + "/gen.err");
  if (std::system(gen.c_str()) != 0) {
    std::cerr << "wasm-opt failed; see " << d << "/gen.err\n";
    return false;
  }
  if (!RunOracle(d, paths, node)) return false;
  for (size_t k = 0; k < seeds.size(); ++k) {
    const std::string profile = ProfileFor(seeds[k], o);
    ProfileStats& st = stats[profile];
    ++st.modules;
    if (access(paths[k].c_str(), R_OK) != 0) continue;  // wasm-opt failed (see gen.out)
    CheckModule(paths[k], std::to_string(seeds[k]) + "-" + profile, o, st);
    std::remove(paths[k].c_str());
  }
  for (const char* f : {"/jobs.txt", "/gen.out", "/gen.err"}) std::remove((d + f).c_str());
  rmdir(dir);
  return true;
}

// --file: both sides on a module already on disk (a saved reproducer), logs printed.
int RunFile(const std::string& file, Options o, const std::string& node) {
  char tmpl[] = "/tmp/wasmrun-fuzzb-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (!dir) return 2;
  const std::string copy = std::string(dir) + "/module.wasm";
  {
    std::ifstream src(file, std::ios::binary);
    std::ofstream dst(copy, std::ios::binary);
    dst << src.rdbuf();
  }
  if (!RunOracle(dir, {copy}, node)) return 2;
  o.single = true;
  o.keep = dir;
  ProfileStats st;
  CheckModule(copy, "module", o, st);
  std::cout << (st.mismatched ? "the logs differ (kept in " + std::string(dir) + ")\n"
                              : "the logs agree\n");
  return st.mismatched ? 1 : 0;
}

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--perturb") {
      o.perturb = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (a == "--seeds") {
      o.count = std::strtoull(v, nullptr, 10);
    } else if (a == "--start") {
      o.start = std::strtoull(v, nullptr, 10);
    } else if (a == "--seed") {
      o.start = std::strtoull(v, nullptr, 10);
      o.count = 1;
      o.single = true;
    } else if (a == "--profile") {
      o.profile = v;
      bool known = false;
      for (const char* p : kProfiles) known = known || o.profile == p;
      if (!known) return false;
    } else if (a == "--batch") {
      o.batch = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else if (a == "--tools") {
      o.tools = v;
    } else if (a == "--keep") {
      o.keep = v;
    } else if (a == "--file") {
      o.file = v;
    } else {
      return false;
    }
  }
  return o.batch > 0 && o.count > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::cerr << "usage: wasmrun_fuzz_binaryen [--seeds N] [--start S] [--seed S] [--profile P]\n"
                 "                             [--tools DIR] [--keep DIR] [--batch B] [--perturb]\n"
                 "       wasmrun_fuzz_binaryen --file M.wasm\n"
                 "profiles: mvp simd wasm2 tail-call gc exceptions memory64 all\n";
    return 2;
  }
  const std::string node = o.tools + "/node_modules/.bin/node";
  const std::string wasm_opt = o.tools + "/node_modules/binaryen/bin/wasm-opt";
  if (access(node.c_str(), X_OK) != 0 || access(wasm_opt.c_str(), R_OK) != 0) {
    std::cout << "binaryen and node not found in " << o.tools
              << " (scripts/install-npm-tools installs them): skipping the binaryen fuzz test\n";
    return 77;
  }
  if (!o.file.empty()) return RunFile(o.file, o, node);
  std::map<std::string, ProfileStats> stats;
  for (uint64_t s = o.start; s < o.start + o.count; s += o.batch) {
    std::vector<uint64_t> seeds;
    for (uint64_t t = s; t < s + o.batch && t < o.start + o.count; ++t) seeds.push_back(t);
    if (!RunBatch(seeds, o, node, wasm_opt, stats)) return 2;
    if (o.count > o.batch) {
      uint64_t bad = 0;
      for (const auto& [p, st] : stats) bad += st.mismatched;
      std::cout << "seeds " << o.start << ".." << seeds.back() << ": " << bad
                << " modules with mismatches" << std::endl;
    }
  }
  ProfileStats total;
  std::cout << "profile      modules generated exports  traps  cut-short rejected mismatched\n";
  for (const auto& [p, st] : stats) {
    std::printf(
        "%-12s %7llu %9llu %7llu %6llu %10llu %8llu %10llu\n", p.c_str(),
        static_cast<unsigned long long>(st.modules), static_cast<unsigned long long>(st.generated),
        static_cast<unsigned long long>(st.exports), static_cast<unsigned long long>(st.traps),
        static_cast<unsigned long long>(st.truncated), static_cast<unsigned long long>(st.rejected),
        static_cast<unsigned long long>(st.mismatched));
    total.modules += st.modules;
    total.generated += st.generated;
    total.mismatched += st.mismatched;
  }
  std::fflush(stdout);
  if (o.perturb) {
    // Self-test: a wrong value on wasmrun's side must be caught.
    std::cout << "perturbed run: " << total.mismatched << " of " << total.generated
              << " modules mismatched (expected: at least one)\n";
    return total.mismatched > 0 ? 0 : 1;
  }
  std::cout << total.generated << " modules (of " << total.modules << " seeds), "
            << total.mismatched << " with mismatches\n";
  if (total.generated == 0) return 2;
  return total.mismatched == 0 ? 0 : 1;
}
