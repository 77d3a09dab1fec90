#include "wasi/guest_memory.h"

#include <sys/uio.h>

namespace wr::wasi {

WasiResult<std::string_view> GuestMemory::Path(uint32_t ptr, uint32_t len) const {
  if (len > kMaxPathLen) return Fail(Errno::Nametoolong);
  WR_TRY(uint8_t * p, Bytes(ptr, len));
  std::string_view s(reinterpret_cast<const char*>(p), len);
  if (s.find('\0') != std::string_view::npos) return Fail(Errno::Ilseq);
  return s;
}

WasiResult<std::vector<struct ::iovec>> GuestMemory::Iovecs(uint32_t iovs_ptr,
                                                            uint32_t iovs_len) const {
  if (iovs_len > kMaxIovecs) return Fail(Errno::Inval);
  if (!InBounds(iovs_ptr, uint64_t{iovs_len} * sizeof(Iovec))) return Fail(Errno::Fault);
  std::vector<struct ::iovec> out;
  out.reserve(iovs_len);
  for (uint32_t i = 0; i < iovs_len; ++i) {
    Iovec g;
    std::memcpy(&g, base_ + iovs_ptr + uint64_t{i} * sizeof(Iovec), sizeof(Iovec));
    if (!InBounds(g.buf, g.buf_len)) return Fail(Errno::Fault);
    out.push_back({base_ + g.buf, g.buf_len});
  }
  return out;
}

}  // namespace wr::wasi
