;; wasi_unstable poll_oneoff: subscription_clock starts with a u64 identifier, so a
;; subscription is 56 bytes: userdata 0, tag 8, identifier 16, clock id 24, timeout 32,
;; precision 40, flags 48; fd_read/fd_write: the fd at 16 (preview1: 48 bytes, no identifier,
;; clock id at 16). Events are 32 bytes in both. Exits 0 when the guest sees preview 0's
;; layout, else the failed check's number.
(module
  (import "wasi_unstable" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "_start")
    ;; [1000]: a monotonic clock, 1 us relative, userdata 0x1111; identifier 0xdead.
    (i64.store (i32.const 1000) (i64.const 0x1111))
    (i32.store8 (i32.const 1008) (i32.const 0))
    (i64.store (i32.const 1016) (i64.const 0xdead))
    (i32.store (i32.const 1024) (i32.const 1))
    (i64.store (i32.const 1032) (i64.const 1000))
    ;; [1056]: fd_write on fd 1 (stdout, a pipe: writable at once), userdata 0x2222.
    (i64.store (i32.const 1056) (i64.const 0x2222))
    (i32.store8 (i32.const 1064) (i32.const 2))
    (i32.store (i32.const 1072) (i32.const 1))
    ;; The clock alone fires: one event, with its userdata, no error.
    (call $check (i32.eqz (call $poll (i32.const 1000) (i32.const 2000) (i32.const 1)
      (i32.const 2100))) (i32.const 1))
    (call $check (i32.eq (i32.load (i32.const 2100)) (i32.const 1)) (i32.const 2))
    (call $check (i64.eq (i64.load (i32.const 2000)) (i64.const 0x1111)) (i32.const 3))
    (call $check (i32.eqz (i32.load16_u (i32.const 2008))) (i32.const 4))  ;; error
    (call $check (i32.eqz (i32.load8_u (i32.const 2010))) (i32.const 5))   ;; type clock
    ;; Both, the clock now 10 s away: only the second subscription's event.
    (i64.store (i32.const 1032) (i64.const 10000000000))
    (call $check (i32.eqz (call $poll (i32.const 1000) (i32.const 2000) (i32.const 2)
      (i32.const 2100))) (i32.const 6))
    (call $check (i32.eq (i32.load (i32.const 2100)) (i32.const 1)) (i32.const 7))
    (call $check (i64.eq (i64.load (i32.const 2000)) (i64.const 0x2222)) (i32.const 8))
    (call $check (i32.eqz (i32.load16_u (i32.const 2008))) (i32.const 9))
    (call $check (i32.eq (i32.load8_u (i32.const 2010)) (i32.const 2)) (i32.const 10))
    (call $exit (i32.const 0))))
