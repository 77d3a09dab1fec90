// vm: a bytecode dispatch loop, i.e. an interpreter running inside wasm (the workload of Lua,
// QuickJS or Python compiled to wasm): a stack machine with a switch over 21 opcodes, frames
// for calls, and two guest programs: prime counting by trial division (calls, compares,
// modulo, branches) and a hash chain (shifts and xors).
#include "bench_common.h"

enum {
  kPush,  // k: push k
  kGet,   // r: push reg[r]
  kSet,   // r: reg[r] = pop
  kInc,   // r k: reg[r] += k
  kAdd,
  kSub,
  kMul,
  kMod,
  kXor,
  kShl,
  kShr,
  kLt,
  kGt,
  kEq,
  kJmp,   // t: pc = t
  kJz,    // t: if pop == 0, pc = t
  kJnz,   // t: if pop != 0, pc = t
  kCall,  // t n: call t with n arguments from the stack (they become its reg[0..n))
  kRet,   // return the top of the stack to the caller
  kDup,
  kHalt,  // stop; the result is the top of the stack
};

enum { kRegs = 8, kMaxFrames = 64, kMaxStack = 256 };

typedef struct {
  int32_t return_pc;
  int32_t base;  // index of reg[0] in the register file
} Frame;

static uint32_t Run(const int32_t* code, int32_t entry) {
  uint32_t stack[kMaxStack];
  uint32_t regs[kRegs * kMaxFrames];
  Frame frames[kMaxFrames];
  int sp = 0, fp = 0, base = 0;
  int32_t pc = entry;
  memset(regs, 0, sizeof regs);
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
      case kPush: stack[sp++] = (uint32_t)code[pc++]; break;
      case kGet: stack[sp++] = regs[base + code[pc++]]; break;
      case kSet: regs[base + code[pc++]] = stack[--sp]; break;
      case kInc:
        regs[base + code[pc]] += (uint32_t)code[pc + 1];
        pc += 2;
        break;
      case kAdd: sp--, stack[sp - 1] += stack[sp]; break;
      case kSub: sp--, stack[sp - 1] -= stack[sp]; break;
      case kMul: sp--, stack[sp - 1] *= stack[sp]; break;
      case kMod: sp--, stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : 0; break;
      case kXor: sp--, stack[sp - 1] ^= stack[sp]; break;
      case kShl: sp--, stack[sp - 1] <<= (stack[sp] & 31); break;
      case kShr: sp--, stack[sp - 1] >>= (stack[sp] & 31); break;
      case kLt: sp--, stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case kGt: sp--, stack[sp - 1] = stack[sp - 1] > stack[sp]; break;
      case kEq: sp--, stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case kJmp: pc = code[pc]; break;
      case kJz: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
      case kJnz: pc = stack[--sp] != 0 ? code[pc] : pc + 1; break;
      case kCall: {
        int32_t target = code[pc], nargs = code[pc + 1];
        if (fp + 1 >= kMaxFrames) return 0xdeadu;
        frames[fp].return_pc = pc + 2;
        frames[fp].base = base;
        fp++;
        base += kRegs;
        for (int32_t i = nargs - 1; i >= 0; i--) regs[base + i] = stack[--sp];
        pc = target;
        break;
      }
      case kRet:
        fp--;
        pc = frames[fp].return_pc;
        base = frames[fp].base;
        break;
      case kDup: stack[sp] = stack[sp - 1], sp++; break;
      case kHalt: return stack[sp - 1];
      default: return 0xbadu;
    }
  }
}

// Counts primes below n: main loop plus an is_prime(x) function by trial division.
static int32_t AssemblePrimes(int32_t* c, int32_t n) {
  int32_t at = 0;
  // is_prime(x): reg0 = x, reg1 = d.
  int32_t is_prime = at;
  c[at++] = kPush, c[at++] = 2, c[at++] = kSet, c[at++] = 1;
  int32_t loop = at;
  c[at++] = kGet, c[at++] = 1, c[at++] = kDup, c[at++] = kMul;  // d*d
  c[at++] = kGet, c[at++] = 0, c[at++] = kGt;                   // d*d > x
  c[at++] = kJnz;
  int32_t patch_yes = at++;
  c[at++] = kGet, c[at++] = 0, c[at++] = kGet, c[at++] = 1, c[at++] = kMod;
  c[at++] = kJz;
  int32_t patch_no = at++;
  c[at++] = kInc, c[at++] = 1, c[at++] = 1, c[at++] = kJmp, c[at++] = loop;
  c[patch_yes] = at;
  c[at++] = kPush, c[at++] = 1, c[at++] = kRet;
  c[patch_no] = at;
  c[at++] = kPush, c[at++] = 0, c[at++] = kRet;
  // main: reg0 = i, reg1 = count.
  int32_t entry = at;
  c[at++] = kPush, c[at++] = 2, c[at++] = kSet, c[at++] = 0;
  c[at++] = kPush, c[at++] = 0, c[at++] = kSet, c[at++] = 1;
  int32_t top = at;
  c[at++] = kGet, c[at++] = 0, c[at++] = kPush, c[at++] = n, c[at++] = kLt, c[at++] = kJz;
  int32_t patch_end = at++;
  c[at++] = kGet, c[at++] = 0, c[at++] = kCall, c[at++] = is_prime, c[at++] = 1;
  c[at++] = kGet, c[at++] = 1, c[at++] = kAdd, c[at++] = kSet, c[at++] = 1;
  c[at++] = kInc, c[at++] = 0, c[at++] = 1, c[at++] = kJmp, c[at++] = top;
  c[patch_end] = at;
  c[at++] = kGet, c[at++] = 1, c[at++] = kHalt;
  return entry;
}

// h = ((h << 5) ^ (h >> 3) ^ i) * 33 for i in [0, n).
static int32_t AssembleHash(int32_t* c, int32_t n) {
  int32_t at = 0;
  c[at++] = kPush, c[at++] = 5381, c[at++] = kSet, c[at++] = 1;  // h
  c[at++] = kPush, c[at++] = 0, c[at++] = kSet, c[at++] = 0;     // i
  int32_t top = at;
  c[at++] = kGet, c[at++] = 0, c[at++] = kPush, c[at++] = n, c[at++] = kEq, c[at++] = kJnz;
  int32_t patch_end = at++;
  c[at++] = kGet, c[at++] = 1, c[at++] = kPush, c[at++] = 5, c[at++] = kShl;
  c[at++] = kGet, c[at++] = 1, c[at++] = kPush, c[at++] = 3, c[at++] = kShr, c[at++] = kXor;
  c[at++] = kGet, c[at++] = 0, c[at++] = kXor, c[at++] = kPush, c[at++] = 33, c[at++] = kMul;
  c[at++] = kSet, c[at++] = 1, c[at++] = kInc, c[at++] = 0, c[at++] = 1;
  c[at++] = kJmp, c[at++] = top;
  c[patch_end] = at;
  c[at++] = kGet, c[at++] = 1, c[at++] = kHalt;
  return 0;
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 100);
  int32_t code[256];
  int32_t entry = AssemblePrimes(code, (int32_t)(n * 1000));
  uint64_t h = BenchMix(0, Run(code, entry));
  entry = AssembleHash(code, (int32_t)(n * 20000));
  h = BenchMix(h, Run(code, entry));
  BenchPrint("vm", h);
  return 0;
}
