(module (import "env" "nothing" (func)) (func (export "_start")))
