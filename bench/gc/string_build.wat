;; String building with arrays of i8: `reps` times, builds a string of `parts` pieces by
;; concatenation (each append makes a new array of the combined length and copies both
;; sides, as an immutable string would), then hashes it. Returns the combined hash.
(module
  (type $str (array (mut i8)))
  (func $piece (param $i i32) (result (ref $str))
    ;; "item" followed by one digit: 5 bytes
    (array.new_fixed $str 5 (i32.const 105) (i32.const 116) (i32.const 101) (i32.const 109)
      (i32.add (i32.const 48) (i32.rem_u (local.get $i) (i32.const 10)))))
  (func $concat (param $a (ref $str)) (param $b (ref $str)) (result (ref $str))
    (local $r (ref $str))
    (local.set $r (array.new_default $str
      (i32.add (array.len (local.get $a)) (array.len (local.get $b)))))
    (array.copy $str $str (local.get $r) (i32.const 0) (local.get $a) (i32.const 0)
                (array.len (local.get $a)))
    (array.copy $str $str (local.get $r) (array.len (local.get $a)) (local.get $b) (i32.const 0)
                (array.len (local.get $b)))
    (local.get $r))
  (func $hash (param $s (ref $str)) (result i32) (local $h i32) (local $i i32)
    (local.set $h (i32.const 0x811c9dc5))
    (loop $l
      (local.set $h (i32.mul (i32.xor (local.get $h)
                                      (array.get_u $str (local.get $s) (local.get $i)))
                             (i32.const 0x01000193)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (array.len (local.get $s)))))
    (local.get $h))
  (func (export "main") (param $parts i32) (param $reps i32) (result i32)
    (local $s (ref $str)) (local $i i32) (local $h i32)
    (loop $rep
      (local.set $s (array.new_default $str (i32.const 0)))
      (local.set $i (i32.const 0))
      (loop $build
        (local.set $s (call $concat (local.get $s) (call $piece (local.get $i))))
        (br_if $build (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                (local.get $parts))))
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (call $hash (local.get $s))))
      (br_if $rep (local.tee $reps (i32.sub (local.get $reps) (i32.const 1)))))
    (local.get $h)))
