(module (func (export "_start") (result i32)))
