// clock_*, random_get, poll_oneoff, sched_yield, sock_* errnos.
#include "wasi_check.h"

int main(void) {
  __wasi_timestamp_t t0, t1, res;
  CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0));
  CHECK_OK(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res));
  CHECK(res > 0);
  CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t1));
  CHECK(t1 > 1600000000ull * 1000000000ull);
  CHECK_ERRNO(__wasi_clock_time_get(17, 1, &t1), __WASI_ERRNO_INVAL);
  CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &t1));

  uint8_t buf[256] = {0};
  CHECK_OK(__wasi_random_get(buf, sizeof(buf)));
  int nonzero = 0;
  for (size_t i = 0; i < sizeof(buf); ++i) nonzero += buf[i] != 0;
  CHECK(nonzero > 200);
  CHECK_OK(__wasi_random_get(buf, 0));

  // A 20 ms relative clock, and an absolute one already in the past.
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof(subs));
  subs[0].userdata = 11;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 20000000;
  __wasi_event_t ev[2];
  __wasi_size_t n;
  CHECK_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
  CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1));
  CHECK(n == 1 && ev[0].userdata == 11 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_CLOCK);
  CHECK(t1 - t0 >= 20000000);
  subs[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  subs[0].u.u.clock.timeout = t0;
  CHECK_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
  CHECK(n == 1 && ev[0].userdata == 11);

  // stdout is writable at once; a bad fd is an event error.
  subs[0].userdata = 21;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[0].u.u.fd_write.file_descriptor = 1;
  subs[1].userdata = 22;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = 99;
  CHECK_OK(__wasi_poll_oneoff(subs, ev, 2, &n));
  CHECK(n == 2);
  CHECK(ev[0].userdata == 21 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_FD_WRITE);
  CHECK(ev[1].userdata == 22 && ev[1].error == __WASI_ERRNO_BADF);
  CHECK_ERRNO(__wasi_poll_oneoff(subs, ev, 0, &n), __WASI_ERRNO_INVAL);
  subs[0].u.tag = 9;
  CHECK_ERRNO(__wasi_poll_oneoff(subs, ev, 1, &n), __WASI_ERRNO_INVAL);
  CHECK_ERRNO(__wasi_poll_oneoff(subs, (__wasi_event_t*)0xfffffff0, 1, &n), __WASI_ERRNO_FAULT);

  CHECK_OK(__wasi_sched_yield());
  CHECK_ERRNO(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
  CHECK_ERRNO(__wasi_sock_shutdown(77, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
  __wasi_fd_t fd;
  CHECK_ERRNO(__wasi_sock_accept(3, 0, &fd), __WASI_ERRNO_NOTSOCK);
  __wasi_size_t len;
  __wasi_roflags_t ro;
  __wasi_iovec_t iov = {buf, 4};
  CHECK_ERRNO(__wasi_sock_recv(0, &iov, 1, 0, &len, &ro), __WASI_ERRNO_NOTSOCK);
  CHECK_ERRNO(__wasi_sock_send(1, (const __wasi_ciovec_t*)&iov, 1, 0, &len), __WASI_ERRNO_NOTSOCK);
  printf("clock_poll ok\n");
  return 0;
}
