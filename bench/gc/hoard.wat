;; Keeps everything it allocates (a list of nodes, each with an i8 array of `size` elements;
;; size 0: nodes only) until the GC heap is full and allocation traps: the RSS at the
;; budget, for comparison with max_gc_bytes (bench/gc/run --hoard).
(module
  (type $bytes (array (mut i8)))
  (type $node (struct (field (ref null $node)) (field (ref null $bytes))))
  (func (export "main") (param $size i32) (result i32) (local $list (ref null $node))
    (loop $l
      (local.set $list (struct.new $node (local.get $list)
        (if (result (ref null $bytes)) (local.get $size)
          (then (array.new_default $bytes (local.get $size)))
          (else (ref.null $bytes)))))
      (br $l))
    (i32.const 0)))
