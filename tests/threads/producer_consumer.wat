;; wasi-threads: a producer thread and a consumer thread share a ring of 16 slots; the producer
;; puts 1..N, the consumer adds what it takes. Each side sleeps on wait32 when the ring is full
;; or empty and notifies the other after each move. The sum must be N (N + 1) / 2.
;;   wasmrun --invoke run producer_consumer.wat N    prints the sum
;; Memory: 0 head (items put), 4 tail (items taken), 8 N, 16 the sum (i64), 24 threads done,
;; 64.. the ring.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))

  (func $produce
    (local $i i32) (local $n i32) (local $t i32)
    (local.set $n (i32.load (i32.const 8)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; full: wait until the consumer moves the tail
        (block $room
          (loop $full
            (local.set $t (i32.atomic.load (i32.const 4)))
            (br_if $room (i32.lt_u (i32.sub (local.get $i) (local.get $t)) (i32.const 16)))
            (drop (memory.atomic.wait32 (i32.const 4) (local.get $t) (i64.const -1)))
            (br $full)))
        (i32.store offset=64
          (i32.shl (i32.and (local.get $i) (i32.const 15)) (i32.const 2))
          (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.atomic.store (i32.const 0) (local.get $i))
        (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
        (br $l))))

  (func $consume
    (local $i i32) (local $n i32) (local $h i32) (local $sum i64)
    (local.set $n (i32.load (i32.const 8)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $some
          (loop $empty
            (local.set $h (i32.atomic.load (i32.const 0)))
            (br_if $some (i32.ne (local.get $h) (local.get $i)))
            (drop (memory.atomic.wait32 (i32.const 0) (local.get $h) (i64.const -1)))
            (br $empty)))
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (i32.load offset=64
            (i32.shl (i32.and (local.get $i) (i32.const 15)) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.atomic.store (i32.const 4) (local.get $i))
        (drop (memory.atomic.notify (i32.const 4) (i32.const 1)))
        (br $l)))
    (i64.atomic.store (i32.const 16) (local.get $sum)))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (local.get $arg) (then (call $produce)) (else (call $consume)))
    (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 24) (i32.const 1))))

  (func (export "run") (param $n i32) (result i64)
    (local $d i32)
    (i32.store (i32.const 8) (local.get $n))
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (unreachable)))
    (if (i32.lt_s (call $spawn (i32.const 1)) (i32.const 1)) (then (unreachable)))
    (block $done
      (loop $w
        (local.set $d (i32.atomic.load (i32.const 24)))
        (br_if $done (i32.ge_u (local.get $d) (i32.const 2)))
        (drop (memory.atomic.wait32 (i32.const 24) (local.get $d) (i64.const -1)))
        (br $w)))
    (i64.atomic.load (i32.const 16))))
