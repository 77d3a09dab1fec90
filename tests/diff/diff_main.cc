// wasmrun_diff: differential testing of wasmrun against V8 (node) on generated modules.
//
//   wasmrun_diff --seeds N [--start S]   seeds S..S+N-1 (default S = 1)
//   wasmrun_diff --seed S                one seed, printing every call
// Options: --args K (argument sets per export, default 6), --batch B (modules per node
// process, default 50), --node PATH, --harness PATH, --no-simd, --keep DIR (where failing
// modules are saved, default /tmp), --dump FILE (write the module of --seed to FILE).
//
// Each module is generated from its seed (generator.h); every export is called with each
// argument set on a fresh instance in both engines, and the result lines (values.h) must
// agree bit for bit, any NaN matching any NaN. wasmrun runs in a forked child per module, so
// a crash or hang (60 s) is reported as such instead of ending the run.
// Exit status: 0 all agree, 1 a mismatch, 2 usage or environment error, 77 node not found
// (ctest treats 77 as "skipped").
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "diff/generator.h"
#include "diff/values.h"
#include "diff/wasmrun_side.h"

#ifndef WR_DIFF_HARNESS
#define WR_DIFF_HARNESS "harness.cjs"
#endif

namespace {

using wr::diff::Call;

struct Options {
  uint64_t start = 1;
  uint64_t count = 20;
  bool single = false;
  uint32_t arg_sets = 6;
  uint32_t batch = 50;
  std::string node;
  std::string harness = WR_DIFF_HARNESS;
  std::string keep = "/tmp";
  std::string dump;
  wr::diff::GenOptions gen;
};

struct Case {
  uint64_t seed = 0;
  wr::diff::GeneratedModule module;
  std::vector<Call> calls;
  std::string path;
};

struct Stats {
  uint64_t seeds = 0, calls = 0, ok = 0, traps = 0, mismatched_seeds = 0;
};

std::string FindInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::stringstream ss(path);
  for (std::string dir; std::getline(ss, dir, ':');) {
    const std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

bool WriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream f(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(l);
  return lines;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string Signature(const Call& c) {
  std::string s = c.name + "(";
  for (size_t i = 0; i < c.args.size(); ++i) {
    s += (i ? ", " : "") + wr::diff::FormatValue(c.args[i].kind, c.args[i].bits);
  }
  s += ") -> (";
  for (size_t i = 0; i < c.results.size(); ++i) {
    s += std::string(i ? ", " : "") + wr::diff::KindName(c.results[i]);
  }
  return s + ")";
}

Case MakeCase(uint64_t seed, const Options& o, const std::string& dir) {
  Case c;
  c.seed = seed;
  c.module = wr::diff::Generate(seed, o.gen);
  c.path = dir + "/s" + std::to_string(seed) + ".wasm";
  for (uint32_t e = 0; e < c.module.exports.size(); ++e) {
    const wr::diff::ExportedFunc& f = c.module.exports[e];
    for (auto& args : wr::diff::MakeArgSets(seed, e, f, o.arg_sets)) {
      c.calls.push_back(Call{f.name, f.results, std::move(args)});
    }
  }
  return c;
}

// Runs wasmrun on one case in a child process; returns its result lines, or one line per
// call describing how the child died.
std::vector<std::string> RunWasmrunIsolated(const Case& c, const std::string& out_path) {
  std::cout.flush();
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(60);
    const auto lines = wr::diff::RunInWasmrun(c.module.bytes, c.calls);
    std::ofstream f(out_path);
    for (const auto& l : lines) f << OneLine(l) << '\n';
    f.close();
    _exit(f ? 0 : 3);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) {
    return std::vector<std::string>(c.calls.size(), "error fork failed");
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const std::string what = sig == SIGALRM
                                 ? "error wasmrun hung (60 s)"
                                 : "error wasmrun crashed: " + std::string(strsignal(sig));
    return std::vector<std::string>(c.calls.size(), what);
  }
  auto lines = ReadLines(out_path);
  lines.resize(c.calls.size(), "error wasmrun exited early");
  return lines;
}

void Report(const Case& c, const std::vector<std::string>& mine, const std::vector<std::string>& v8,
            const Options& o, Stats& stats) {
  size_t differ = 0, first = 0;
  for (size_t i = 0; i < c.calls.size(); ++i) {
    if (!wr::diff::SameResult(mine[i], v8[i])) {
      if (differ++ == 0) first = i;
    }
  }
  if (o.single) {
    for (size_t i = 0; i < c.calls.size(); ++i) {
      std::cout << (wr::diff::SameResult(mine[i], v8[i]) ? "  same " : "  DIFF ")
                << Signature(c.calls[i]) << "\n      wasmrun: " << mine[i]
                << "\n      node:    " << v8[i] << "\n";
    }
  }
  if (differ == 0) return;
  ++stats.mismatched_seeds;
  const std::string saved = o.keep + "/wasmrun-diff-" + std::to_string(c.seed) + ".wasm";
  WriteFile(saved, c.module.bytes);
  std::cout << "MISMATCH seed " << c.seed << ": " << Signature(c.calls[first])
            << "\n  wasmrun: " << mine[first] << "\n  node:    " << v8[first] << "\n  " << differ
            << " of " << c.calls.size() << " calls differ; module saved to " << saved
            << " (wasm2wat it; rerun with --seed " << c.seed << ")\n";
}

bool RunBatch(const std::vector<uint64_t>& seeds, const Options& o, Stats& stats) {
  char tmpl[] = "/tmp/wasmrun-diff-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (!dir) {
    std::perror("mkdtemp");
    return false;
  }
  std::vector<Case> cases;
  std::ofstream jobs(std::string(dir) + "/jobs.txt");
  for (uint64_t seed : seeds) {
    cases.push_back(MakeCase(seed, o, dir));
    const Case& c = cases.back();
    if (!o.dump.empty()) WriteFile(o.dump, c.module.bytes);
    WriteFile(c.path, c.module.bytes);
    jobs << "module " << c.path << "\n";
    for (const Call& call : c.calls) {
      jobs << "call " << call.name << " ";
      if (call.results.empty()) jobs << "-";
      for (size_t i = 0; i < call.results.size(); ++i) {
        jobs << (i ? "," : "") << wr::diff::KindName(call.results[i]);
      }
      for (const auto& a : call.args) jobs << " " << wr::diff::FormatValue(a.kind, a.bits);
      jobs << "\n";
    }
  }
  jobs.close();

  const std::string node_out = std::string(dir) + "/node.out";
  const std::string cmd = "'" + o.node + "' '" + o.harness + "' '" + dir + "/jobs.txt' > '" +
                          node_out + "' 2> '" + dir + "/node.err'";
  const int rc = std::system(cmd.c_str());
  auto v8 = ReadLines(node_out);
  size_t expected = 0;
  for (const Case& c : cases) expected += c.calls.size();
  if (rc != 0 || v8.size() != expected) {
    std::cerr << "node failed (status " << rc << ", " << v8.size() << " of " << expected
              << " lines); see " << dir << "/node.err\n";
    return false;
  }

  size_t line = 0;
  for (const Case& c : cases) {
    const auto mine = RunWasmrunIsolated(c, std::string(dir) + "/wasmrun.out");
    std::vector<std::string> theirs(
        v8.begin() + static_cast<std::ptrdiff_t>(line),
        v8.begin() + static_cast<std::ptrdiff_t>(line + c.calls.size()));
    line += c.calls.size();
    if (o.single) std::cout << "seed " << c.seed << ": " << c.calls.size() << " calls\n";
    ++stats.seeds;
    for (const auto& l : theirs) {
      ++stats.calls;
      if (l.rfind("ok", 0) == 0) ++stats.ok;
      if (l.rfind("trap", 0) == 0) ++stats.traps;
    }
    Report(c, mine, theirs, o, stats);
    std::remove(c.path.c_str());
  }
  for (const char* f : {"/jobs.txt", "/node.out", "/node.err", "/wasmrun.out"}) {
    std::remove((std::string(dir) + f).c_str());
  }
  rmdir(dir);
  return true;
}

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--no-simd") {
      o.gen.simd = false;
      continue;
    }
    if (!(v = value())) return false;
    if (a == "--seeds") {
      o.count = std::strtoull(v, nullptr, 10);
    } else if (a == "--start") {
      o.start = std::strtoull(v, nullptr, 10);
    } else if (a == "--seed") {
      o.start = std::strtoull(v, nullptr, 10);
      o.count = 1;
      o.single = true;
    } else if (a == "--args") {
      o.arg_sets = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else if (a == "--batch") {
      o.batch = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else if (a == "--node") {
      o.node = v;
    } else if (a == "--harness") {
      o.harness = v;
    } else if (a == "--keep") {
      o.keep = v;
    } else if (a == "--dump") {
      o.dump = v;
    } else {
      return false;
    }
  }
  return o.batch > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::cerr << "usage: wasmrun_diff [--seeds N] [--start S] [--seed S] [--args K] [--batch B]\n"
                 "                    [--node PATH] [--harness PATH] [--keep DIR] [--dump FILE]\n"
                 "                    [--no-simd]\n";
    return 2;
  }
  if (o.node.empty()) {
    const char* env = std::getenv("WASMRUN_DIFF_NODE");
    o.node = env ? env : FindInPath("node");
  }
  if (o.node.empty() || access(o.node.c_str(), X_OK) != 0) {
    std::cout << "node not found: skipping the differential test against V8\n";
    return 77;
  }
  if (access(o.harness.c_str(), R_OK) != 0) {
    std::cerr << "harness not found: " << o.harness << "\n";
    return 2;
  }
  Stats stats;
  for (uint64_t s = o.start; s < o.start + o.count; s += o.batch) {
    std::vector<uint64_t> seeds;
    for (uint64_t t = s; t < s + o.batch && t < o.start + o.count; ++t) seeds.push_back(t);
    if (!RunBatch(seeds, o, stats)) return 2;
    if (o.count > o.batch) {
      std::cout << "seeds " << o.start << ".." << seeds.back() << ": " << stats.mismatched_seeds
                << " with mismatches" << std::endl;
    }
  }
  std::cout << stats.seeds << " seeds, " << stats.calls << " calls (" << stats.ok << " returned, "
            << stats.traps << " trapped), " << stats.mismatched_seeds << " seeds with mismatches\n";
  return stats.mismatched_seeds == 0 ? 0 : 1;
}
