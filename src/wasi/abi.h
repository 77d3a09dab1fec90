// The WASI preview1 guest ABI (wasi_snapshot_preview1), written by hand.
//
// wasi-libc's <wasi/api.h> cannot be included by the host (it #errors unless compiled for
// wasm32), so this header restates the witx types for a host compiler:
//   - scalars and flag bits as constants with the witx values;
//   - every struct the guest shares with the host as a C++ struct with the guest's layout,
//     pointers as uint32_t guest offsets, and every padding byte spelled out as a member, so
//     the structs have no implicit padding (copying one into guest memory never leaks host
//     bytes) and static_asserts pin their sizes and offsets to the witx numbers.
// tests/wasi/abi_check.cc compiles this header for wasm32-wasi next to <wasi/api.h> and
// asserts that every constant, size and offset agrees (the `wasi_abi_check` target).
//
// Only <stddef.h>/<stdint.h> are used so that the header also compiles for wasm32-wasi,
// where no C++ standard library is installed.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wr::wasi {

// ---- errno ---------------------------------------------------------------------------------
// WR_WASI_ERRNO(Name, value, "witx name")
// clang-format off
#define WR_WASI_ERRNOS(X)                                                                       \
  X(Success, 0, "success") X(TooBig, 1, "2big") X(Acces, 2, "acces")                          \
  X(Addrinuse, 3, "addrinuse") X(Addrnotavail, 4, "addrnotavail")                             \
  X(Afnosupport, 5, "afnosupport") X(Again, 6, "again") X(Already, 7, "already")              \
  X(Badf, 8, "badf") X(Badmsg, 9, "badmsg") X(Busy, 10, "busy") X(Canceled, 11, "canceled")   \
  X(Child, 12, "child") X(Connaborted, 13, "connaborted") X(Connrefused, 14, "connrefused")    \
  X(Connreset, 15, "connreset") X(Deadlk, 16, "deadlk") X(Destaddrreq, 17, "destaddrreq")     \
  X(Dom, 18, "dom") X(Dquot, 19, "dquot") X(Exist, 20, "exist") X(Fault, 21, "fault")         \
  X(Fbig, 22, "fbig") X(Hostunreach, 23, "hostunreach") X(Idrm, 24, "idrm")                   \
  X(Ilseq, 25, "ilseq") X(Inprogress, 26, "inprogress") X(Intr, 27, "intr")                   \
  X(Inval, 28, "inval") X(Io, 29, "io") X(Isconn, 30, "isconn") X(Isdir, 31, "isdir")         \
  X(Loop, 32, "loop") X(Mfile, 33, "mfile") X(Mlink, 34, "mlink") X(Msgsize, 35, "msgsize")   \
  X(Multihop, 36, "multihop") X(Nametoolong, 37, "nametoolong") X(Netdown, 38, "netdown")     \
  X(Netreset, 39, "netreset") X(Netunreach, 40, "netunreach") X(Nfile, 41, "nfile")           \
  X(Nobufs, 42, "nobufs") X(Nodev, 43, "nodev") X(Noent, 44, "noent") X(Noexec, 45, "noexec") \
  X(Nolck, 46, "nolck") X(Nolink, 47, "nolink") X(Nomem, 48, "nomem") X(Nomsg, 49, "nomsg")   \
  X(Noprotoopt, 50, "noprotoopt") X(Nospc, 51, "nospc") X(Nosys, 52, "nosys")                 \
  X(Notconn, 53, "notconn") X(Notdir, 54, "notdir") X(Notempty, 55, "notempty")               \
  X(Notrecoverable, 56, "notrecoverable") X(Notsock, 57, "notsock") X(Notsup, 58, "notsup")   \
  X(Notty, 59, "notty") X(Nxio, 60, "nxio") X(Overflow, 61, "overflow")                       \
  X(Ownerdead, 62, "ownerdead") X(Perm, 63, "perm") X(Pipe, 64, "pipe") X(Proto, 65, "proto") \
  X(Protonosupport, 66, "protonosupport") X(Prototype, 67, "prototype") X(Range, 68, "range")  \
  X(Rofs, 69, "rofs") X(Spipe, 70, "spipe") X(Srch, 71, "srch") X(Stale, 72, "stale")         \
  X(Timedout, 73, "timedout") X(Txtbsy, 74, "txtbsy") X(Xdev, 75, "xdev")                     \
  X(Notcapable, 76, "notcapable")
// clang-format on

enum class Errno : uint16_t {
#define WR_WASI_ERRNO_ENUM(name, value, text) name = value,
  WR_WASI_ERRNOS(WR_WASI_ERRNO_ENUM)
#undef WR_WASI_ERRNO_ENUM
};

// ---- scalar types ----------------------------------------------------------------------------
using Fd = uint32_t;
using Size = uint32_t;  // guest size_t
using GuestPtr = uint32_t;
using Filesize = uint64_t;
using Timestamp = uint64_t;  // nanoseconds
using Rights = uint64_t;
using Fdflags = uint16_t;
using Fstflags = uint16_t;
using Oflags = uint16_t;
using Lookupflags = uint32_t;

