;; Bulk instructions under --fuel and --timeout: each fill or copy is one instruction that
;; does 64 MiB of work.
(module
  (memory 1025)
  ;; A hundred fills of 64 MiB, then a byte they wrote (7), or 0 if none ran.
  (func (export "fill_loop") (result i32) (local i32)
    (loop $l
      (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x4000000))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 0) (i32.const 100))))
    (i32.load8_u (i32.const 0x3ffffff)))
  ;; One fill of `n` bytes, then the last byte it wrote.
  (func (export "fill") (param $n i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 7) (local.get $n))
    (i32.load8_u (i32.sub (local.get $n) (i32.const 1))))
  ;; Copies of 64 MiB forever.
  (func (export "copy_loop")
    (loop $l
      (memory.copy (i32.const 0x10000) (i32.const 0) (i32.const 0x4000000))
      (br $l))))
