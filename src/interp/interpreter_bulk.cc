// Bulk ops under the budgets: IOp::Metered, which the lowering puts before every op whose work
// is proportional to an operand when it compiles interruptible code (Lowering::BulkOp). Code
// compiled without checks runs the plain handlers and never comes here.
//
// Fuel. A bulk op costs 1 fuel per 64 bytes (rounded up) of storage it writes, on top of the
// op count its region's IOp::Check takes:
//   memory.fill, memory.copy, memory.init   n bytes
//   memory.grow                             delta pages of zeroed memory
//   table.fill, table.copy, table.init      8 bytes per reference (n)
//   table.grow                              8 bytes per new reference (delta)
//   array.new, array.new_default,           8 bytes per slot written: an element takes one
//   array.new_data, array.new_elem,         slot (two for v128), whatever its storage type
//   array.fill, array.copy,
//   array.init_data, array.init_elem
// Why 64 bytes: a unit of fuel is about one executed internal op, a nanosecond or two, and
// memset/memmove move about one 64-byte cache line in that time; so a unit of fuel stays worth
// about the same time whether spent on ops or on bulk work, with one rate for every kind
// (references and slots are 8 bytes). A wasm loop storing an i64 per iteration pays at least
// 3 fuel per 8 bytes: bulk ops stay far cheaper than what they replace, as they should.
//
// Order of events, for each op:
//   1. the op's own checks (null reference, bounds), exactly as the plain handler: they do no
//      work, and their traps are the spec's;
//   2. the whole charge, up front: when it exceeds the fuel left, the op traps with OutOfFuel
//      (fuel left at 0) having written nothing, so running out of fuel never leaves a partial
//      fill or copy behind. memory.grow and table.grow pay only when they would succeed: a
//      grow that fails returns -1 as usual and does no work;
//   3. the work, in chunks of kChunkBytes of storage, with the interrupt flag checked before
//      each chunk and after the last (Chunked). An interrupt between chunks leaves the op
//      partly done: the chunks before it are written, and the fuel stays spent. That is
//      acceptable because Interrupted is the embedder aborting the run, not a wasm trap; no
//      one may rely on the instance's state after it.
// Not split into chunks (fuel still charged up front): the allocation of array.new* (the store
// zero-fills an array at once, within StoreLimits::max_gc_bytes), table.grow (one resize,
// within kMaxTableEntries) and memory.grow (one mprotect; the kernel zero-fills the pages as
// they are first touched).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "common/compiler.h"
#include "compile/code.h"
#include "interp/frame.h"
#include "interp/gc_ops.h"