// clockid
inline constexpr uint32_t kClockRealtime = 0;
inline constexpr uint32_t kClockMonotonic = 1;
inline constexpr uint32_t kClockProcessCputime = 2;
inline constexpr uint32_t kClockThreadCputime = 3;

// whence
inline constexpr uint8_t kWhenceSet = 0;
inline constexpr uint8_t kWhenceCur = 1;
inline constexpr uint8_t kWhenceEnd = 2;

// filetype
enum class Filetype : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

// advice
inline constexpr uint8_t kAdviceNormal = 0;
inline constexpr uint8_t kAdviceSequential = 1;
inline constexpr uint8_t kAdviceRandom = 2;
inline constexpr uint8_t kAdviceWillneed = 3;
inline constexpr uint8_t kAdviceDontneed = 4;
inline constexpr uint8_t kAdviceNoreuse = 5;

// fdflags
inline constexpr Fdflags kFdflagAppend = 1 << 0;
inline constexpr Fdflags kFdflagDsync = 1 << 1;
inline constexpr Fdflags kFdflagNonblock = 1 << 2;
inline constexpr Fdflags kFdflagRsync = 1 << 3;
inline constexpr Fdflags kFdflagSync = 1 << 4;
inline constexpr Fdflags kFdflagsAll = 0x1f;

// fstflags
inline constexpr Fstflags kFstflagAtim = 1 << 0;
inline constexpr Fstflags kFstflagAtimNow = 1 << 1;
inline constexpr Fstflags kFstflagMtim = 1 << 2;
inline constexpr Fstflags kFstflagMtimNow = 1 << 3;

// lookupflags
inline constexpr Lookupflags kLookupSymlinkFollow = 1 << 0;

// oflags
inline constexpr Oflags kOflagCreat = 1 << 0;
inline constexpr Oflags kOflagDirectory = 1 << 1;
inline constexpr Oflags kOflagExcl = 1 << 2;
inline constexpr Oflags kOflagTrunc = 1 << 3;

// eventtype
inline constexpr uint8_t kEventClock = 0;
inline constexpr uint8_t kEventFdRead = 1;
inline constexpr uint8_t kEventFdWrite = 2;

// eventrwflags
inline constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;

// subclockflags
inline constexpr uint16_t kSubclockAbstime = 1 << 0;

// riflags / roflags / sdflags
inline constexpr uint16_t kRiflagRecvPeek = 1 << 0;
inline constexpr uint16_t kRiflagRecvWaitall = 1 << 1;
inline constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
inline constexpr uint8_t kSdflagRd = 1 << 0;
inline constexpr uint8_t kSdflagWr = 1 << 1;

// preopentype
inline constexpr uint8_t kPreopentypeDir = 0;

inline constexpr uint64_t kDircookieStart = 0;

// ---- rights --------------------------------------------------------------------------------
// clang-format off
inline constexpr Rights kRightFdDatasync           = Rights{1} << 0;
inline constexpr Rights kRightFdRead               = Rights{1} << 1;
inline constexpr Rights kRightFdSeek               = Rights{1} << 2;
inline constexpr Rights kRightFdFdstatSetFlags     = Rights{1} << 3;
inline constexpr Rights kRightFdSync               = Rights{1} << 4;
inline constexpr Rights kRightFdTell               = Rights{1} << 5;
inline constexpr Rights kRightFdWrite              = Rights{1} << 6;
inline constexpr Rights kRightFdAdvise             = Rights{1} << 7;
inline constexpr Rights kRightFdAllocate           = Rights{1} << 8;
inline constexpr Rights kRightPathCreateDirectory  = Rights{1} << 9;
inline constexpr Rights kRightPathCreateFile       = Rights{1} << 10;
inline constexpr Rights kRightPathLinkSource       = Rights{1} << 11;
inline constexpr Rights kRightPathLinkTarget       = Rights{1} << 12;
inline constexpr Rights kRightPathOpen             = Rights{1} << 13;
inline constexpr Rights kRightFdReaddir            = Rights{1} << 14;
inline constexpr Rights kRightPathReadlink         = Rights{1} << 15;
inline constexpr Rights kRightPathRenameSource     = Rights{1} << 16;
inline constexpr Rights kRightPathRenameTarget     = Rights{1} << 17;
inline constexpr Rights kRightPathFilestatGet      = Rights{1} << 18;
inline constexpr Rights kRightPathFilestatSetSize  = Rights{1} << 19;
inline constexpr Rights kRightPathFilestatSetTimes = Rights{1} << 20;
inline constexpr Rights kRightFdFilestatGet        = Rights{1} << 21;
inline constexpr Rights kRightFdFilestatSetSize    = Rights{1} << 22;
inline constexpr Rights kRightFdFilestatSetTimes   = Rights{1} << 23;
inline constexpr Rights kRightPathSymlink          = Rights{1} << 24;
inline constexpr Rights kRightPathRemoveDirectory  = Rights{1} << 25;
inline constexpr Rights kRightPathUnlinkFile       = Rights{1} << 26;
inline constexpr Rights kRightPollFdReadwrite      = Rights{1} << 27;
inline constexpr Rights kRightSockShutdown         = Rights{1} << 28;
inline constexpr Rights kRightSockAccept           = Rights{1} << 29;
inline constexpr Rights kRightsAll                 = (Rights{1} << 30) - 1;
// clang-format on

