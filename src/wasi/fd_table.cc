#include "wasi/fd_table.h"

namespace wr::wasi {

WasiResult<Descriptor*> FdTable::Get(uint32_t fd, Rights rights) {
  if (fd >= entries_.size() || !entries_[fd]) return Fail(Errno::Badf);
  Descriptor* d = &*entries_[fd];
  if (d->read_only && (rights & kRightsModifying) != 0) return Fail(Errno::Perm);
  if ((d->base & rights) != rights) return Fail(Errno::Notcapable);
  return d;
}

WasiResult<uint32_t> FdTable::Insert(Descriptor d) {
  if (open_count_ >= kMaxFds) return Fail(Errno::Mfile);
  uint32_t fd = 0;
  while (fd < entries_.size() && entries_[fd]) ++fd;
  if (fd == entries_.size()) entries_.emplace_back();
  entries_[fd].emplace(std::move(d));
  ++open_count_;
  return fd;
}

void FdTable::InsertAt(uint32_t fd, Descriptor d) {
  if (fd >= entries_.size()) entries_.resize(size_t{fd} + 1);
  if (!entries_[fd]) ++open_count_;
  entries_[fd].emplace(std::move(d));
}

Errno FdTable::Close(uint32_t fd) {
  if (fd >= entries_.size() || !entries_[fd]) return Errno::Badf;
  entries_[fd].reset();
  --open_count_;
  while (!entries_.empty() && !entries_.back()) entries_.pop_back();
  return Errno::Success;
}

Errno FdTable::Renumber(uint32_t from, uint32_t to) {
  if (from >= entries_.size() || !entries_[from]) return Errno::Badf;
  if (to >= entries_.size() || !entries_[to]) return Errno::Badf;
  if (from == to) return Errno::Success;
  entries_[to] = std::move(entries_[from]);
  entries_[from].reset();
  --open_count_;
  while (!entries_.empty() && !entries_.back()) entries_.pop_back();
  return Errno::Success;
}

}  // namespace wr::wasi
