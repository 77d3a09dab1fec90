#!/usr/bin/env python3
"""Writes a module shaped like a large C program of which little runs, to time start-up.

What a C program compiled to wasm32-wasi brings to start-up: FUNCS functions of varied size
(a few statements to a few hundred bytes: arithmetic over locals, loads and stores, if/else,
counted loops, br_table switches, direct calls and call_indirect through the function table),
a large active data segment (DATA_KB KiB of strings, tables of words and zero runs, as .rodata
and .data are), a dozen wasi_snapshot_preview1 imports, a mutable stack-pointer global and a
function table whose elements take the address of a third of the functions. `_start` calls a
handful of them, so a run is decode + validate + instantiate (data copy) + the lowering of
what runs + a few microseconds of work + one write.

The first LEAVES functions call nothing (their bodies stay bounded when run); the others call
leaves directly and through the table. The expected output is computed here by evaluating
what the module does, and written to OUT.expected: the module has no native build.

usage: gen_startup.py FUNCS DATA_KB OUT.wasm OUT.expected
"""
import os
import random
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_asm import *  # noqa: E402,F401,F403

LEAVES = 400  # functions 0..LEAVES-1 of the generated ones make no calls
DATA_BASE = 65536  # the data segment starts at the second page
# Imports a libc program typically has; only fd_write is called.
WASI_EXTRA = [
    ("fd_close", [T_I32], [T_I32]),
    ("fd_seek", [T_I32, T_I64, T_I32, T_I32], [T_I32]),
    ("fd_read", [T_I32] * 4, [T_I32]),
    ("fd_fdstat_get", [T_I32, T_I32], [T_I32]),
    ("fd_prestat_get", [T_I32, T_I32], [T_I32]),
    ("fd_prestat_dir_name", [T_I32] * 3, [T_I32]),
    ("environ_sizes_get", [T_I32, T_I32], [T_I32]),
    ("environ_get", [T_I32, T_I32], [T_I32]),
    ("clock_time_get", [T_I32, T_I64, T_I32], [T_I32]),
    ("proc_exit", [T_I32], []),
]


def Rotl(v, s):
    return ((v << s) | (v >> (32 - s))) & MASK32


def Load32(data, addr):
    i = addr - DATA_BASE
    return int.from_bytes(data[i:i + 4], "little")


class Body:
    """A function body being written: its bytes and the closures that evaluate it."""

    def __init__(self):
        self.code = bytearray()
        self.steps = []

    def Emit(self, b, f):
        self.code.extend(b)
        self.steps.append(f)


