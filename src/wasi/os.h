// A narrow shim over the POSIX calls the WASI layer needs: an owning fd, and conversions
// from host metadata to the guest's filestat/filetype. Only this file and path_resolver.cc
// know host flag spellings that differ between systems.
#pragma once

#include <sys/stat.h>

#include <utility>

#include "wasi/abi.h"

namespace wr::wasi {

// An owned host file descriptor (-1 = none), closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    if (this != &o) Reset(std::exchange(o.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() { return std::exchange(fd_, -1); }
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

Filetype FiletypeFromMode(mode_t mode);
Filestat FilestatFromStat(const struct stat& st);

// Host open(2) flags for a directory fd used only as the base of *at() calls (O_PATH where
// the host has it, so traversing needs no read permission).
int DirPathOpenFlags();

}  // namespace wr::wasi
