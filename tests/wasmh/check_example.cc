// Runs one of the standard C API's example programs and compares its standard output with a
// transcript: check_example <transcript> <program>. The program runs in the current
// directory (where its .wasm file is). Each transcript line is "= text" (the output line is
// exactly text) or "~ regex" (the whole line matches the ECMAScript regex, for addresses). A
// first line "!unordered" compares the lines in any order (threads interleave). Exits 0 when
// the program exits 0 and every line matches, else prints the differences and exits 1.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

namespace {

struct Pattern {
  bool regex = false;
  std::string text;
  bool Matches(const std::string& line) const {
    return regex ? std::regex_match(line, std::regex(text)) : line == text;
  }
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: check_example <transcript> <program>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  bool unordered = false;
  std::vector<Pattern> want;
  std::string line;
  while (std::getline(in, line)) {
    if (want.empty() && !unordered && line == "!unordered") {
      unordered = true;
      continue;
    }
    if (line.size() < 2 || (line[0] != '=' && line[0] != '~') || line[1] != ' ') {
      std::cerr << argv[1] << ": bad transcript line: " << line << "\n";
      return 2;
    }
    want.push_back({line[0] == '~', line.substr(2)});
  }

  std::string command = std::string("'") + argv[2] + "'";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) {
    std::cerr << "cannot run " << argv[2] << "\n";
    return 1;
  }
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  const int status = pclose(p);
  std::vector<std::string> got = SplitLines(output);

  bool ok = true;
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << argv[2] << " did not exit with status 0 (wait status " << status << ")\n";
    ok = false;
  }
  if (got.size() != want.size()) {
    std::cerr << "expected " << want.size() << " lines, got " << got.size() << "\n";
    ok = false;
  }
  if (unordered) {
    // Each output line takes the first unused pattern it matches.
    std::vector<bool> used(want.size(), false);
    for (const std::string& g : got) {
      bool found = false;
      for (size_t i = 0; i < want.size() && !found; ++i) {
        if (!used[i] && want[i].Matches(g)) used[i] = found = true;
      }
      if (!found) {
        std::cerr << "unexpected line: " << g << "\n";
        ok = false;
      }
    }
  } else {
    for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
      if (!want[i].Matches(got[i])) {
        std::cerr << "line " << i + 1 << ": expected " << (want[i].regex ? "~ " : "= ")
                  << want[i].text << "\n         got      " << got[i] << "\n";
        ok = false;
      }
    }
  }
  if (!ok) {
    std::cerr << "--- output ---\n" << output;
    return 1;
  }
  std::cout << "ok: " << got.size() << " lines as expected\n";
  return 0;
}
