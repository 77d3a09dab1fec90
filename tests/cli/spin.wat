(module
  (func (export "spin") (loop $l (br $l)))
  (func (export "count") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.ne (local.get 1) (local.get 0))))
    (local.get 1)))
