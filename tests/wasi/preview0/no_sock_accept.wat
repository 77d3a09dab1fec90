;; Preview 0 has no sock_accept (it came with preview1): importing it does not link.
(module
  (import "wasi_unstable" "sock_accept" (func (param i32 i32 i32) (result i32)))
  (func (export "_start")))