// What a regular file / a directory can do at most; a descriptor's rights are the rights the
// guest asked for, intersected with its parent's inheriting rights and with these.
inline constexpr Rights kRightsRegularFile =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync |
    kRightFdTell | kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPollFdReadwrite;
inline constexpr Rights kRightsDirectory =
    kRightFdFdstatSetFlags | kRightFdSync | kRightFdAdvise | kRightPathCreateDirectory |
    kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget | kRightPathOpen |
    kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource | kRightPathRenameTarget |
    kRightPathFilestatGet | kRightPathFilestatSetSize | kRightPathFilestatSetTimes |
    kRightFdFilestatGet | kRightFdFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile;
inline constexpr Rights kRightsDirectoryInheriting = kRightsDirectory | kRightsRegularFile;
inline constexpr Rights kRightsTty = kRightFdRead | kRightFdWrite | kRightFdFdstatSetFlags |
                                     kRightFdFilestatGet | kRightPollFdReadwrite;

// ---- structs (guest layout) ----------------------------------------------------------------

struct Iovec {  // __wasi_iovec_t and __wasi_ciovec_t
  GuestPtr buf;
  Size buf_len;
};
static_assert(sizeof(Iovec) == 8 && offsetof(Iovec, buf_len) == 4);

struct Dirent {  // followed in the buffer by d_namlen name bytes (no NUL)
  uint64_t d_next;
  uint64_t d_ino;
  uint32_t d_namlen;
  uint8_t d_type;
  uint8_t pad[3];
};
static_assert(sizeof(Dirent) == 24 && offsetof(Dirent, d_ino) == 8 &&
              offsetof(Dirent, d_namlen) == 16 && offsetof(Dirent, d_type) == 20);

struct Fdstat {
  uint8_t fs_filetype;
  uint8_t pad0;
  Fdflags fs_flags;
  uint8_t pad1[4];
  Rights fs_rights_base;
  Rights fs_rights_inheriting;
};
static_assert(sizeof(Fdstat) == 24 && offsetof(Fdstat, fs_flags) == 2 &&
              offsetof(Fdstat, fs_rights_base) == 8 &&
              offsetof(Fdstat, fs_rights_inheriting) == 16);

struct Filestat {
  uint64_t dev;
  uint64_t ino;
  uint8_t filetype;
  uint8_t pad[7];
  uint64_t nlink;
  Filesize size;
  Timestamp atim;
  Timestamp mtim;
  Timestamp ctim;
};
static_assert(sizeof(Filestat) == 64 && offsetof(Filestat, ino) == 8 &&
              offsetof(Filestat, filetype) == 16 && offsetof(Filestat, nlink) == 24 &&
              offsetof(Filestat, size) == 32 && offsetof(Filestat, atim) == 40 &&
              offsetof(Filestat, mtim) == 48 && offsetof(Filestat, ctim) == 56);

struct Event {
  uint64_t userdata;
  Errno error;
  uint8_t type;
  uint8_t pad0[5];
  // event_fd_readwrite
  Filesize nbytes;
  uint16_t flags;
  uint8_t pad1[6];
};
static_assert(sizeof(Event) == 32 && offsetof(Event, error) == 8 && offsetof(Event, type) == 10 &&
              offsetof(Event, nbytes) == 16 && offsetof(Event, flags) == 24);

// subscription_clock; subscription_fd_readwrite's file_descriptor shares offset 0 (`id`).
struct SubscriptionClock {
  uint32_t id;
  uint8_t pad0[4];
  Timestamp timeout;
  Timestamp precision;
  uint16_t flags;
  uint8_t pad1[6];
};
static_assert(sizeof(SubscriptionClock) == 32 && offsetof(SubscriptionClock, timeout) == 8 &&
              offsetof(SubscriptionClock, precision) == 16 &&
              offsetof(SubscriptionClock, flags) == 24);

struct Subscription {
  uint64_t userdata;
  uint8_t tag;  // eventtype
  uint8_t pad[7];
  SubscriptionClock u;  // for fd_read / fd_write: u.id is the file descriptor
};
static_assert(sizeof(Subscription) == 48 && offsetof(Subscription, tag) == 8 &&
              offsetof(Subscription, u) == 16);

struct Prestat {
  uint8_t tag;  // preopentype
  uint8_t pad[3];
  Size pr_name_len;
};
static_assert(sizeof(Prestat) == 8 && offsetof(Prestat, pr_name_len) == 4);

}  // namespace wr::wasi
