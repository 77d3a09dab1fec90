;; Named functions: a trap's backtrace shows the names ($inner, not func[1]) from the name
;; section the text front end writes.
(module $named
  (func $helper (result i32) (i32.const 0))
  (func $inner (param $x i32) (result i32)
    (block $b (br_if $b (local.get $x)) (unreachable))
    (call $helper))
  (func $outer (export "run") (result i32) (call $inner (i32.const 0))))
