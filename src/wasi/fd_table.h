// FdTable: the guest's file descriptor numbers and what each one may do.
//
// Numbers follow POSIX: a new descriptor takes the lowest free number. 0-2 are the guest's
// stdio (borrowed host descriptors, never closed by the guest's fd_close), preopened
// directories follow from 3 in the order they were granted. Every entry carries its WASI
// rights: `base` limits what may be done with the descriptor itself, `inheriting` what
// descriptors opened through it (path_open) may get. Rights can only ever shrink.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasi/guest_memory.h"
#include "wasi/memory_stream.h"
#include "wasi/os.h"

namespace wr::wasi {

// Rights that can change something on the host: file contents or metadata, or the directory
// tree (creating, linking, renaming, removing). A read-only preopen and everything opened
// beneath it never hold any of these, and calls that need one fail with EPERM there (see
// Descriptor::read_only).
inline constexpr Rights kRightsModifying =
    kRightFdWrite | kRightFdAllocate | kRightFdFilestatSetSize | kRightFdFilestatSetTimes |
    kRightPathCreateDirectory | kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget |
    kRightPathRenameSource | kRightPathRenameTarget | kRightPathFilestatSetSize |
    kRightPathFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile;

// One directory entry as fd_readdir reports it.
struct DirEntry {
  uint64_t ino = 0;
  Filetype type = Filetype::Unknown;
  std::string name;
};

struct Descriptor {
  UniqueFd owned;  // the host descriptor when this entry owns it
  int host = -1;   // the host descriptor (owned.get(), or a borrowed stdio descriptor)
  Filetype type = Filetype::Unknown;
  Rights base = 0;
  Rights inheriting = 0;
  bool preopen = false;
  std::string preopen_name;  // the guest's name for a preopened directory
  // Beneath a read-only preopen (inherited by path_open): rights are masked to exclude
  // kRightsModifying, and a call that needs one of those fails with EPERM, not ENOTCAPABLE,
  // as wasmtime's read-only DirPerms/FilePerms do (docs/WASI.md).
  bool read_only = false;
  // In-memory stdio (host == -1): reads and writes go to the stream instead of a descriptor.
  std::shared_ptr<MemoryStream> stream;
  // fd_readdir: a snapshot of the directory taken when a listing starts (cookie 0), so the
  // cookies of one listing (index + 1 of the next entry) stay stable while the guest pages.
  std::shared_ptr<std::vector<DirEntry>> dir_snapshot;

  bool is_dir() const { return type == Filetype::Directory; }
};

class FdTable {
 public:
  // At most this many open guest descriptors (EMFILE beyond), so a guest cannot grow the
  // table without bound.
  static constexpr uint32_t kMaxFds = 1u << 16;

  // The descriptor `fd`, if it is open (else EBADF) and has every right in `rights` (else
  // ENOTCAPABLE; EPERM when a right in kRightsModifying is asked of a read-only descriptor).
  WasiResult<Descriptor*> Get(uint32_t fd, Rights rights = 0);

  // Installs `d` at the lowest free number.
  WasiResult<uint32_t> Insert(Descriptor d);
  // Installs `d` at `fd` (replacing nothing; used for stdio and tests).
  void InsertAt(uint32_t fd, Descriptor d);

  Errno Close(uint32_t fd);
  // Moves `from` onto `to` (closing what was at `to`); both must be open.
  Errno Renumber(uint32_t from, uint32_t to);

  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::optional<Descriptor>> entries_;
  uint32_t open_count_ = 0;
};

}  // namespace wr::wasi
