;; A loop that calls an empty function: under --timeout the interrupt usually lands in the
;; callee's entry check, which must report an offset like every other frame (it used to be
;; 0, and the frame was printed without one).
(module
  (func $g)
  (func $spin (export "spin") (loop $l (call $g) (call $g) (call $g) (br $l))))
