// wasi_unstable (preview 0): the calls whose ABI differs from preview1, and registration.
//
// The differences, from the witx of both (github:WebAssembly/WASI branch wasi-0.1,
// preview0/witx/typenames.witx against preview1/witx/typenames.witx):
//   - whence: preview 0 numbers cur = 0, end = 1, set = 2 (preview1: set = 0, cur = 1,
//     end = 2)                                                                  -> fd_seek
//   - linkcount is a u32 (preview1: u64), so filestat is 56 bytes with nlink at 20 and the
//     fields after it 8 bytes earlier (preview1: 64 bytes, nlink at 24)
//                                                  -> fd_filestat_get, path_filestat_get
//   - subscription_clock starts with a u64 `identifier` (preview1 dropped it), so the clock
//     fields sit 8 bytes later and a subscription is 56 bytes (preview1: 48); the
//     fd_readwrite variant is unchanged at offset 16                          -> poll_oneoff
//   - rights has no sock_accept (bit 29), and there is no sock_accept function
//                                                  -> fd_fdstat_get masks the bit
// Everything else (every other struct: iovec, dirent, fdstat, event, prestat; every flag and
// enum; every function's parameters) is laid out alike, so those rows bind preview1's
// implementation directly.
#include "wasi/preview0.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

#include "wasi/host_binding.h"

namespace wr::wasi {
namespace {

inline constexpr Rights kRightsPreview0 = kRightsAll & ~kRightSockAccept;

struct FilestatP0 {
  uint64_t dev;
  uint64_t ino;
  uint8_t filetype;
  uint8_t pad[3];
  uint32_t nlink;
  Filesize size;
  Timestamp atim;
  Timestamp mtim;
  Timestamp ctim;
};
static_assert(sizeof(FilestatP0) == 56 && offsetof(FilestatP0, filetype) == 16 &&
              offsetof(FilestatP0, nlink) == 20 && offsetof(FilestatP0, size) == 24 &&
              offsetof(FilestatP0, atim) == 32 && offsetof(FilestatP0, mtim) == 40 &&
              offsetof(FilestatP0, ctim) == 48);

struct SubscriptionP0 {
  uint64_t userdata;
  uint8_t tag;
  uint8_t pad0[7];
  // subscription_clock; fd_readwrite's file_descriptor is the first 4 bytes (offset 16).
  uint64_t identifier;
  uint32_t clock_id;
  uint8_t pad1[4];
  Timestamp timeout;
  Timestamp precision;
  uint16_t flags;
  uint8_t pad2[6];
};
static_assert(sizeof(SubscriptionP0) == 56 && offsetof(SubscriptionP0, tag) == 8 &&
              offsetof(SubscriptionP0, identifier) == 16 &&
              offsetof(SubscriptionP0, clock_id) == 24 && offsetof(SubscriptionP0, timeout) == 32 &&
              offsetof(SubscriptionP0, precision) == 40 && offsetof(SubscriptionP0, flags) == 48);

FilestatP0 ToPreview0(const Filestat& f) {
  FilestatP0 o{};
  o.dev = f.dev;
  o.ino = f.ino;
  o.filetype = f.filetype;
  // A count past u32 saturates (wasmtime does the same).
  o.nlink =
      static_cast<uint32_t>(std::min<uint64_t>(f.nlink, std::numeric_limits<uint32_t>::max()));
  o.size = f.size;
  o.atim = f.atim;
  o.mtim = f.mtim;
  o.ctim = f.ctim;
  return o;
}

using binding::MethodMatches;

#define WR_WASI_FN(name, method, params, results)                  \
  static_assert(MethodMatches(&Preview1::method, params, results), \
                "preview0.def: " #name " does not match Preview1::" #method);
#include "wasi/preview0.def"
#undef WR_WASI_FN

const binding::Row kRows[] = {
#define WR_WASI_FN WR_WASI_BINDING_ROW
#include "wasi/preview0.def"
#undef WR_WASI_FN
};

}  // namespace

Errno Preview1::P0FdFdstatGet(M m, uint32_t fd, uint32_t stat_out) {
  Errno e = FdFdstatGet(m, fd, stat_out);
  if (e != Errno::Success) return e;
  Fdstat st = *m.Load<Fdstat>(stat_out);  // just stored: in bounds
  st.fs_rights_base &= kRightsPreview0;
  st.fs_rights_inheriting &= kRightsPreview0;
  return m.Store(stat_out, st);
}

Errno Preview1::P0FdFilestatGet(M m, uint32_t fd, uint32_t stat_out) {
  WR_WASI_TRY(Filestat fs, FdFilestat(fd));
  return m.Store(stat_out, ToPreview0(fs));
}

Errno Preview1::P0PathFilestatGet(M m, uint32_t fd, uint32_t flags, uint32_t path,
                                  uint32_t path_len, uint32_t stat_out) {
  WR_WASI_TRY(Filestat fs,
              PathFilestat(m, fd, flags, path, path_len, stat_out, sizeof(FilestatP0)));
  return m.Store(stat_out, ToPreview0(fs));
}

Errno Preview1::P0FdSeek(M m, uint32_t fd, uint64_t offset, uint32_t whence,
                         uint32_t newoffset_out) {
  uint32_t w;
  switch (whence) {
    case 0: w = kWhenceCur; break;
    case 1: w = kWhenceEnd; break;
    case 2: w = kWhenceSet; break;
    default: w = whence; break;  // invalid in both: preview1's fd_seek says EINVAL
  }
  return FdSeek(m, fd, offset, w, newoffset_out);
}

Errno Preview1::P0PollOneoff(M m, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                             uint32_t nevents_out) {
  // As preview1's poll_oneoff: events are laid out alike; only the subscriptions differ.
  if (nsubscriptions == 0) return Errno::Inval;
  if (!m.InBounds(in, uint64_t{nsubscriptions} * sizeof(SubscriptionP0)) ||
      !m.InBounds(out, uint64_t{nsubscriptions} * sizeof(Event)) || !m.InBounds(nevents_out, 4)) {
    return Errno::Fault;
  }
  std::vector<Subscription> list(nsubscriptions);
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    SubscriptionP0 s = *m.Load<SubscriptionP0>(in + i * static_cast<uint32_t>(sizeof(s)));
    Subscription& d = list[i];
    d = Subscription{};
    d.userdata = s.userdata;
    d.tag = s.tag;
    if (s.tag == kEventClock) {
      d.u.id = s.clock_id;
      d.u.timeout = s.timeout;
      d.u.precision = s.precision;
      d.u.flags = s.flags;
    } else {
      uint32_t fd;
      std::memcpy(&fd, &s.identifier, sizeof(fd));  // fd_readwrite.file_descriptor at 16
      d.u.id = fd;
    }
  }
  return PollSubscriptions(m, std::move(list), out, nevents_out);
}

Result<void> RegisterPreview0(interp::Linker& linker, Store& store, WasiCtx& ctx) {
  binding::Register(linker, store, ctx, kPreview0Module, kRows,
                    [](std::string_view) { return true; });
  return {};
}

Result<void> RegisterPreview0(interp::Linker& linker, Store& store, WasiCtx& ctx,
                              const Module& importer) {
  binding::Register(linker, store, ctx, kPreview0Module, kRows,
                    binding::ImportedFrom(importer, kPreview0Module));
  return {};
}

bool ImportsPreview0(const Module& module) {
  return std::any_of(module.imports.begin(), module.imports.end(),
                     [](const Import& im) { return im.module == kPreview0Module; });
}

}  // namespace wr::wasi
