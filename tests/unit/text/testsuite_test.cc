// Parses every .wast file of the spec test suite (root, proposals/*, legacy/) and checks:
//  - every text and quote module outside assert_malformed parses with ParseWat;
//  - every text/quote module in assert_malformed fails to parse (binary ones are the
//    decoder's business), and with the expected message as a prefix where we can tell.
// Prints a summary of counts and of each failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "text/wast.h"
#include "text/wat.h"

namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> WastFiles(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().extension() == ".wast") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Tally {
  int modules_ok = 0, modules_failed = 0;
  int malformed_rejected = 0, malformed_accepted = 0, malformed_wrong_message = 0;
  int scripts_failed = 0;
  int root_modules_ok = 0, root_failures = 0;  // files at the suite's root (3.0 core)
  std::vector<std::string> failures;
  std::vector<std::string> message_mismatches;
};

void CheckFile(const fs::path& path, const fs::path& root, Tally& t) {
  const std::string rel = fs::relative(path, root).string();
  const bool at_root = rel.find('/') == std::string::npos;
  const size_t failures_before = t.failures.size();
  struct CountRoot {
    Tally& t;
    bool at_root;
    size_t before;
    ~CountRoot() {
      if (at_root) t.root_failures += static_cast<int>(t.failures.size() - before);
    }
  } count_root{t, at_root, failures_before};
  const std::string src = ReadFile(path);
  auto script = wr::text::ParseWast(src);
  if (!script) {
    ++t.scripts_failed;
    t.failures.push_back(rel + ": script: " + script.error().ToString());
    return;
  }
  for (const auto& cmd : script->commands) {
    const bool has_module = cmd.kind == wr::text::CommandKind::Module ||
                            cmd.kind == wr::text::CommandKind::AssertInvalid ||
                            cmd.kind == wr::text::CommandKind::AssertMalformed ||
                            cmd.kind == wr::text::CommandKind::AssertUnlinkable ||
                            cmd.kind == wr::text::CommandKind::AssertUninstantiable ||
                            cmd.kind == wr::text::CommandKind::AssertTrapModule;
    if (!has_module || cmd.module.form == wr::text::ModuleSource::Form::Binary) continue;
    auto bytes = cmd.module.Encode();
    const std::string where = rel + ":" + std::to_string(cmd.line);
    if (cmd.kind == wr::text::CommandKind::AssertMalformed) {
      if (bytes) {
        ++t.malformed_accepted;
        t.failures.push_back(where + ": malformed module accepted (expected \"" + cmd.message +
                             "\")");
      } else {
        ++t.malformed_rejected;
        if (bytes.error().message.rfind(cmd.message, 0) != 0) {
          ++t.malformed_wrong_message;
          t.message_mismatches.push_back(where + ": expected \"" + cmd.message + "\", got \"" +
                                         bytes.error().message + "\"");
        }
      }
      continue;
    }
    if (bytes) {
      ++t.modules_ok;
      if (at_root) ++t.root_modules_ok;
    } else {
      ++t.modules_failed;
      t.failures.push_back(where + ": " + bytes.error().ToString());
    }
  }
}

TEST(TextSuite, EveryWastFileParses) {
  const fs::path root = WASMRUN_TESTSUITE_DIR;
  if (!fs::is_directory(root)) GTEST_SKIP() << "no test suite at " << root;
  Tally t;
  for (const auto& path : WastFiles(root)) CheckFile(path, root, t);
  std::cout << "modules parsed: " << t.modules_ok << ", failed: " << t.modules_failed
            << "; malformed rejected: " << t.malformed_rejected
            << " (message differs: " << t.malformed_wrong_message
            << "), malformed accepted: " << t.malformed_accepted
            << "; scripts failed: " << t.scripts_failed << "\n"
            << "suite root (3.0 core): modules parsed: " << t.root_modules_ok
            << ", failures: " << t.root_failures << "\n";
  for (const auto& f : t.failures) std::cout << "  FAIL " << f << "\n";
  if (std::getenv("WR_SHOW_MESSAGES") != nullptr) {
    for (const auto& m : t.message_mismatches) std::cout << "  MSG " << m << "\n";
  }
  // Known gaps: instructions that ir/opcodes.def does not have (threads' atomics, custom
  // descriptors), and the threads proposal's pre-memory64 limit rule ("i32 constant out of
  // range"), which WebAssembly 3.0 replaced by a validation error. Everything else (legacy/
  // and proposals/wide-arithmetic/ included) must parse.
  static constexpr const char* kKnownGaps[] = {"proposals/threads/",
                                               "proposals/custom-descriptors/"};
  int unexpected = 0;
  for (const auto& f : t.failures) {
    bool known = false;
    for (const char* gap : kKnownGaps) known = known || f.rfind(gap, 0) == 0;
    if (!known) ++unexpected;
  }
  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(t.root_failures, 0);
  EXPECT_GT(t.modules_ok, 1000);
}

}  // namespace
