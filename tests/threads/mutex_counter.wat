;; wasi-threads: a mutex built from cmpxchg + wait/notify guards a counter that N threads
;; increment M times each with plain loads and stores; the total must be exactly N * M.
;;   wasmrun mutex_counter.wat                     8 threads x 1,000,000: exit 0 iff 8,000,000
;;   wasmrun --invoke run mutex_counter.wat M N    prints the total
;; Memory: 0 the mutex (0 free, 1 locked, 2 locked with waiters), 4 the counter, 8 the number of
;; threads done, 12 M.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))

  (func $lock
    (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 0) (i32.const 0) (i32.const 1)))
    (if (local.get $c)
      (then
        (if (i32.ne (local.get $c) (i32.const 2))
          (then (local.set $c (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2)))))
        (block $done
          (loop $l
            (br_if $done (i32.eqz (local.get $c)))
            (drop (memory.atomic.wait32 (i32.const 0) (i32.const 2) (i64.const -1)))
            (local.set $c (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2)))
            (br $l))))))

  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 0) (i32.const 1)) (i32.const 1))
      (then
        (i32.atomic.store (i32.const 0) (i32.const 0))
        (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32) (local $n i32)
    (local.set $n (i32.load (i32.const 12)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $lock)
        (i32.store (i32.const 4) (i32.add (i32.load (i32.const 4)) (i32.const 1)))
        (call $unlock)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 8) (i32.const 1))))

  (func $run (export "run") (param $iters i32) (param $threads i32) (result i32)
    (local $i i32) (local $d i32)
    (i32.store (i32.const 12) (local.get $iters))
    (loop $spawn
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 1)) (then (unreachable)))
      (br_if $spawn
        (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $threads))))
    ;; Wait until every thread is done.
    (block $done
      (loop $w
        (local.set $d (i32.atomic.load (i32.const 8)))
        (br_if $done (i32.ge_u (local.get $d) (local.get $threads)))
        (drop (memory.atomic.wait32 (i32.const 8) (local.get $d) (i64.const -1)))
        (br $w)))
    (i32.atomic.load (i32.const 4)))

  (func (export "_start")
    (call $exit (i32.ne (call $run (i32.const 1000000) (i32.const 8)) (i32.const 8000000)))))
