;; A shared memory grown by another thread is seen by a frame that learnt of the growth only
;; through memory.size (no atomic access, no call in between): its store and load past the old
;; size succeed rather than trap with the size the frame read when it last synchronized.
;;   wasmrun --invoke run grow_seen.wat      prints 42
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 2 shared))
  ;; The child waits until the main thread has set the flag (after its last reload of the
  ;; memory's size), then grows the memory by one page.
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (block $go
      (loop $wait
        (br_if $go (i32.atomic.load (i32.const 0)))
        (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
        (br $wait)))
    (drop (memory.grow (i32.const 1))))
  (func (export "run") (result i32)
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (unreachable)))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
    (loop $until_grown (br_if $until_grown (i32.lt_u (memory.size) (i32.const 2))))
    (i32.store (i32.const 65536) (i32.const 42))
    (i32.load (i32.const 65536))))
