(module (memory 4) (func (export "_start")))
