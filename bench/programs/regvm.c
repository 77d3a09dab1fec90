// regvm: a Lua-like register VM, i.e. the inner loop of a real scripting-language interpreter
// running inside wasm. 32-bit instructions (op, A, B, C or a signed Bx), a switch over 37
// opcodes, tagged 16-byte values (int, float, array, string, nil) held in a VM stack in linear
// memory, a frame stack for calls (each call clears its callee's registers to nil, as Lua
// does), type-checked arithmetic with int/float mixing, compare-and-skip branches, numeric for
// loops, and arrays on a heap. Four guest programs: recursive fib, an array filled and summed
// (int and float), a string hash called per repetition, and a sieve.
#include "bench_common.h"

enum {
  kMove,     // A B: R[A] = R[B]
  kLoadI,    // A sBx: R[A] = sBx (int)
  kLoadK,    // A Bx: R[A] = K[Bx]
  kLoadNil,  // A: R[A] = nil
  kAdd,      // A B C: R[A] = R[B] + R[C]
  kSub,
  kMul,
  kDiv,   // always float (Lua's /)
  kIDiv,  // floor division (ints: error on zero)
  kMod,   // floored modulo
  kAddI,  // A B sC: R[A] = R[B] + sC
  kAddK,  // A B C: R[A] = R[B] + K[C]
  kBAnd,
  kBOr,
  kBXor,
  kShl,
  kShr,   // logical
  kUnm,   // A B: R[A] = -R[B]
  kEq,    // A B k: if ((R[A] == R[B]) != k) skip the next instruction
  kLt,    // A B k: if ((R[A] < R[B]) != k) skip
  kLe,    // A B k: if ((R[A] <= R[B]) != k) skip
  kEqI,   // A sB k: if ((R[A] == sB) != k) skip
  kLtI,   // A sB k
  kGtI,   // A sB k
  kTest,  // A k: if (truthy(R[A]) != k) skip
  kJmp,   // sBx: pc += sBx
  kForPrep,  // A sBx: R[A] init, R[A+1] limit, R[A+2] step; skip the loop if empty, R[A+3] = R[A]
  kForLoop,  // A sBx: R[A] += step; if still in range, R[A+3] = R[A] and jump back by sBx
  kNewArr,   // A B: R[A] = array of R[B] int zeros
  kGetIdx,   // A B C: R[A] = R[B][R[C]]
  kSetIdx,   // A B C: R[A][R[B]] = R[C]
  kGetIdxI,  // A B C: R[A] = R[B][C]
  kLen,      // A B: R[A] = #R[B] (array or string)
  kGetByte,  // A B C: R[A] = byte R[C] of string R[B]
  kCall,     // A B C: R[A] = proto B (R[A+1] .. R[A+C])
  kRet,      // A: return R[A]
  kHalt,     // A: stop; the result is R[A]
  kNumOps,
};

enum { kTNil, kTInt, kTFlt, kTArr, kTStr };

typedef struct {
  union {
    int64_t i;
    double f;
    uint32_t ref;
  } u;
  uint32_t tag;
} Value;

typedef struct {
  const uint32_t* code;
  int32_t nparams, nregs;
} Proto;

typedef struct {
  const uint32_t* ret_pc;
  Value* base;
} CallInfo;

enum { kStackSize = 8192, kMaxFrames = 400, kMaxCode = 512, kMaxProtos = 5, kMaxK = 16 };
enum { kErrType = 1, kErrIndex, kErrDiv, kErrStack, kErrHeap, kErrOp };

// The VM's memory: stacks and heap live in (linear) memory, not in the host's registers.
static Value vm_stack[kStackSize];
static CallInfo vm_frames[kMaxFrames];
static Value* vm_heap;  // arrays: a header (tag kTArr, u.i = length), then the elements
static uint32_t vm_heap_used, vm_heap_cap;
static const uint8_t* vm_strings;  // strings: a 4-byte length, then the bytes
static Value vm_k[kMaxK];
static Proto vm_protos[kMaxProtos];

