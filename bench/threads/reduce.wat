;; A parallel reduction with wasi-threads: sum over i in [0, N) of (i * i) mod 7919, split into
;; T contiguous ranges, one thread each; each thread sums its range in a local and adds it to the
;; total with one i64.atomic.rmw.add. The main thread waits (memory.atomic.wait32) for all.
;;   wasmrun --invoke run reduce.wat N T    prints the sum (the same for every T)
;; Memory: 0 the total (i64), 8 threads done, 12 N, 16 T.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))

  (func $sum (param $lo i32) (param $hi i32) (result i64)
    (local $acc i64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $lo) (local.get $hi)))
        (local.set $acc (i64.add (local.get $acc)
          (i64.extend_i32_u (i32.rem_u (i32.mul (local.get $lo) (local.get $lo)) (i32.const 7919)))))
        (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
        (br $l)))
    (local.get $acc))

  (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
    (local $n i32) (local $t i32) (local $chunk i32) (local $hi i32)
    (local.set $n (i32.load (i32.const 12)))
    (local.set $t (i32.load (i32.const 16)))
    (local.set $chunk (i32.div_u (local.get $n) (local.get $t)))
    (local.set $hi (i32.mul (i32.add (local.get $k) (i32.const 1)) (local.get $chunk)))
    (if (i32.eq (local.get $k) (i32.sub (local.get $t) (i32.const 1)))
      (then (local.set $hi (local.get $n))))
    (drop (i64.atomic.rmw.add (i32.const 0)
      (call $sum (i32.mul (local.get $k) (local.get $chunk)) (local.get $hi))))
    (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 8) (i32.const 1))))

  (func (export "run") (param $n i32) (param $t i32) (result i64)
    (local $k i32) (local $d i32)
    (i32.store (i32.const 12) (local.get $n))
    (i32.store (i32.const 16) (local.get $t))
    (loop $s
      (if (i32.lt_s (call $spawn (local.get $k)) (i32.const 1)) (then (unreachable)))
      (br_if $s (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $t))))
    (block $done
      (loop $w
        (local.set $d (i32.atomic.load (i32.const 8)))
        (br_if $done (i32.ge_u (local.get $d) (local.get $t)))
        (drop (memory.atomic.wait32 (i32.const 8) (local.get $d) (i64.const -1)))
        (br $w)))
    (i64.atomic.load (i32.const 0))))
