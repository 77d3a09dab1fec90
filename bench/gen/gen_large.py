#!/usr/bin/env python3
"""Writes a large WASI module (a few MB of code section) to time load + validate.

FUNCS functions of STMTS straight-line statements each (i32 and i64 arithmetic, rotations,
loads and stores, small if/else diamonds) over locals. `_start` calls only every 97th function,
so a run is dominated by reading, validating and (if eager) lowering the code section. The
expected output is computed here, by evaluating what the module does, and written to
OUT.expected: the module has no native build.

usage: gen_large.py FUNCS STMTS OUT.wasm OUT.expected
"""
import os
import random
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_asm import *  # noqa: E402,F401,F403



def Rotl(v, s):
    return ((v << s) | (v >> (32 - s))) & MASK32


def MakeFunction(rng):
    """Returns (body bytes, evaluator(x, memory) -> result)."""
    code = bytearray()
    steps = []  # closures over the state [l0, l1, l2, l3, l4] and the memory dict

    def Emit(b, f):
        code.extend(b)
        steps.append(f)

    for _ in range(STMTS):
        kind = rng.randrange(7)
        d, a, b = rng.randrange(4), rng.randrange(4), rng.randrange(4)
        c = rng.getrandbits(32)
        addr = SCRATCH_BASE + 4 * rng.randrange(4096)
        if kind == 0:
            op, f = BIN_OPS[rng.randrange(len(BIN_OPS))]
            Emit(Op(LOCAL_GET, a) + Op(LOCAL_GET, b) + Op(op) + Op(LOCAL_SET, d),
                 lambda s, m, d=d, a=a, b=b, f=f: s.__setitem__(d, f(s[a], s[b])))
        elif kind == 1:
            op, f = BIN_OPS[rng.randrange(len(BIN_OPS))]
            Emit(Op(LOCAL_GET, a) + I32Const(c) + Op(op) + Op(LOCAL_SET, d),
                 lambda s, m, d=d, a=a, c=c, f=f: s.__setitem__(d, f(s[a], c)))
        elif kind == 2:
            r = 1 + c % 31
            Emit(Op(LOCAL_GET, a) + I32Const(r) + Op(I32_ROTL) + Op(LOCAL_SET, d),
                 lambda s, m, d=d, a=a, r=r: s.__setitem__(d, Rotl(s[a], r)))
        elif kind == 3:
            Emit(I32Const(0) + Op(LOCAL_GET, a) + MemArg(I32_STORE, addr, 2),
                 lambda s, m, a=a, addr=addr: m.__setitem__(addr, s[a]))
        elif kind == 4:
            Emit(I32Const(0) + MemArg(I32_LOAD, addr, 2) + Op(LOCAL_GET, a) + Op(I32_ADD) +
                 Op(LOCAL_SET, d),
                 lambda s, m, d=d, a=a, addr=addr:
                 s.__setitem__(d, (m.get(addr, 0) + s[a]) & MASK32))
        elif kind == 5:
            def F5(s, m, d=d, a=a):
                s[4] = (s[a] * K64 + s[4]) & MASK64
                s[d] = (s[4] >> 29) & MASK32 ^ s[d]
            Emit(Op(LOCAL_GET, a) + Op(I64_EXTEND_I32_U) + I64Const(K64) + Op(I64_MUL) +
                 Op(LOCAL_GET, 4) + Op(I64_ADD) + Op(LOCAL_TEE, 4) + I64Const(29) +
                 Op(I64_SHR_U) + Op(I32_WRAP_I64) + Op(LOCAL_GET, d) + Op(I32_XOR) +
                 Op(LOCAL_SET, d), F5)
        else:
            Emit(Op(LOCAL_GET, a) + I32Const(1) + Op(I32_AND) + bytes([IF, T_I32]) +
                 Op(LOCAL_GET, b) + I32Const(c) + Op(I32_ADD) + bytes([ELSE]) +
                 Op(LOCAL_GET, b) + I32Const(c) + Op(I32_XOR) + bytes([END]) + Op(LOCAL_SET, d),
                 lambda s, m, d=d, a=a, b=b, c=c: s.__setitem__(
                     d, ((s[b] + c) & MASK32) if s[a] & 1 else s[b] ^ c))
    code += (Op(LOCAL_GET, 0) + Op(LOCAL_GET, 1) + Op(I32_XOR) + Op(LOCAL_GET, 2) + Op(I32_XOR) +
             Op(LOCAL_GET, 3) + Op(I32_XOR) + Op(LOCAL_GET, 4) + Op(I32_WRAP_I64) + Op(I32_XOR))

    def Evaluate(x, memory):
        s = [x, 0, 0, 0, 0]
        for f in steps:
            f(s, memory)
        return s[0] ^ s[1] ^ s[2] ^ s[3] ^ (s[4] & MASK32)

    return bytes(code), Evaluate


def main():
    global STMTS
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    funcs, STMTS = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(20261125)  # fixed: the module and its expected output are reproducible
    m = Module()
    _, print_fn = AddWasiHelpers(m, "large")
    first = None
    evaluators = []
    for i in range(funcs):
        index = m.Reserve([T_I32], [T_I32])
        first = index if first is None else first
        body, evaluate = MakeFunction(rng)
        m.Define(index, [T_I32, T_I32, T_I32, T_I64], body)
        evaluators.append(evaluate)
    start = m.Reserve([], [])
    b = bytearray(I32Const(12345))
    x, memory = 12345, {}
    for i in range(0, funcs, 97):
        b += Op(CALL, first + i)
        x = evaluators[i](x, memory)
    b += Op(I64_EXTEND_I32_U) + Op(CALL, print_fn)
    m.Define(start, [], bytes(b))
    m.Export("memory", 2, 0)
    m.Export("_start", 0, start)
    data = m.Encode()
    with open(sys.argv[3], "wb") as f:
        f.write(data)
    with open(sys.argv[4], "w") as f:
        f.write(f"large: {x:016x}\n")
    print(f"gen_large.py: {len(data)} bytes, code section {m.code_section_size} bytes")


if __name__ == "__main__":
    main()
