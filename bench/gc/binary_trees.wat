;; binary-trees (the Benchmarks Game): main(max_depth, reps) builds a stretch tree of depth
;; max+1, keeps a long-lived tree of depth max, and `reps` times builds and checks
;; 2^(max-d+4) trees of each depth d = 4, 6, ..., max. Returns the sum of all node counts.
(module
  (type $node (struct (field (ref null $node)) (field (ref null $node))))
  (func $make (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new $node (ref.null $node) (ref.null $node)))
      (else (struct.new $node (call $make (i32.sub (local.get $d) (i32.const 1)))
                              (call $make (i32.sub (local.get $d) (i32.const 1)))))))
  (func $check (param $n (ref $node)) (result i32)
    (local $l (ref null $node))
    (local.set $l (struct.get $node 0 (local.get $n)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else (i32.add (i32.const 1)
              (i32.add (call $check (ref.as_non_null (local.get $l)))
                       (call $check (ref.as_non_null (struct.get $node 1 (local.get $n)))))))))
  (func (export "main") (param $max i32) (param $reps i32) (result i64)
    (local $total i64) (local $long (ref null $node)) (local $d i32) (local $i i32) (local $n i32)
    (local.set $total (i64.extend_i32_u
      (call $check (call $make (i32.add (local.get $max) (i32.const 1))))))
    (local.set $long (call $make (local.get $max)))
    (loop $rep
      (local.set $d (i32.const 4))
      (loop $depth
        (local.set $n (i32.shl (i32.const 1)
                        (i32.add (i32.sub (local.get $max) (local.get $d)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (loop $iter
          (local.set $total (i64.add (local.get $total)
            (i64.extend_i32_u (call $check (call $make (local.get $d))))))
          (br_if $iter (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                 (local.get $n))))
        (br_if $depth (i32.le_u (local.tee $d (i32.add (local.get $d) (i32.const 2)))
                                (local.get $max))))
      (br_if $rep (local.tee $reps (i32.sub (local.get $reps) (i32.const 1)))))
    (i64.add (local.get $total)
             (i64.extend_i32_u (call $check (ref.as_non_null (local.get $long)))))))