def Statement(rng, body, ctx, leaf, depth=0):
    """Appends one statement over the state [l0 .. l3 (i32), l4 (i64)]; l5 is a loop counter."""
    kinds = 11 if leaf else 13
    kind = rng.randrange(kinds)
    d, a, b = rng.randrange(4), rng.randrange(4), rng.randrange(4)
    c = rng.getrandbits(32)
    data, evaluators = ctx["data"], ctx["evaluators"]
    if kind in (0, 1):
        op, f = BIN_OPS[rng.randrange(len(BIN_OPS))]
        body.Emit(Op(LOCAL_GET, a) + Op(LOCAL_GET, b) + Op(op) + Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, b=b, f=f: s.__setitem__(d, f(s[a], s[b])))
    elif kind == 2:
        op, f = BIN_OPS[rng.randrange(len(BIN_OPS))]
        body.Emit(Op(LOCAL_GET, a) + I32Const(c) + Op(op) + Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, c=c, f=f: s.__setitem__(d, f(s[a], c)))
    elif kind == 3:
        r = 1 + c % 31
        body.Emit(Op(LOCAL_GET, a) + I32Const(r) + Op(I32_ROTL) + Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, r=r: s.__setitem__(d, Rotl(s[a], r)))
    elif kind == 4:  # a store to the scratch area (a global variable)
        addr = SCRATCH_BASE + 4 * rng.randrange(4096)
        body.Emit(I32Const(0) + Op(LOCAL_GET, a) + MemArg(I32_STORE, addr, 2),
                  lambda s, m, a=a, addr=addr: m.__setitem__(addr, s[a]))
    elif kind == 5:  # a load from the scratch area
        addr = SCRATCH_BASE + 4 * rng.randrange(4096)
        body.Emit(I32Const(0) + MemArg(I32_LOAD, addr, 2) + Op(LOCAL_GET, a) + Op(I32_ADD) +
                  Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, addr=addr:
                  s.__setitem__(d, (m.get(addr, 0) + s[a]) & MASK32))
    elif kind == 6:  # a load from the data segment (.rodata), at an address computed from a local
        words = ctx["data_words"]
        body.Emit(Op(LOCAL_GET, a) + I32Const(words - 1) + Op(I32_AND) + I32Const(2) +
                  Op(I32_SHL) + MemArg(I32_LOAD, DATA_BASE, 2) + Op(LOCAL_GET, b) + Op(I32_XOR) +
                  Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, b=b, w=words: s.__setitem__(
                      d, Load32(data, DATA_BASE + 4 * (s[a] & (w - 1))) ^ s[b]))
    elif kind == 7:
        def F7(s, m, d=d, a=a):
            s[4] = (s[a] * K64 + s[4]) & MASK64
            s[d] = (s[4] >> 29) & MASK32 ^ s[d]
        body.Emit(Op(LOCAL_GET, a) + Op(I64_EXTEND_I32_U) + I64Const(K64) + Op(I64_MUL) +
                  Op(LOCAL_GET, 4) + Op(I64_ADD) + Op(LOCAL_TEE, 4) + I64Const(29) +
                  Op(I64_SHR_U) + Op(I32_WRAP_I64) + Op(LOCAL_GET, d) + Op(I32_XOR) +
                  Op(LOCAL_SET, d), F7)
    elif kind == 8:
        body.Emit(Op(LOCAL_GET, a) + I32Const(1) + Op(I32_AND) + bytes([IF, T_I32]) +
                  Op(LOCAL_GET, b) + I32Const(c) + Op(I32_ADD) + bytes([ELSE]) +
                  Op(LOCAL_GET, b) + I32Const(c) + Op(I32_XOR) + bytes([END]) + Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, b=b, c=c: s.__setitem__(
                      d, ((s[b] + c) & MASK32) if s[a] & 1 else s[b] ^ c))
    elif kind == 9:  # a switch: br_table over n cases in nested blocks, selector l_a % n
        n = 2 + rng.randrange(7)
        cases = [(BIN_OPS[rng.randrange(len(BIN_OPS))], rng.getrandbits(32)) for _ in range(n)]
        code = bytearray(Op(BLOCK, VOID) + Op(BLOCK, VOID) * n)
        code += Op(LOCAL_GET, a) + I32Const(n) + Op(I32_REM_U)
        code += bytes([BR_TABLE]) + Uleb(n - 1) + b"".join(Uleb(i) for i in range(n))
        for i, ((op, _), k) in enumerate(cases):
            code += bytes([END]) + Op(LOCAL_GET, b) + I32Const(k) + Op(op) + Op(LOCAL_SET, d)
            if i < n - 1:
                code += Op(BR, n - 1 - i)
        code += bytes([END])

        def F9(s, m, d=d, a=a, b=b, cases=cases):
            (_, f), k = cases[s[a] % len(cases)]
            s[d] = f(s[b], k)
        body.Emit(bytes(code), F9)
    elif kind == 10:  # a counted loop: l_d = l_d * 3 + l_a, 1..8 times
        n = 1 + rng.randrange(8)
        code = I32Const(n) + Op(LOCAL_SET, 5) + Op(LOOP, VOID)
        code += Op(LOCAL_GET, d) + I32Const(3) + Op(I32_MUL) + Op(LOCAL_GET, a) + Op(I32_ADD)
        code += Op(LOCAL_SET, d) + Op(LOCAL_GET, 5) + I32Const(1) + Op(I32_SUB) + Op(LOCAL_TEE, 5)
        code += Op(BR_IF, 0) + bytes([END])

        def F10(s, m, d=d, a=a, n=n):
            for _ in range(n):
                s[d] = (s[d] * 3 + s[a]) & MASK32
        body.Emit(code, F10)
    elif kind == 11:  # a direct call of a leaf
        callee = rng.randrange(LEAVES)
        body.Emit(Op(LOCAL_GET, a) + Op(LOCAL_GET, b) + Op(CALL, ctx["first"] + callee) +
                  Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, b=b, e=callee: s.__setitem__(
                      d, evaluators[e](s[a], s[b], m)))
    else:  # a call through the table (a function pointer); the first LEAVES slots hold leaves
        slot = 1 + rng.randrange(LEAVES)
        body.Emit(Op(LOCAL_GET, a) + Op(LOCAL_GET, b) + I32Const(slot) +
                  Op(CALL_INDIRECT, ctx["type"], 0) + Op(LOCAL_SET, d),
                  lambda s, m, d=d, a=a, b=b, e=slot - 1: s.__setitem__(
                      d, evaluators[e](s[a], s[b], m)))


