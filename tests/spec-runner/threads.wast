;; `thread` and `wait` (threads proposal): two threads, each with a store of its own, import
;; the shared memory of $Mem; T2 sleeps in memory.atomic.wait32 until T1 stores 42 and notifies.
(module $Mem (memory (export "shared") 1 1 shared))
(thread $T1 (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 10 shared)
    (func (export "run")
      (i32.atomic.store (i32.const 0) (i32.const 42))
      (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))))
  (invoke "run"))
(thread $T2 (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (local i32)
      (block $done
        (loop $l
          (br_if $done (i32.eq (local.tee 0 (i32.atomic.load (i32.const 0))) (i32.const 42)))
          (drop (memory.atomic.wait32 (i32.const 0) (local.get 0) (i64.const -1)))
          (br $l)))
      (i32.atomic.load (i32.const 0))))
  (assert_return (invoke "run") (i32.const 42)))
(wait $T1)
(wait $T2)
;; The memory both threads wrote is $Mem's.
(register "mem2" $Mem)
(module (memory (import "mem2" "shared") 1 1 shared)
  (func (export "get") (result i32) (i32.atomic.load (i32.const 0))))
(assert_return (invoke "get") (i32.const 42))