namespace wr::interp {

namespace {

using compile::IOp;

constexpr uint64_t kBytesPerFuel = 64;
// 1 MiB: a chunk takes tens of microseconds, so the check between chunks (one relaxed atomic
// load) costs nothing measurable, and an interrupt still lands within about a millisecond.
constexpr uint64_t kChunkBytes = uint64_t{1} << 20;
constexpr uint64_t kRefsPerChunk = kChunkBytes / sizeof(Ref);

uint64_t FuelFor(uint64_t bytes) {
  return bytes / kBytesPerFuel + (bytes % kBytesPerFuel != 0 ? 1 : 0);
}

// Takes the fuel for writing `bytes`; false, with the fuel left at 0, if there is not enough.
bool Charge(InterpState& st, uint64_t bytes) {
  const uint64_t cost = FuelFor(bytes);
  if (cost > static_cast<uint64_t>(st.fuel)) {
    st.fuel = 0;
    return false;
  }
  st.fuel -= static_cast<int64_t>(cost);
  return true;
}

// Runs body(i, k) over [0, n) in pieces [i, i + k) of at most `chunk` units, the last piece
// first when `backward` (a copy to higher addresses within the same storage). The interrupt
// flag is checked (and cleared, as IOp::Check does) before each piece and after the last, so
// an interrupt that arrives during a long op stops the run at that op, not at the next check.
template <class Body>
TrapCode Chunked(InterpState& st, uint64_t n, uint64_t chunk, bool backward, Body&& body) {
  for (uint64_t done = 0;;) {
    if (WR_UNLIKELY(st.interrupt->load(std::memory_order_relaxed))) {
      st.interrupt->store(false, std::memory_order_relaxed);
      return TrapCode::Interrupted;
    }
    if (done == n) return TrapCode::None;
    const uint64_t k = std::min(chunk, n - done);
    body(backward ? n - done - k : done, k);
    done += k;
  }
}

// Fills `n` elements of `es` slots each, starting at slot `first`, with lo (and hi for v128).
TrapCode FillSlots(InterpState& st, uint64_t* first, uint64_t n, unsigned es, uint64_t lo,
                   uint64_t hi) {
  return Chunked(st, n, kChunkBytes / (8 * es), false, [&](uint64_t i, uint64_t k) {
    uint64_t* p = first + i * es;
    if (es == 1) {
      std::fill_n(p, k, lo);
    } else {
      for (uint64_t j = 0; j < k; ++j) {
        p[2 * j] = lo;
        p[2 * j + 1] = hi;
      }
    }
  });
}

// Decodes `n` elements of `bytes` each from `src` into slots from `first` (array.new_data,
// array.init_data).
TrapCode DecodeInto(InterpState& st, uint64_t* first, const uint8_t* src, uint64_t n,
                    uint32_t bytes) {
  const unsigned es = bytes == 16 ? 2 : 1;
  return Chunked(st, n, kChunkBytes / (8 * es), false, [&](uint64_t i, uint64_t k) {
    for (uint64_t j = i; j < i + k; ++j) DecodeElement(src + j * bytes, bytes, first + j * es);
  });
}

// Copies `n` references (8-byte units) from src to dst, which may overlap.
TrapCode MoveRefs(InterpState& st, uint64_t* dst, const uint64_t* src, uint64_t n) {
  // Only a copy to higher addresses within the same storage must go backwards; comparing
  // addresses as integers is defined even when the two do not point into the same object.
  const bool backward = reinterpret_cast<uintptr_t>(dst) > reinterpret_cast<uintptr_t>(src);
  return Chunked(st, n, kRefsPerChunk, backward, [&](uint64_t i, uint64_t k) {
    std::memmove(dst + i, src + i, k * sizeof(uint64_t));
  });
}

}  // namespace

TrapCode RunMetered(Store& store, InterpState& st, Instance* inst, uint64_t* fp, const uint32_t* pc,
                    const uint32_t** next) {
  // pc is at the bulk op after the IOp::Metered; operands as in code.def.
  auto u32 = [&](int i) -> uint64_t { return static_cast<uint32_t>(fp[pc[i]]); };
  auto array = [&](int i) { return static_cast<ArrayObject*>(FromRef(fp[pc[i]])); };
  switch (static_cast<IOp>(pc[0])) {
    case IOp::MemoryFill: {  // memory, d, value, n
      MemoryInstance* m = inst->memories[pc[1]];
      const uint64_t d = fp[pc[2]], n = fp[pc[4]];
      const auto value = static_cast<uint8_t>(fp[pc[3]]);
      if (!m->InBounds(d, n)) return TrapCode::MemoryOutOfBounds;
      if (!Charge(st, n)) return TrapCode::OutOfFuel;
      *next = pc + 5;
      uint8_t* p = m->data() + d;
      return Chunked(st, n, kChunkBytes, false,
                     [&](uint64_t i, uint64_t k) { std::memset(p + i, value, k); });
    }
    case IOp::MemoryCopy: {  // dst memory, src memory, d, s, n
      MemoryInstance* dm = inst->memories[pc[1]];
      const MemoryInstance* sm = inst->memories[pc[2]];
      const uint64_t d = fp[pc[3]], s = fp[pc[4]], n = fp[pc[5]];
      if (!dm->InBounds(d, n) || !sm->InBounds(s, n)) return TrapCode::MemoryOutOfBounds;
      if (!Charge(st, n)) return TrapCode::OutOfFuel;
      *next = pc + 6;
      uint8_t* dp = dm->data() + d;
      const uint8_t* sp = sm->data() + s;
      const bool backward = dm == sm && d > s;
      return Chunked(st, n, kChunkBytes, backward,
                     [&](uint64_t i, uint64_t k) { std::memmove(dp + i, sp + i, k); });
    }
    case IOp::MemoryInit: {  // data, memory, d, s, n
      const std::span<const uint8_t> seg = inst->datas[pc[1]];
      MemoryInstance* m = inst->memories[pc[2]];
      const uint64_t d = fp[pc[3]], s = u32(4), n = u32(5);
      if (!m->InBounds(d, n) || s + n > seg.size()) return TrapCode::MemoryOutOfBounds;
      if (!Charge(st, n)) return TrapCode::OutOfFuel;
      *next = pc + 6;
      uint8_t* dp = m->data() + d;
      return Chunked(st, n, kChunkBytes, false,
                     [&](uint64_t i, uint64_t k) { std::memcpy(dp + i, seg.data() + s + i, k); });
    }
    case IOp::MemoryGrow: {  // dst, memory, delta
      MemoryInstance* m = inst->memories[pc[2]];
      const uint64_t delta = fp[pc[3]];
      int64_t old = -1;
      if (delta <= m->max_pages() - m->pages()) {  // it would succeed: pay for the new pages
        const uint64_t bytes = delta << m->type().page_size_log2;  // at most 2^48
        if (!Charge(st, bytes)) return TrapCode::OutOfFuel;
        old = m->Grow(delta);
        if (old < 0) st.fuel += static_cast<int64_t>(FuelFor(bytes));  // could not commit
      }
      fp[pc[1]] = m->type().limits.index_type == IndexType::I64 ? static_cast<uint64_t>(old)
                                                                : static_cast<uint32_t>(old);
      *next = pc + 4;
      return TrapCode::None;
    }
    case IOp::TableFill: {  // table, i, value, n
      TableInstance* t = inst->tables[pc[1]];
      const uint64_t i0 = u32(2), n = u32(4);
      const Ref value = fp[pc[3]];
      if (i0 + n > t->elems.size()) return TrapCode::TableOutOfBounds;
      if (!Charge(st, n * sizeof(Ref))) return TrapCode::OutOfFuel;
      *next = pc + 5;
      Ref* p = t->elems.data() + i0;
      return Chunked(st, n, kRefsPerChunk, false,
                     [&](uint64_t i, uint64_t k) { std::fill_n(p + i, k, value); });
    }
    case IOp::TableCopy: {  // dst table, src table, d, s, n
      TableInstance* dt = inst->tables[pc[1]];
      const TableInstance* srct = inst->tables[pc[2]];
      const uint64_t d = u32(3), s = u32(4), n = u32(5);
      if (d + n > dt->elems.size() || s + n > srct->elems.size()) {
        return TrapCode::TableOutOfBounds;
      }
      if (!Charge(st, n * sizeof(Ref))) return TrapCode::OutOfFuel;
      *next = pc + 6;
      return MoveRefs(st, dt->elems.data() + d, srct->elems.data() + s, n);
    }
    case IOp::TableInit: {  // elem, table, d, s, n
      const std::vector<Ref>& seg = inst->elems[pc[1]];
      TableInstance* t = inst->tables[pc[2]];
      const uint64_t d = u32(3), s = u32(4), n = u32(5);
      if (d + n > t->elems.size() || s + n > seg.size()) return TrapCode::TableOutOfBounds;
      if (!Charge(st, n * sizeof(Ref))) return TrapCode::OutOfFuel;
      *next = pc + 6;
      return MoveRefs(st, t->elems.data() + d, seg.data() + s, n);
    }
    case IOp::TableGrow: {  // dst, table, init, delta
      TableInstance* t = inst->tables[pc[2]];
      const uint64_t delta = u32(4);
      int64_t old = -1;
      if (delta <= t->max_size - t->size()) {
        if (!Charge(st, delta * sizeof(Ref))) return TrapCode::OutOfFuel;
        old = t->Grow(delta, fp[pc[3]]);
      }
      fp[pc[1]] = static_cast<uint32_t>(old);
      *next = pc + 5;
      return TrapCode::None;
    }

    case IOp::ArrayNew: {  // dst, type, value, length, mode
      const uint64_t n = u32(4);
      const unsigned es = ElemSlots(pc[5]);
      const uint64_t lo = fp[pc[3]], hi = es == 2 ? fp[pc[3] + 1] : 0;
      if (!Charge(st, n * es * 8)) return TrapCode::OutOfFuel;
      ArrayObject* a = store.NewArray(inst->type_ids[pc[2]], inst->module->types[pc[2]],
                                      static_cast<uint32_t>(n));
      if (a == nullptr) return TrapCode::GcHeapExhausted;
      if (const TrapCode c = FillSlots(st, a->slots(), n, es, lo, hi); c != TrapCode::None) {
        return c;
      }
      fp[pc[1]] = ToRef(a);
      *next = pc + 6;
      return TrapCode::None;
    }
    case IOp::ArrayNewDefault: {  // dst, type, length, mode
      const uint64_t n = u32(3);
      const unsigned es = ElemSlots(pc[4]);
      if (!Charge(st, n * es * 8)) return TrapCode::OutOfFuel;
      ArrayObject* a = store.NewArray(inst->type_ids[pc[2]], inst->module->types[pc[2]],
                                      static_cast<uint32_t>(n));
      if (a == nullptr) return TrapCode::GcHeapExhausted;
      fp[pc[1]] = ToRef(a);
      *next = pc + 5;
      return TrapCode::None;
    }
    case IOp::ArrayNewData: {  // dst, type, data, offset, n, bytes
      const std::span<const uint8_t> data = inst->datas[pc[3]];
      const uint64_t offset = u32(4), n = u32(5);
      const uint32_t bytes = pc[6];
      if (offset + n * bytes > data.size()) return TrapCode::MemoryOutOfBounds;
      const unsigned es = bytes == 16 ? 2 : 1;
      if (!Charge(st, n * es * 8)) return TrapCode::OutOfFuel;
      ArrayObject* a = store.NewArray(inst->type_ids[pc[2]], inst->module->types[pc[2]],
                                      static_cast<uint32_t>(n));
      if (a == nullptr) return TrapCode::GcHeapExhausted;
      const TrapCode c = DecodeInto(st, a->slots(), data.data() + offset, n, bytes);
      if (c != TrapCode::None) return c;
      fp[pc[1]] = ToRef(a);
      *next = pc + 7;
      return TrapCode::None;
    }
    case IOp::ArrayNewElem: {  // dst, type, elem, offset, n
      const std::vector<Ref>& seg = inst->elems[pc[3]];
      const uint64_t offset = u32(4), n = u32(5);
      if (offset + n > seg.size()) return TrapCode::TableOutOfBounds;
      if (!Charge(st, n * 8)) return TrapCode::OutOfFuel;
      ArrayObject* a = store.NewArray(inst->type_ids[pc[2]], inst->module->types[pc[2]],
                                      static_cast<uint32_t>(n));
      if (a == nullptr) return TrapCode::GcHeapExhausted;
      const TrapCode c = MoveRefs(st, a->slots(), seg.data() + offset, n);
      if (c != TrapCode::None) return c;
      fp[pc[1]] = ToRef(a);
      *next = pc + 6;
      return TrapCode::None;
    }
    case IOp::ArrayFill: {  // ref, offset, value, n, mode
      if (fp[pc[1]] == kNullRef) return TrapCode::NullArrayReference;
      ArrayObject* a = array(1);
      const uint64_t d = u32(2), n = u32(4);
      if (d + n > a->length) return TrapCode::ArrayOutOfBounds;
      const unsigned es = ElemSlots(pc[5]);
      const uint64_t lo = fp[pc[3]], hi = es == 2 ? fp[pc[3] + 1] : 0;
      if (!Charge(st, n * es * 8)) return TrapCode::OutOfFuel;
      *next = pc + 6;
      return FillSlots(st, a->slots() + d * es, n, es, lo, hi);
    }
    case IOp::ArrayCopy: {  // dst, d, src, s, n, mode
      if (fp[pc[1]] == kNullRef) return TrapCode::NullArrayReference;
      if (fp[pc[3]] == kNullRef) return TrapCode::NullArrayReference;
      ArrayObject* dst = array(1);
      const ArrayObject* src = array(3);
      const uint64_t d = u32(2), s = u32(4), n = u32(5);
      if (d + n > dst->length || s + n > src->length) return TrapCode::ArrayOutOfBounds;
      const unsigned es = ElemSlots(pc[6]);
      if (!Charge(st, n * es * 8)) return TrapCode::OutOfFuel;
      *next = pc + 7;
      return MoveRefs(st, dst->slots() + d * es, src->slots() + s * es, n * es);
    }
    case IOp::ArrayInitData: {  // data, ref, d, s, n, bytes
      if (fp[pc[2]] == kNullRef) return TrapCode::NullArrayReference;
      ArrayObject* a = array(2);
      const std::span<const uint8_t> data = inst->datas[pc[1]];
      const uint64_t d = u32(3), s = u32(4), n = u32(5);
      const uint32_t bytes = pc[6];
      if (d + n > a->length) return TrapCode::ArrayOutOfBounds;
      if (s + n * bytes > data.size()) return TrapCode::MemoryOutOfBounds;
      const unsigned es = bytes == 16 ? 2 : 1;
      if (!Charge(st, n * es * 8)) return TrapCode::OutOfFuel;
      *next = pc + 7;
      return DecodeInto(st, a->slots() + d * es, data.data() + s, n, bytes);
    }
    case IOp::ArrayInitElem: {  // elem, ref, d, s, n
      if (fp[pc[2]] == kNullRef) return TrapCode::NullArrayReference;
      ArrayObject* a = array(2);
      const std::vector<Ref>& seg = inst->elems[pc[1]];
      const uint64_t d = u32(3), s = u32(4), n = u32(5);
      if (d + n > a->length) return TrapCode::ArrayOutOfBounds;
      if (s + n > seg.size()) return TrapCode::TableOutOfBounds;
      if (!Charge(st, n * 8)) return TrapCode::OutOfFuel;
      *next = pc + 6;
      return MoveRefs(st, a->slots() + d, seg.data() + s, n);
    }
    default: return TrapCode::Unreachable;  // the lowering puts Metered before bulk ops only
  }
}

}  // namespace wr::interp
