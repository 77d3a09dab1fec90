;; A failing assertion inside a thread fails the script at its `wait`.
(module $Mem (memory (export "shared") 1 1 shared))
(thread $T (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "add") (result i32)
      (i32.atomic.rmw.add (i32.const 0) (i32.const 1))))
  (assert_return (invoke "add") (i32.const 0))
  (assert_return (invoke "add") (i32.const 7)))
;; The first add returned the old value 0; the second returned 1, not 7.
;;
;;
;;
;;
(wait $T)
