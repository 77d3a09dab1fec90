#include "wasi/errno_map.h"

#include <cerrno>
#include <iterator>

namespace wr::wasi {
namespace {

struct ErrnoPair {
  int host;
  Errno wasi;
};

// POSIX names and WASI names coincide (WASI took them from POSIX); where the host has
// aliases (EWOULDBLOCK/EAGAIN, EOPNOTSUPP/ENOTSUP, EDEADLOCK/EDEADLK) the first match wins,
// which is the same WASI value either way.
constexpr ErrnoPair kErrnoTable[] = {
    {E2BIG, Errno::TooBig},
    {EACCES, Errno::Acces},
    {EADDRINUSE, Errno::Addrinuse},
    {EADDRNOTAVAIL, Errno::Addrnotavail},
    {EAFNOSUPPORT, Errno::Afnosupport},
    {EAGAIN, Errno::Again},
    {EWOULDBLOCK, Errno::Again},
    {EALREADY, Errno::Already},
    {EBADF, Errno::Badf},
    {EBADMSG, Errno::Badmsg},
    {EBUSY, Errno::Busy},
    {ECANCELED, Errno::Canceled},
    {ECHILD, Errno::Child},
    {ECONNABORTED, Errno::Connaborted},
    {ECONNREFUSED, Errno::Connrefused},
    {ECONNRESET, Errno::Connreset},
    {EDEADLK, Errno::Deadlk},
    {EDESTADDRREQ, Errno::Destaddrreq},
    {EDOM, Errno::Dom},
    {EDQUOT, Errno::Dquot},
    {EEXIST, Errno::Exist},
    {EFAULT, Errno::Fault},
    {EFBIG, Errno::Fbig},
    {EHOSTUNREACH, Errno::Hostunreach},
    {EIDRM, Errno::Idrm},
    {EILSEQ, Errno::Ilseq},
    {EINPROGRESS, Errno::Inprogress},
    {EINTR, Errno::Intr},
    {EINVAL, Errno::Inval},
    {EIO, Errno::Io},
    {EISCONN, Errno::Isconn},
    {EISDIR, Errno::Isdir},
    {ELOOP, Errno::Loop},
    {EMFILE, Errno::Mfile},
    {EMLINK, Errno::Mlink},
    {EMSGSIZE, Errno::Msgsize},
#ifdef EMULTIHOP
    {EMULTIHOP, Errno::Multihop},
#endif
    {ENAMETOOLONG, Errno::Nametoolong},
    {ENETDOWN, Errno::Netdown},
    {ENETRESET, Errno::Netreset},
    {ENETUNREACH, Errno::Netunreach},
    {ENFILE, Errno::Nfile},
    {ENOBUFS, Errno::Nobufs},
    {ENODEV, Errno::Nodev},
    {ENOENT, Errno::Noent},
    {ENOEXEC, Errno::Noexec},
    {ENOLCK, Errno::Nolck},
#ifdef ENOLINK
    {ENOLINK, Errno::Nolink},
#endif
    {ENOMEM, Errno::Nomem},
    {ENOMSG, Errno::Nomsg},
    {ENOPROTOOPT, Errno::Noprotoopt},
    {ENOSPC, Errno::Nospc},
    {ENOSYS, Errno::Nosys},
    {ENOTCONN, Errno::Notconn},
    {ENOTDIR, Errno::Notdir},
    {ENOTEMPTY, Errno::Notempty},
#ifdef ENOTRECOVERABLE
    {ENOTRECOVERABLE, Errno::Notrecoverable},
#endif
    {ENOTSOCK, Errno::Notsock},
    {ENOTSUP, Errno::Notsup},
    {EOPNOTSUPP, Errno::Notsup},
    {ENOTTY, Errno::Notty},
    {ENXIO, Errno::Nxio},
    {EOVERFLOW, Errno::Overflow},
#ifdef EOWNERDEAD
    {EOWNERDEAD, Errno::Ownerdead},
#endif
    {EPERM, Errno::Perm},
    {EPIPE, Errno::Pipe},
    {EPROTO, Errno::Proto},
    {EPROTONOSUPPORT, Errno::Protonosupport},
    {EPROTOTYPE, Errno::Prototype},
    {ERANGE, Errno::Range},
    {EROFS, Errno::Rofs},
    {ESPIPE, Errno::Spipe},
    {ESRCH, Errno::Srch},
    {ESTALE, Errno::Stale},
    {ETIMEDOUT, Errno::Timedout},
    {ETXTBSY, Errno::Txtbsy},
    {EXDEV, Errno::Xdev},
};

}  // namespace

Errno ErrnoFromHost(int host_errno) {
  if (host_errno == 0) return Errno::Success;
  for (const ErrnoPair& p : kErrnoTable) {
    if (p.host == host_errno) return p.wasi;
  }
  return Errno::Io;
}

Errno LastErrno() {
  return ErrnoFromHost(errno);
}

const char* ErrnoName(Errno e) {
  switch (e) {
#define WR_WASI_ERRNO_NAME(name, value, text) \
  case Errno::name: return text;
    WR_WASI_ERRNOS(WR_WASI_ERRNO_NAME)
#undef WR_WASI_ERRNO_NAME
  }
  return "unknown";
}

}  // namespace wr::wasi
