// Build-time ABI check: src/wasi/abi.h (the host's hand-written guest ABI) against wasi-libc's
// <wasi/api.h>. Compiled only for wasm32-wasi (-fsyntax-only), by the wasi_abi_check target
// in tests/wasi/programs.cmake; every constant, struct size and field offset must agree.
// Generated once from the witx names; extend it with abi.h.
#include <stddef.h>
#include <wasi/api.h>

#include "wasi/abi.h"

namespace w = wr::wasi;

#define SAME(a, b) static_assert((unsigned long long)(a) == (unsigned long long)(b), #a " != " #b)
#define SAME_LAYOUT(host, guest)                                      \
  static_assert(sizeof(w::host) == sizeof(guest), "size of " #guest); \
  static_assert(alignof(w::host) == alignof(guest), "alignment of " #guest)
#define SAME_FIELD(host, hf, guest, gf) \
  static_assert(offsetof(w::host, hf) == offsetof(guest, gf), #guest "." #gf)

// errno
SAME(__WASI_ERRNO_SUCCESS, w::Errno::Success);
SAME(__WASI_ERRNO_2BIG, w::Errno::TooBig);
SAME(__WASI_ERRNO_ACCES, w::Errno::Acces);
SAME(__WASI_ERRNO_ADDRINUSE, w::Errno::Addrinuse);
SAME(__WASI_ERRNO_ADDRNOTAVAIL, w::Errno::Addrnotavail);
SAME(__WASI_ERRNO_AFNOSUPPORT, w::Errno::Afnosupport);
SAME(__WASI_ERRNO_AGAIN, w::Errno::Again);
SAME(__WASI_ERRNO_ALREADY, w::Errno::Already);
SAME(__WASI_ERRNO_BADF, w::Errno::Badf);
SAME(__WASI_ERRNO_BADMSG, w::Errno::Badmsg);
SAME(__WASI_ERRNO_BUSY, w::Errno::Busy);
SAME(__WASI_ERRNO_CANCELED, w::Errno::Canceled);
SAME(__WASI_ERRNO_CHILD, w::Errno::Child);
SAME(__WASI_ERRNO_CONNABORTED, w::Errno::Connaborted);
SAME(__WASI_ERRNO_CONNREFUSED, w::Errno::Connrefused);
SAME(__WASI_ERRNO_CONNRESET, w::Errno::Connreset);
SAME(__WASI_ERRNO_DEADLK, w::Errno::Deadlk);
SAME(__WASI_ERRNO_DESTADDRREQ, w::Errno::Destaddrreq);
SAME(__WASI_ERRNO_DOM, w::Errno::Dom);
SAME(__WASI_ERRNO_DQUOT, w::Errno::Dquot);
SAME(__WASI_ERRNO_EXIST, w::Errno::Exist);
SAME(__WASI_ERRNO_FAULT, w::Errno::Fault);
SAME(__WASI_ERRNO_FBIG, w::Errno::Fbig);
SAME(__WASI_ERRNO_HOSTUNREACH, w::Errno::Hostunreach);
SAME(__WASI_ERRNO_IDRM, w::Errno::Idrm);
SAME(__WASI_ERRNO_ILSEQ, w::Errno::Ilseq);
SAME(__WASI_ERRNO_INPROGRESS, w::Errno::Inprogress);
SAME(__WASI_ERRNO_INTR, w::Errno::Intr);
SAME(__WASI_ERRNO_INVAL, w::Errno::Inval);
SAME(__WASI_ERRNO_IO, w::Errno::Io);
SAME(__WASI_ERRNO_ISCONN, w::Errno::Isconn);
SAME(__WASI_ERRNO_ISDIR, w::Errno::Isdir);
SAME(__WASI_ERRNO_LOOP, w::Errno::Loop);
SAME(__WASI_ERRNO_MFILE, w::Errno::Mfile);
SAME(__WASI_ERRNO_MLINK, w::Errno::Mlink);
SAME(__WASI_ERRNO_MSGSIZE, w::Errno::Msgsize);
SAME(__WASI_ERRNO_MULTIHOP, w::Errno::Multihop);
SAME(__WASI_ERRNO_NAMETOOLONG, w::Errno::Nametoolong);
SAME(__WASI_ERRNO_NETDOWN, w::Errno::Netdown);
SAME(__WASI_ERRNO_NETRESET, w::Errno::Netreset);
SAME(__WASI_ERRNO_NETUNREACH, w::Errno::Netunreach);
SAME(__WASI_ERRNO_NFILE, w::Errno::Nfile);
SAME(__WASI_ERRNO_NOBUFS, w::Errno::Nobufs);
SAME(__WASI_ERRNO_NODEV, w::Errno::Nodev);
SAME(__WASI_ERRNO_NOENT, w::Errno::Noent);
SAME(__WASI_ERRNO_NOEXEC, w::Errno::Noexec);
SAME(__WASI_ERRNO_NOLCK, w::Errno::Nolck);
SAME(__WASI_ERRNO_NOLINK, w::Errno::Nolink);
SAME(__WASI_ERRNO_NOMEM, w::Errno::Nomem);
SAME(__WASI_ERRNO_NOMSG, w::Errno::Nomsg);
SAME(__WASI_ERRNO_NOPROTOOPT, w::Errno::Noprotoopt);
SAME(__WASI_ERRNO_NOSPC, w::Errno::Nospc);
SAME(__WASI_ERRNO_NOSYS, w::Errno::Nosys);
SAME(__WASI_ERRNO_NOTCONN, w::Errno::Notconn);
SAME(__WASI_ERRNO_NOTDIR, w::Errno::Notdir);
SAME(__WASI_ERRNO_NOTEMPTY, w::Errno::Notempty);
SAME(__WASI_ERRNO_NOTRECOVERABLE, w::Errno::Notrecoverable);
SAME(__WASI_ERRNO_NOTSOCK, w::Errno::Notsock);
SAME(__WASI_ERRNO_NOTSUP, w::Errno::Notsup);
SAME(__WASI_ERRNO_NOTTY, w::Errno::Notty);
SAME(__WASI_ERRNO_NXIO, w::Errno::Nxio);
SAME(__WASI_ERRNO_OVERFLOW, w::Errno::Overflow);
SAME(__WASI_ERRNO_OWNERDEAD, w::Errno::Ownerdead);
SAME(__WASI_ERRNO_PERM, w::Errno::Perm);
SAME(__WASI_ERRNO_PIPE, w::Errno::Pipe);
SAME(__WASI_ERRNO_PROTO, w::Errno::Proto);
SAME(__WASI_ERRNO_PROTONOSUPPORT, w::Errno::Protonosupport);
SAME(__WASI_ERRNO_PROTOTYPE, w::Errno::Prototype);
SAME(__WASI_ERRNO_RANGE, w::Errno::Range);
SAME(__WASI_ERRNO_ROFS, w::Errno::Rofs);
SAME(__WASI_ERRNO_SPIPE, w::Errno::Spipe);
SAME(__WASI_ERRNO_SRCH, w::Errno::Srch);
SAME(__WASI_ERRNO_STALE, w::Errno::Stale);
SAME(__WASI_ERRNO_TIMEDOUT, w::Errno::Timedout);
SAME(__WASI_ERRNO_TXTBSY, w::Errno::Txtbsy);
SAME(__WASI_ERRNO_XDEV, w::Errno::Xdev);
SAME(__WASI_ERRNO_NOTCAPABLE, w::Errno::Notcapable);
// rights
SAME(__WASI_RIGHTS_FD_DATASYNC, w::kRightFdDatasync);
SAME(__WASI_RIGHTS_FD_READ, w::kRightFdRead);
SAME(__WASI_RIGHTS_FD_SEEK, w::kRightFdSeek);
SAME(__WASI_RIGHTS_FD_FDSTAT_SET_FLAGS, w::kRightFdFdstatSetFlags);
SAME(__WASI_RIGHTS_FD_SYNC, w::kRightFdSync);
SAME(__WASI_RIGHTS_FD_TELL, w::kRightFdTell);
SAME(__WASI_RIGHTS_FD_WRITE, w::kRightFdWrite);
SAME(__WASI_RIGHTS_FD_ADVISE, w::kRightFdAdvise);
SAME(__WASI_RIGHTS_FD_ALLOCATE, w::kRightFdAllocate);
SAME(__WASI_RIGHTS_PATH_CREATE_DIRECTORY, w::kRightPathCreateDirectory);
SAME(__WASI_RIGHTS_PATH_CREATE_FILE, w::kRightPathCreateFile);
SAME(__WASI_RIGHTS_PATH_LINK_SOURCE, w::kRightPathLinkSource);
SAME(__WASI_RIGHTS_PATH_LINK_TARGET, w::kRightPathLinkTarget);
SAME(__WASI_RIGHTS_PATH_OPEN, w::kRightPathOpen);
SAME(__WASI_RIGHTS_FD_READDIR, w::kRightFdReaddir);
SAME(__WASI_RIGHTS_PATH_READLINK, w::kRightPathReadlink);
SAME(__WASI_RIGHTS_PATH_RENAME_SOURCE, w::kRightPathRenameSource);
SAME(__WASI_RIGHTS_PATH_RENAME_TARGET, w::kRightPathRenameTarget);
SAME(__WASI_RIGHTS_PATH_FILESTAT_GET, w::kRightPathFilestatGet);
SAME(__WASI_RIGHTS_PATH_FILESTAT_SET_SIZE, w::kRightPathFilestatSetSize);
SAME(__WASI_RIGHTS_PATH_FILESTAT_SET_TIMES, w::kRightPathFilestatSetTimes);
SAME(__WASI_RIGHTS_FD_FILESTAT_GET, w::kRightFdFilestatGet);
SAME(__WASI_RIGHTS_FD_FILESTAT_SET_SIZE, w::kRightFdFilestatSetSize);
SAME(__WASI_RIGHTS_FD_FILESTAT_SET_TIMES, w::kRightFdFilestatSetTimes);
SAME(__WASI_RIGHTS_PATH_SYMLINK, w::kRightPathSymlink);
SAME(__WASI_RIGHTS_PATH_REMOVE_DIRECTORY, w::kRightPathRemoveDirectory);
SAME(__WASI_RIGHTS_PATH_UNLINK_FILE, w::kRightPathUnlinkFile);
SAME(__WASI_RIGHTS_POLL_FD_READWRITE, w::kRightPollFdReadwrite);
SAME(__WASI_RIGHTS_SOCK_SHUTDOWN, w::kRightSockShutdown);
SAME(__WASI_RIGHTS_SOCK_ACCEPT, w::kRightSockAccept);
// filetype
SAME(__WASI_FILETYPE_UNKNOWN, w::Filetype::Unknown);
SAME(__WASI_FILETYPE_BLOCK_DEVICE, w::Filetype::BlockDevice);
SAME(__WASI_FILETYPE_CHARACTER_DEVICE, w::Filetype::CharacterDevice);
SAME(__WASI_FILETYPE_DIRECTORY, w::Filetype::Directory);
SAME(__WASI_FILETYPE_REGULAR_FILE, w::Filetype::RegularFile);
SAME(__WASI_FILETYPE_SOCKET_DGRAM, w::Filetype::SocketDgram);
SAME(__WASI_FILETYPE_SOCKET_STREAM, w::Filetype::SocketStream);
SAME(__WASI_FILETYPE_SYMBOLIC_LINK, w::Filetype::SymbolicLink);
// other constants
SAME(__WASI_CLOCKID_REALTIME, w::kClockRealtime);
SAME(__WASI_CLOCKID_MONOTONIC, w::kClockMonotonic);
SAME(__WASI_CLOCKID_PROCESS_CPUTIME_ID, w::kClockProcessCputime);
SAME(__WASI_CLOCKID_THREAD_CPUTIME_ID, w::kClockThreadCputime);
SAME(__WASI_WHENCE_SET, w::kWhenceSet);
SAME(__WASI_WHENCE_CUR, w::kWhenceCur);
SAME(__WASI_WHENCE_END, w::kWhenceEnd);
SAME(__WASI_ADVICE_NORMAL, w::kAdviceNormal);
SAME(__WASI_ADVICE_SEQUENTIAL, w::kAdviceSequential);
SAME(__WASI_ADVICE_RANDOM, w::kAdviceRandom);
SAME(__WASI_ADVICE_WILLNEED, w::kAdviceWillneed);
SAME(__WASI_ADVICE_DONTNEED, w::kAdviceDontneed);
SAME(__WASI_ADVICE_NOREUSE, w::kAdviceNoreuse);
SAME(__WASI_FDFLAGS_APPEND, w::kFdflagAppend);
SAME(__WASI_FDFLAGS_DSYNC, w::kFdflagDsync);
SAME(__WASI_FDFLAGS_NONBLOCK, w::kFdflagNonblock);
SAME(__WASI_FDFLAGS_RSYNC, w::kFdflagRsync);
SAME(__WASI_FDFLAGS_SYNC, w::kFdflagSync);
SAME(__WASI_FSTFLAGS_ATIM, w::kFstflagAtim);
SAME(__WASI_FSTFLAGS_ATIM_NOW, w::kFstflagAtimNow);
SAME(__WASI_FSTFLAGS_MTIM, w::kFstflagMtim);
SAME(__WASI_FSTFLAGS_MTIM_NOW, w::kFstflagMtimNow);
SAME(__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, w::kLookupSymlinkFollow);
SAME(__WASI_OFLAGS_CREAT, w::kOflagCreat);
SAME(__WASI_OFLAGS_DIRECTORY, w::kOflagDirectory);
SAME(__WASI_OFLAGS_EXCL, w::kOflagExcl);
SAME(__WASI_OFLAGS_TRUNC, w::kOflagTrunc);
SAME(__WASI_EVENTTYPE_CLOCK, w::kEventClock);
SAME(__WASI_EVENTTYPE_FD_READ, w::kEventFdRead);
SAME(__WASI_EVENTTYPE_FD_WRITE, w::kEventFdWrite);
SAME(__WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP, w::kEventFdReadwriteHangup);
SAME(__WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME, w::kSubclockAbstime);
SAME(__WASI_RIFLAGS_RECV_PEEK, w::kRiflagRecvPeek);
SAME(__WASI_RIFLAGS_RECV_WAITALL, w::kRiflagRecvWaitall);
SAME(__WASI_ROFLAGS_RECV_DATA_TRUNCATED, w::kRoflagRecvDataTruncated);
SAME(__WASI_SDFLAGS_RD, w::kSdflagRd);
SAME(__WASI_SDFLAGS_WR, w::kSdflagWr);
SAME(__WASI_PREOPENTYPE_DIR, w::kPreopentypeDir);
SAME(__WASI_DIRCOOKIE_START, w::kDircookieStart);
// structs
SAME_LAYOUT(Iovec, __wasi_iovec_t);
SAME_FIELD(Iovec, buf, __wasi_iovec_t, buf);
SAME_FIELD(Iovec, buf_len, __wasi_iovec_t, buf_len);
SAME_LAYOUT(Iovec, __wasi_ciovec_t);
SAME_FIELD(Iovec, buf, __wasi_ciovec_t, buf);
SAME_FIELD(Iovec, buf_len, __wasi_ciovec_t, buf_len);
SAME_LAYOUT(Dirent, __wasi_dirent_t);
SAME_FIELD(Dirent, d_next, __wasi_dirent_t, d_next);
SAME_FIELD(Dirent, d_ino, __wasi_dirent_t, d_ino);
SAME_FIELD(Dirent, d_namlen, __wasi_dirent_t, d_namlen);
SAME_FIELD(Dirent, d_type, __wasi_dirent_t, d_type);
SAME_LAYOUT(Fdstat, __wasi_fdstat_t);
SAME_FIELD(Fdstat, fs_filetype, __wasi_fdstat_t, fs_filetype);
SAME_FIELD(Fdstat, fs_flags, __wasi_fdstat_t, fs_flags);
SAME_FIELD(Fdstat, fs_rights_base, __wasi_fdstat_t, fs_rights_base);
SAME_FIELD(Fdstat, fs_rights_inheriting, __wasi_fdstat_t, fs_rights_inheriting);
SAME_LAYOUT(Filestat, __wasi_filestat_t);
SAME_FIELD(Filestat, dev, __wasi_filestat_t, dev);
SAME_FIELD(Filestat, ino, __wasi_filestat_t, ino);
SAME_FIELD(Filestat, filetype, __wasi_filestat_t, filetype);
SAME_FIELD(Filestat, nlink, __wasi_filestat_t, nlink);
SAME_FIELD(Filestat, size, __wasi_filestat_t, size);
SAME_FIELD(Filestat, atim, __wasi_filestat_t, atim);
SAME_FIELD(Filestat, mtim, __wasi_filestat_t, mtim);
SAME_FIELD(Filestat, ctim, __wasi_filestat_t, ctim);
SAME_LAYOUT(Event, __wasi_event_t);
SAME_FIELD(Event, userdata, __wasi_event_t, userdata);
SAME_FIELD(Event, error, __wasi_event_t, error);
SAME_FIELD(Event, type, __wasi_event_t, type);
SAME_LAYOUT(Subscription, __wasi_subscription_t);
SAME_FIELD(Subscription, userdata, __wasi_subscription_t, userdata);
SAME_LAYOUT(SubscriptionClock, __wasi_subscription_clock_t);
SAME_FIELD(SubscriptionClock, id, __wasi_subscription_clock_t, id);
SAME_FIELD(SubscriptionClock, timeout, __wasi_subscription_clock_t, timeout);
SAME_FIELD(SubscriptionClock, precision, __wasi_subscription_clock_t, precision);
SAME_FIELD(SubscriptionClock, flags, __wasi_subscription_clock_t, flags);
SAME_FIELD(Subscription, tag, __wasi_subscription_t, u.tag);
SAME_FIELD(Subscription, u, __wasi_subscription_t, u.u.clock);
SAME_FIELD(Event, nbytes, __wasi_event_t, fd_readwrite.nbytes);
SAME_FIELD(Event, flags, __wasi_event_t, fd_readwrite.flags);
SAME_LAYOUT(Prestat, __wasi_prestat_t);
SAME_FIELD(Prestat, pr_name_len, __wasi_prestat_t, u.dir.pr_name_len);
static_assert(offsetof(__wasi_subscription_t, u.u.fd_read.file_descriptor) ==
              offsetof(w::Subscription, u.id));
SAME(sizeof(__wasi_errno_t), sizeof(w::Errno));
SAME(sizeof(__wasi_rights_t), sizeof(w::Rights));
SAME(sizeof(__wasi_fdflags_t), sizeof(w::Fdflags));
SAME(sizeof(__wasi_oflags_t), sizeof(w::Oflags));
SAME(sizeof(__wasi_lookupflags_t), sizeof(w::Lookupflags));
SAME(sizeof(__wasi_fstflags_t), sizeof(w::Fstflags));
SAME(sizeof(__wasi_filetype_t), sizeof(w::Filetype));

int main() {
  return 0;
}
