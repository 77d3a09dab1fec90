// A temporary directory tree for sandbox tests, removed on destruction.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace wr::wasi::testing {

class TempTree {
 public:
  TempTree() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wasmrun-wasi-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    // The sandbox root is a subdirectory, so that "outside" exists and is reachable by `..`.
    std::filesystem::create_directory(root_ + "/root");
    WriteFile("outside.txt", "secret");
    fd_ = ::open((root_ + "/root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  ~TempTree() {
    ::close(fd_);
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  int fd() const { return fd_; }
  std::string sandbox() const { return root_ + "/root"; }
  std::string outer() const { return root_; }

  // Paths below are relative to the sandbox root.
  void Mkdir(const std::string& rel) { std::filesystem::create_directories(sandbox() + "/" + rel); }
  void Symlink(const std::string& target, const std::string& rel) {
    ::symlink(target.c_str(), (sandbox() + "/" + rel).c_str());
  }
  void WriteFile(const std::string& rel_to_outer, const std::string& data) {
    std::string p = root_ + "/" + rel_to_outer;
    int f = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    (void)!::write(f, data.data(), data.size());
    ::close(f);
  }
  void WriteSandboxFile(const std::string& rel, const std::string& data) {
    WriteFile("root/" + rel, data);
  }
  bool Exists(const std::string& rel) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(sandbox() + "/" + rel, ec));
  }

 private:
  std::string root_;
  int fd_ = -1;
};

}  // namespace wr::wasi::testing