def MakeFunction(rng, ctx, leaf):
    """Returns (body bytes, evaluator(x, y, memory) -> result)."""
    body = Body()
    # Sizes as in C programs: many small functions, a few large ones.
    count = 2 + int(rng.paretovariate(1.3) * 4)
    for _ in range(min(count, 150)):
        Statement(rng, body, ctx, leaf)
    code = body.code + (Op(LOCAL_GET, 0) + Op(LOCAL_GET, 1) + Op(I32_XOR) + Op(LOCAL_GET, 2) +
                        Op(I32_XOR) + Op(LOCAL_GET, 3) + Op(I32_XOR) + Op(LOCAL_GET, 4) +
                        Op(I32_WRAP_I64) + Op(I32_XOR))
    steps = body.steps

    def Evaluate(x, y, memory):
        s = [x, y, 0, 0, 0]
        for f in steps:
            f(s, memory)
        return s[0] ^ s[1] ^ s[2] ^ s[3] ^ (s[4] & MASK32)

    return bytes(code), Evaluate


def MakeData(rng, size):
    """Bytes that look like .rodata + .data: strings, tables of words, runs of zeros."""
    words = ["error", "file", "not", "found", "%s", "%d", "invalid", "argument", "table", "value",
             "string", "number", "function", "expected", "near", "'end'", "stack", "overflow",
             "memory", "index", "field", "nil", "true", "false", "return", "local", "\n"]
    out = bytearray()
    while len(out) < size:
        kind = rng.randrange(3)
        if kind == 0:
            s = " ".join(rng.choice(words) for _ in range(1 + rng.randrange(8)))
            out += s.encode() + b"\0"
        elif kind == 1:
            for _ in range(4 + rng.randrange(60)):
                out += rng.getrandbits(32).to_bytes(4, "little")
        else:
            out += bytes(16 * (1 + rng.randrange(32)))
        while len(out) % 4:
            out.append(0)
    return bytes(out[:size])


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    funcs, data_kb = int(sys.argv[1]), int(sys.argv[2])
    if funcs <= LEAVES or data_kb < 4 or data_kb & (data_kb - 1):
        sys.exit(f"gen_startup.py: FUNCS must exceed {LEAVES}, DATA_KB a power of two >= 4")
    rng = random.Random(20261206)  # fixed: the module and its expected output are reproducible
    m = Module()
    for name, params, results in WASI_EXTRA:  # imports precede the helpers' functions
        m.Import("wasi_snapshot_preview1", name, params, results)
    _, print_fn = AddWasiHelpers(m, "startup")
    data = MakeData(rng, data_kb * 1024)
    ctx = {"data": data, "data_words": data_kb * 256, "evaluators": [],
           "type": m.Type([T_I32, T_I32], [T_I32])}
    first = None
    for i in range(funcs):
        index = m.Reserve([T_I32, T_I32], [T_I32])
        if first is None:
            first = ctx["first"] = index
        body, evaluate = MakeFunction(rng, ctx, leaf=i < LEAVES)
        m.Define(index, [T_I32, T_I32, T_I64, T_I32], body)
        ctx["evaluators"].append(evaluate)
    # The table: slot 0 is null (as in C), then the leaves, then every third other function.
    taken = [first + i for i in range(LEAVES)] + [first + i for i in range(LEAVES, funcs, 3)]
    m.table_size = 1 + len(taken)
    m.Elements(1, taken)
    m.Global(DATA_BASE + data_kb * 1024 + 65536)  # __stack_pointer, as wasm-ld places it
    m.memory_pages = (DATA_BASE + data_kb * 1024) // 65536 + 2
    m.Data(DATA_BASE, data)
    # _start: a dozen calls of non-leaf functions, chained through x.
    start = m.Reserve([], [])
    b = bytearray(I32Const(12345) + Op(LOCAL_SET, 0))
    x, memory = 12345, {}
    for k in range(12):
        callee = LEAVES + rng.randrange(funcs - LEAVES)
        b += Op(LOCAL_GET, 0) + I32Const(k) + Op(CALL, first + callee) + Op(LOCAL_SET, 0)
        x = ctx["evaluators"][callee](x, k, memory)
    b += Op(LOCAL_GET, 0) + Op(I64_EXTEND_I32_U) + Op(CALL, print_fn)
    m.Define(start, [T_I32], bytes(b))
    m.Export("memory", 2, 0)
    m.Export("_start", 0, start)
    m.Export("__indirect_function_table", 1, 0)
    out = m.Encode()
    with open(sys.argv[3], "wb") as f:
        f.write(out)
    with open(sys.argv[4], "w") as f:
        f.write(f"startup: {x:016x}\n")
    print(f"gen_startup.py: {len(out)} bytes, code section {m.code_section_size} bytes, "
          f"data {len(data)} bytes, {m.table_size} table slots")


if __name__ == "__main__":
    main()
