;; Linked-list churn: a queue of `len` nodes; `steps` times, the head is dropped and a new node
;; appended. Live set: `len` nodes. Returns the sum of the values left in the queue.
(module
  (type $node (struct (field $v i64) (field $next (mut (ref null $node)))))
  (func (export "main") (param $len i32) (param $steps i32) (result i64)
    (local $head (ref null $node)) (local $tail (ref null $node)) (local $n (ref null $node))
    (local $i i32) (local $sum i64)
    (local.set $head (struct.new $node (i64.const 0) (ref.null $node)))
    (local.set $tail (local.get $head))
    (local.set $i (i32.const 1))
    (loop $fill
      (local.set $n (struct.new $node (i64.extend_i32_u (local.get $i)) (ref.null $node)))
      (struct.set $node $next (local.get $tail) (local.get $n))
      (local.set $tail (local.get $n))
      (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                             (local.get $len))))
    (loop $churn
      (local.set $head (struct.get $node $next (local.get $head)))
      (local.set $n (struct.new $node
        (i64.add (struct.get $node $v (local.get $tail)) (i64.const 3)) (ref.null $node)))
      (struct.set $node $next (local.get $tail) (local.get $n))
      (local.set $tail (local.get $n))
      (br_if $churn (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))
    (loop $sum
      (local.set $sum (i64.add (local.get $sum) (struct.get $node $v (local.get $head))))
      (br_if $sum (i32.eqz (ref.is_null
        (local.tee $head (struct.get $node $next (local.get $head)))))))
    (local.get $sum)))