#define OP(i) ((i) & 0xff)
#define GA(i) (((i) >> 8) & 0xff)
#define GB(i) (((i) >> 16) & 0xff)
#define GC(i) ((i) >> 24)
#define SB(i) ((int32_t)(int8_t)GB(i))
#define SC(i) ((int32_t)(int8_t)GC(i))
#define SBX(i) ((int32_t)(i) >> 16)
#define BX(i) ((i) >> 16)

static inline Value Int(int64_t v) {
  Value r;
  r.u.i = v;
  r.tag = kTInt;
  return r;
}

static inline int ToFlt(const Value* v, double* out) {
  if (v->tag == kTFlt) {
    *out = v->u.f;
    return 1;
  }
  if (v->tag == kTInt) {
    *out = (double)v->u.i;
    return 1;
  }
  return 0;
}

static inline int64_t Wrap(uint64_t v) {
  int64_t r;
  memcpy(&r, &v, sizeof r);
  return r;
}

static inline int64_t FloorDiv(int64_t a, int64_t b) {
  if (b == -1) return Wrap(0 - (uint64_t)a);
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

static inline int64_t FloorMod(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  return m;
}

// Numeric comparisons: ints directly, anything else as doubles. 0/1, or -1 on a type error.
static inline int Less(const Value* a, const Value* b, int or_equal) {
  if (a->tag == kTInt && b->tag == kTInt) return or_equal ? a->u.i <= b->u.i : a->u.i < b->u.i;
  double x, y;
  if (!ToFlt(a, &x) || !ToFlt(b, &y)) return -1;
  return or_equal ? x <= y : x < y;
}

static inline int Equal(const Value* a, const Value* b) {
  if (a->tag == kTInt && b->tag == kTInt) return a->u.i == b->u.i;
  double x, y;
  if (ToFlt(a, &x) && ToFlt(b, &y)) return x == y;
  if (a->tag != b->tag) return 0;
  return a->tag == kTNil || a->u.ref == b->u.ref;
}

// Runs proto `entry` with one argument; returns 0 and the result in *out, or an error code.
static int Run(int entry, Value arg, Value* out) {
  Value* base = vm_stack + 1;
  int fp = 0;
  const uint32_t* pc = vm_protos[entry].code;
  for (int32_t r = 0; r < vm_protos[entry].nregs; r++) base[r].tag = kTNil;
  base[0] = arg;
  vm_frames[0].ret_pc = NULL;
  vm_frames[0].base = NULL;
  for (;;) {
    const uint32_t i = *pc++;
    Value* ra = base + GA(i);
    switch (OP(i)) {
      case kMove: *ra = base[GB(i)]; break;
      case kLoadI: *ra = Int(SBX(i)); break;
      case kLoadK: *ra = vm_k[BX(i)]; break;
      case kLoadNil: ra->tag = kTNil; break;
#define ARITH(int_expr, flt_op)                                   \
  {                                                               \
    const Value* rb = base + GB(i);                               \
    const Value* rc = base + GC(i);                               \
    if (rb->tag == kTInt && rc->tag == kTInt) {                   \
      const uint64_t x = (uint64_t)rb->u.i, y = (uint64_t)rc->u.i; \
      ra->u.i = Wrap(int_expr);                                   \
      ra->tag = kTInt;                                            \
    } else {                                                      \
      double x, y;                                                \
      if (!ToFlt(rb, &x) || !ToFlt(rc, &y)) return kErrType;      \
      ra->u.f = x flt_op y;                                       \
      ra->tag = kTFlt;                                            \
    }                                                             \
    break;                                                        \
  }
      case kAdd: ARITH(x + y, +)
      case kSub: ARITH(x - y, -)
      case kMul: ARITH(x * y, *)
#undef ARITH
      case kDiv: {
        double x, y;
        if (!ToFlt(base + GB(i), &x) || !ToFlt(base + GC(i), &y)) return kErrType;
        ra->u.f = x / y;
        ra->tag = kTFlt;
        break;
      }
      case kIDiv:
      case kMod: {
        const Value* rb = base + GB(i);
        const Value* rc = base + GC(i);
        if (rb->tag != kTInt || rc->tag != kTInt) return kErrType;
        if (rc->u.i == 0) return kErrDiv;
        *ra = Int(OP(i) == kIDiv ? FloorDiv(rb->u.i, rc->u.i) : FloorMod(rb->u.i, rc->u.i));
        break;
      }
      case kAddI: {
        const Value* rb = base + GB(i);
        if (rb->tag == kTInt) {
          *ra = Int(Wrap((uint64_t)rb->u.i + (uint64_t)(int64_t)SC(i)));
        } else if (rb->tag == kTFlt) {
          ra->u.f = rb->u.f + SC(i);
          ra->tag = kTFlt;
        } else {
          return kErrType;
        }
        break;
      }
      case kAddK: {
        const Value* rb = base + GB(i);
        const Value* kc = vm_k + GC(i);
        if (rb->tag == kTInt && kc->tag == kTInt) {
          *ra = Int(Wrap((uint64_t)rb->u.i + (uint64_t)kc->u.i));
        } else {
          double x, y;
          if (!ToFlt(rb, &x) || !ToFlt(kc, &y)) return kErrType;
          ra->u.f = x + y;
          ra->tag = kTFlt;
        }
        break;
      }
#define BITWISE(expr)                                                       \
  {                                                                         \
    const Value* rb = base + GB(i);                                         \
    const Value* rc = base + GC(i);                                         \
    if (rb->tag != kTInt || rc->tag != kTInt) return kErrType;              \
    const uint64_t x = (uint64_t)rb->u.i, y = (uint64_t)rc->u.i;            \
    *ra = Int(Wrap(expr));                                                  \
    break;                                                                  \
  }
      case kBAnd: BITWISE(x & y)
      case kBOr: BITWISE(x | y)
      case kBXor: BITWISE(x ^ y)
      case kShl: BITWISE(y >= 64 ? 0 : x << y)
      case kShr: BITWISE(y >= 64 ? 0 : x >> y)
#undef BITWISE
      case kUnm: {
        const Value* rb = base + GB(i);
        if (rb->tag == kTInt) {
          *ra = Int(Wrap(0 - (uint64_t)rb->u.i));
        } else if (rb->tag == kTFlt) {
          ra->u.f = -rb->u.f;
          ra->tag = kTFlt;
        } else {
          return kErrType;
        }
        break;
      }
      case kEq:
        if (Equal(ra, base + GB(i)) != (int)GC(i)) pc++;
        break;
      case kLt:
      case kLe: {
        const int c = Less(ra, base + GB(i), OP(i) == kLe);
        if (c < 0) return kErrType;
        if (c != (int)GC(i)) pc++;
        break;
      }
      case kEqI:
      case kLtI:
      case kGtI: {
        const Value imm = Int(SB(i));
        int c;
        if (OP(i) == kEqI) {
          c = Equal(ra, &imm);
        } else {
          c = OP(i) == kLtI ? Less(ra, &imm, 0) : Less(&imm, ra, 0);
          if (c < 0) return kErrType;
        }
        if (c != (int)GC(i)) pc++;
        break;
      }
      case kTest: {
        const int truthy = ra->tag != kTNil && !(ra->tag == kTInt && ra->u.i == 0);
        if (truthy != (int)GB(i)) pc++;
        break;
      }
      case kJmp: pc += SBX(i); break;
      case kForPrep: {
        if (ra[0].tag != kTInt || ra[1].tag != kTInt || ra[2].tag != kTInt || ra[2].u.i <= 0) {
          return kErrType;  // only positive integer steps in this VM
        }
        if (ra[0].u.i > ra[1].u.i) {
          pc += SBX(i);
        } else {
          ra[3] = ra[0];
        }
        break;
      }
      case kForLoop: {
        const int64_t next = Wrap((uint64_t)ra[0].u.i + (uint64_t)ra[2].u.i);
        if (next <= ra[1].u.i && next > ra[0].u.i) {
          ra[0].u.i = next;
          ra[3] = Int(next);
          pc -= SBX(i);
        }
        break;
      }
      case kNewArr: {
        const Value* rb = base + GB(i);
        if (rb->tag != kTInt || rb->u.i < 0) return kErrType;
        if ((uint64_t)rb->u.i >= vm_heap_cap - vm_heap_used) return kErrHeap;
        const uint32_t n = (uint32_t)rb->u.i;
        Value* a = vm_heap + vm_heap_used;
        a[0].tag = kTArr;
        a[0].u.i = n;
        for (uint32_t k = 1; k <= n; k++) a[k] = Int(0);
        ra->tag = kTArr;
        ra->u.ref = vm_heap_used;
        vm_heap_used += n + 1;
        break;
      }
      case kGetIdx:
      case kGetIdxI: {
        const Value* rb = base + GB(i);
        int64_t k;
        if (OP(i) == kGetIdx) {
          const Value* rc = base + GC(i);
          if (rc->tag != kTInt) return kErrType;
          k = rc->u.i;
        } else {
          k = GC(i);
        }
        if (rb->tag != kTArr) return kErrType;
        const Value* a = vm_heap + rb->u.ref;
        if ((uint64_t)k >= (uint64_t)a[0].u.i) return kErrIndex;
        *ra = a[1 + k];
        break;
      }
      case kSetIdx: {
        const Value* rb = base + GB(i);
        if (ra->tag != kTArr || rb->tag != kTInt) return kErrType;
        Value* a = vm_heap + ra->u.ref;
        if ((uint64_t)rb->u.i >= (uint64_t)a[0].u.i) return kErrIndex;
        a[1 + rb->u.i] = base[GC(i)];
        break;
      }
      case kLen: {
        const Value* rb = base + GB(i);
        if (rb->tag == kTArr) {
          *ra = Int(vm_heap[rb->u.ref].u.i);
        } else if (rb->tag == kTStr) {
          uint32_t n;
          memcpy(&n, vm_strings + rb->u.ref, sizeof n);
          *ra = Int(n);
        } else {
          return kErrType;
        }
        break;
      }
      case kGetByte: {
        const Value* rb = base + GB(i);
        const Value* rc = base + GC(i);
        if (rb->tag != kTStr || rc->tag != kTInt) return kErrType;
        uint32_t n;
        memcpy(&n, vm_strings + rb->u.ref, sizeof n);
        if ((uint64_t)rc->u.i >= n) return kErrIndex;
        *ra = Int(vm_strings[rb->u.ref + 4 + rc->u.i]);
        break;
      }
      case kCall: {
        const Proto* p = vm_protos + GB(i);
        const int32_t nargs = (int32_t)GC(i);
        Value* callee = ra + 1;
        if (fp + 1 >= kMaxFrames || (callee - vm_stack) + p->nregs > kStackSize) return kErrStack;
        fp++;
        vm_frames[fp].ret_pc = pc;
        vm_frames[fp].base = base;
        for (int32_t r = nargs; r < p->nregs; r++) callee[r].tag = kTNil;
        base = callee;
        pc = p->code;
        break;
      }
      case kRet:
        base[-1] = *ra;  // the caller's R[A] of the call
        if (fp == 0) {
          *out = *ra;
          return 0;
        }
        pc = vm_frames[fp].ret_pc;
        base = vm_frames[fp].base;
        fp--;
        break;
      case kHalt: *out = *ra; return 0;
      default: return kErrOp;
    }
  }
}

// ---- A small assembler.

typedef struct {
  uint32_t* code;
  int32_t at;
} Asm;

static void Emit(Asm* a, int op, int ra, int rb, int rc) {
  a->code[a->at++] = (uint32_t)op | (uint32_t)ra << 8 | (uint32_t)(rb & 0xff) << 16 |
                     (uint32_t)(rc & 0xff) << 24;
}

static void EmitBx(Asm* a, int op, int ra, int32_t bx) {
  a->code[a->at++] = (uint32_t)op | (uint32_t)ra << 8 | (uint32_t)bx << 16;
}

// A forward jump (kJmp or kForPrep) to be patched; returns its position.
static int32_t EmitJumpFrom(Asm* a, int op, int ra) {
  EmitBx(a, op, ra, 0);
  return a->at - 1;
}

// The pc of the instruction after `from` is from + 1; its offset lands on the current position.
static void PatchHere(Asm* a, int32_t from) {
  const int32_t off = a->at - (from + 1);
  a->code[from] = (a->code[from] & 0xffff) | (uint32_t)off << 16;
}

// A numeric for loop's closing instruction: jumps back to `body` (after the kForPrep).
static void EmitForLoop(Asm* a, int ra, int32_t prep) {
  EmitBx(a, kForLoop, ra, (a->at + 1) - (prep + 1));
  PatchHere(a, prep);
}

static uint32_t code_area[kMaxProtos][kMaxCode];
static int32_t num_k;

static int AddK(Value v) {
  vm_k[num_k] = v;
  return num_k++;
}

static void Def(int proto, const Asm* a, int32_t nparams, int32_t nregs) {
  if (a->at > kMaxCode) abort();
  vm_protos[proto].code = code_area[proto];
  vm_protos[proto].nparams = nparams;
  vm_protos[proto].nregs = nregs;
}

static Asm Begin(int proto) {
  Asm a = {code_area[proto], 0};
  return a;
}

// fib(n): n < 2 ? n : fib(n - 1) + fib(n - 2). Registers: 0 n, 1..3 call slots.
static void AssembleFib(void) {
  Asm a = Begin(0);
  Emit(&a, kLtI, 0, 2, 0);  // if not (n < 2): skip the jump
  int32_t rec = EmitJumpFrom(&a, kJmp, 0);
  Emit(&a, kRet, 0, 0, 0);
  PatchHere(&a, rec);
  Emit(&a, kAddI, 2, 0, -1);
  Emit(&a, kCall, 1, 0, 1);
  Emit(&a, kAddI, 3, 0, -2);
  Emit(&a, kCall, 2, 0, 1);
  Emit(&a, kAdd, 1, 1, 2);
  Emit(&a, kRet, 1, 0, 0);
  Def(0, &a, 1, 4);
}

// sum(n): a = array(n); a[i] = (i * 2654435761) & 0xffff; then 4 passes: s += a[i] (int),
// f = f + a[i] * 0.25 (float), and a[i] = a[i] ^ (s & 255); returns s + f // 1 mixed.
// Registers: 0 n, 1 a, 2 s, 3 f, 4..7 loop, 8.. temporaries.
static void AssembleSum(void) {
  const int kMulK = AddK(Int(2654435761));
  const int kMask = AddK(Int(0xffff));
  Value quarter;
  quarter.u.f = 0.25;
  quarter.tag = kTFlt;
  const int kQuarter = AddK(quarter);
  Asm a = Begin(1);
  Emit(&a, kNewArr, 1, 0, 0);
  EmitBx(&a, kLoadI, 4, 0);
  Emit(&a, kAddI, 5, 0, -1);
  EmitBx(&a, kLoadI, 6, 1);
  int32_t prep = EmitJumpFrom(&a, kForPrep, 4);
  EmitBx(&a, kLoadK, 8, kMulK);
  Emit(&a, kMul, 8, 7, 8);
  EmitBx(&a, kLoadK, 9, kMask);
  Emit(&a, kBAnd, 8, 8, 9);
  Emit(&a, kSetIdx, 1, 7, 8);
  EmitForLoop(&a, 4, prep);
  EmitBx(&a, kLoadI, 2, 0);
  EmitBx(&a, kLoadK, 3, kQuarter);
  Emit(&a, kSub, 3, 3, 3);  // f = 0.0
  // for pass = 1, 4
  EmitBx(&a, kLoadI, 10, 1);
  EmitBx(&a, kLoadI, 11, 4);
  EmitBx(&a, kLoadI, 12, 1);
  int32_t outer = EmitJumpFrom(&a, kForPrep, 10);
  EmitBx(&a, kLoadI, 4, 0);
  Emit(&a, kAddI, 5, 0, -1);
  EmitBx(&a, kLoadI, 6, 1);
  prep = EmitJumpFrom(&a, kForPrep, 4);
  Emit(&a, kGetIdx, 8, 1, 7);
  Emit(&a, kAdd, 2, 2, 8);
  Emit(&a, kAddK, 9, 8, kQuarter);  // a[i] + 0.25: a float
  Emit(&a, kMul, 9, 9, 9);
  Emit(&a, kAdd, 3, 3, 9);
  EmitBx(&a, kLoadI, 9, 255);
  Emit(&a, kBAnd, 9, 2, 9);
  Emit(&a, kBXor, 8, 8, 9);
  Emit(&a, kSetIdx, 1, 7, 8);
  EmitForLoop(&a, 4, prep);
  EmitForLoop(&a, 10, outer);
  Emit(&a, kIDiv, 9, 2, 12);  // s // 1 (an int op on s)
  Emit(&a, kDiv, 3, 3, 12);   // f / 1 stays a float
  EmitBx(&a, kLoadI, 8, 0);
  Emit(&a, kLt, 3, 8, 1);     // if f < 0 (never): skip the halt of s... keeps kLt exercised
  Emit(&a, kUnm, 9, 9, 0);
  Emit(&a, kMove, 8, 3, 0);
  Emit(&a, kEq, 8, 3, 1);  // f == f: run the next instruction
  Emit(&a, kAdd, 9, 9, 8);  // s + f: a float
  Emit(&a, kHalt, 9, 0, 0);
  Def(1, &a, 1, 14);
}

// hash(s, h): for each byte b: h = ((h ^ b) * 16777619) & 0xffffffff. main(n): h = 2166136261;
// n times: h = hash(s, h) + rep. Registers of hash: 0 s, 1 h, 2 len, 3..6 loop, 7 byte,
// 8 prime, 9 mask.
static void AssembleHash(int32_t str_ref) {
  const int kPrime = AddK(Int(16777619));
  const int kMask = AddK(Int(0xffffffff));
  const int kBasis = AddK(Int(2166136261));
  Value s;
  s.u.ref = (uint32_t)str_ref;
  s.tag = kTStr;
  const int kStr = AddK(s);
  Asm a = Begin(2);  // hash
  EmitBx(&a, kLoadK, 8, kPrime);
  EmitBx(&a, kLoadK, 9, kMask);
  Emit(&a, kLen, 2, 0, 0);
  EmitBx(&a, kLoadI, 3, 0);
  Emit(&a, kAddI, 4, 2, -1);
  EmitBx(&a, kLoadI, 5, 1);
  int32_t prep = EmitJumpFrom(&a, kForPrep, 3);
  Emit(&a, kGetByte, 7, 0, 6);
  Emit(&a, kBXor, 1, 1, 7);
  Emit(&a, kMul, 1, 1, 8);
  Emit(&a, kBAnd, 1, 1, 9);
  EmitForLoop(&a, 3, prep);
  Emit(&a, kRet, 1, 0, 0);
  Def(2, &a, 2, 10);

  Asm m = Begin(3);  // main(n): 0 n, 1 h, 2..5 loop, 6 call slot, 7 s, 8 h
  EmitBx(&m, kLoadK, 1, kBasis);
  EmitBx(&m, kLoadI, 2, 1);
  Emit(&m, kMove, 3, 0, 0);
  EmitBx(&m, kLoadI, 4, 1);
  prep = EmitJumpFrom(&m, kForPrep, 2);
  EmitBx(&m, kLoadK, 7, kStr);
  Emit(&m, kMove, 8, 1, 0);
  Emit(&m, kCall, 6, 2, 2);
  Emit(&m, kAdd, 1, 6, 5);
  Emit(&m, kEqI, 1, 0, 1);  // h == 0: never; skip the reset
  EmitBx(&m, kLoadI, 1, 7);
  EmitForLoop(&m, 2, prep);
  Emit(&m, kHalt, 1, 0, 0);
  Def(3, &m, 1, 10);
}

// sieve(n): flags = array(n + 1); count primes in [2, n]. Registers: 0 n, 1 flags, 2 count,
// 3..6 outer loop (i), 7..10 inner loop (j), 11 tmp.
static void AssembleSieve(void) {
  Asm a = Begin(4);
  Emit(&a, kAddI, 11, 0, 1);
  Emit(&a, kNewArr, 1, 11, 0);
  EmitBx(&a, kLoadI, 2, 0);
  EmitBx(&a, kLoadI, 3, 2);
  Emit(&a, kMove, 4, 0, 0);
  EmitBx(&a, kLoadI, 5, 1);
  int32_t outer = EmitJumpFrom(&a, kForPrep, 3);
  Emit(&a, kGetIdx, 11, 1, 6);
  Emit(&a, kTest, 11, 0, 0);  // composite (flag set): skip to the loop end
  int32_t skip = EmitJumpFrom(&a, kJmp, 0);
  int32_t next = EmitJumpFrom(&a, kJmp, 0);
  PatchHere(&a, skip);
  Emit(&a, kAddI, 2, 2, 1);
  Emit(&a, kMul, 7, 6, 6);
  Emit(&a, kMove, 8, 0, 0);
  Emit(&a, kMove, 9, 6, 0);
  int32_t inner = EmitJumpFrom(&a, kForPrep, 7);
  EmitBx(&a, kLoadI, 11, 1);
  Emit(&a, kSetIdx, 1, 10, 11);
  EmitForLoop(&a, 7, inner);
  PatchHere(&a, next);
  EmitForLoop(&a, 3, outer);
  Emit(&a, kHalt, 2, 0, 0);
  Def(4, &a, 1, 12);
}

static uint64_t Checksum(int err, Value v) {
  if (err) return 0xbad0u + (uint64_t)err;
  return v.tag == kTFlt ? BenchBits(v.u.f) : (uint64_t)v.u.i ^ ((uint64_t)v.tag << 60);
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 100);
  static const char kText[] = "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end";
  const uint32_t text_len = (uint32_t)(sizeof kText - 1);
  uint8_t* strings = malloc(4 + text_len);
  vm_heap_cap = (uint32_t)(n * 4000 + 64);
  vm_heap = malloc(vm_heap_cap * sizeof(Value));
  if (!strings || !vm_heap) return 1;
  memcpy(strings, &text_len, 4);
  memcpy(strings + 4, kText, text_len);
  vm_strings = strings;

  Value out;
  uint64_t h = 0;
  // fib: the call path. fib(20 + log2 of n).
  AssembleFib();
  int32_t fib_n = 20;
  for (long k = n; k > 1; k /= 2) fib_n++;
  int err = Run(0, Int(fib_n), &out);
  h = BenchMix(h, Checksum(err, out));
  // sum: an array of 1000 * n values, four passes.
  AssembleSum();
  vm_heap_used = 0;
  err = Run(1, Int(n * 1000), &out);
  h = BenchMix(h, Checksum(err, out));
  // hash: 200 * n strings hashed by a called function.
  AssembleHash(0);
  err = Run(3, Int(n * 200), &out);
  h = BenchMix(h, Checksum(err, out));
  // sieve: primes up to 3000 * n.
  AssembleSieve();
  vm_heap_used = 0;
  err = Run(4, Int(n * 3000), &out);
  h = BenchMix(h, Checksum(err, out));
  BenchPrint("regvm", h);
  return 0;
}
