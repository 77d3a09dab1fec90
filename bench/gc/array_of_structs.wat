;; Array of structs: `n` immutable particles {x, y, vx, vy} (f64) in an array; each of `steps`
;; steps replaces every particle by a moved copy (a new struct). Live set: n particles.
;; Returns the sum of the x coordinates, truncated.
(module
  (type $p (struct (field f64) (field f64) (field f64) (field f64)))
  (type $ps (array (mut (ref null $p))))
  (func (export "main") (param $n i32) (param $steps i32) (result i64)
    (local $a (ref null $ps)) (local $i i32) (local $q (ref null $p)) (local $sum f64)
    (local.set $a (array.new_default $ps (local.get $n)))
    (loop $init
      (array.set $ps (local.get $a) (local.get $i)
        (struct.new $p (f64.convert_i32_u (local.get $i)) (f64.const 0)
                       (f64.const 0.5) (f64.convert_i32_u (i32.and (local.get $i) (i32.const 7)))))
      (br_if $init (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                             (local.get $n))))
    (loop $step
      (local.set $i (i32.const 0))
      (loop $each
        (local.set $q (array.get $ps (local.get $a) (local.get $i)))
        (array.set $ps (local.get $a) (local.get $i)
          (struct.new $p
            (f64.add (struct.get $p 0 (local.get $q)) (struct.get $p 2 (local.get $q)))
            (f64.add (struct.get $p 1 (local.get $q)) (struct.get $p 3 (local.get $q)))
            (struct.get $p 2 (local.get $q))
            (f64.mul (struct.get $p 3 (local.get $q)) (f64.const 0.5))))
        (br_if $each (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                               (local.get $n))))
      (br_if $step (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $sum (f64.add (local.get $sum)
        (struct.get $p 0 (array.get $ps (local.get $a) (local.get $i)))))
      (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                            (local.get $n))))
    (i64.trunc_f64_u (local.get $sum))))
