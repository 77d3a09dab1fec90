;; memory.atomic.wait32/64 results on a shared memory, without other threads:
;; "timed-out" (2) when the value matches and nobody notifies, "not-equal" (1) when it does
;; not match, and notify with nobody waiting wakes 0.
(module
  (memory 1 1 shared)
  (func (export "timeout") (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 10000000)))
  (func (export "timeout64") (result i32)
    (memory.atomic.wait64 (i32.const 8) (i64.const 0) (i64.const 1000000)))
  (func (export "not_equal") (result i32)
    (i32.store (i32.const 0) (i32.const 5))
    (memory.atomic.wait32 (i32.const 0) (i32.const 4) (i64.const -1)))
  (func (export "notify_nobody") (result i32)
    (memory.atomic.notify (i32.const 0) (i32.const 10))))
