;; Two tables within the per-table cap (10M entries) that together pass the store's: refused at
;; instantiation, never allocated (a module may declare 100,000 such tables).
(module
  (table 6000000 funcref)
  (table 6000000 funcref)
  (func (export "_start")))
