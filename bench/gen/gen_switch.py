#!/usr/bin/env python3
"""Writes a WASI module whose hot function is a br_table into CASES nested blocks.

That shape (what clang makes of a dense C switch, written here directly because clang needs
minutes at -O2 for a 4,000-case switch) makes some interpreters quadratic: block-end searches at
run time, per-block work at load time. `step(op, x)` has CASES cases of differing shapes;
`_start` calls it SIZE x 1000 times with pseudo-random case numbers and prints x, so the time per
call should not depend on CASES and only loading may (linearly). bench/programs/switch_ref.c
computes the same checksum natively (from a table, not a switch): it is the baseline.

usage: gen_switch.py CASES OUT.wasm
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_asm import *  # noqa: E402,F401,F403


def Constant(k, salt):
    # A deterministic odd 32-bit constant per case (splitmix64 finalizer); switch_ref.c has
    # the same function.
    z = (k * 0x9E3779B97F4A7C15 + salt * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return ((z ^ (z >> 31)) & MASK32) | 1


def CaseCode(k):
    """The body of case k, x in local 1; the shapes match switch_ref.c's Apply()."""
    a, b, s = Constant(k, 1), Constant(k, 2), 1 + k % 31
    x = Op(LOCAL_GET, 1)
    shape = k % 8
    if shape == 0:
        return x + I32Const(a) + Op(I32_MUL) + I32Const(b) + Op(I32_ADD)
    if shape == 1:
        return x + I32Const(s) + Op(I32_ROTL) + I32Const(a) + Op(I32_XOR)
    if shape == 2:
        return x + I32Const(a) + Op(I32_ADD) + x + I32Const(s) + Op(I32_SHR_U) + Op(I32_XOR)
    if shape == 3:
        return x + I32Const(b) + Op(I32_XOR) + I32Const(a) + Op(I32_MUL)
    if shape == 4:
        return x + x + I32Const(s) + Op(I32_SHL) + Op(I32_SUB) + I32Const(a) + Op(I32_ADD)
    if shape == 5:
        return x + I32Const(-1) + Op(I32_XOR) + I32Const(b) + Op(I32_ADD)
    if shape == 6:
        return x + I32Const(k % 97 + 3) + Op(I32_DIV_U) + I32Const(a) + Op(I32_ADD)
    return (x + I32Const(a) + Op(I32_AND) + x + I32Const(s) + Op(I32_SHR_U) + I32Const(b) +
            Op(I32_XOR) + Op(I32_OR))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cases = int(sys.argv[1])
    if not 2 <= cases <= 1000000:
        sys.exit("gen_switch.py: CASES must be in [2, 1000000]")
    name = f"switch{cases // 1000}k" if cases % 1000 == 0 else f"switch{cases}"
    m = Module()
    size_arg, print_fn = AddWasiHelpers(m, name)
    step = m.Reserve([T_I32, T_I32], [T_I32])
    start = m.Reserve([], [])
    # step: CASES + 1 nested blocks; br_table label k ends the block right before case k's code,
    # label CASES (the outermost) leads to the default.
    body = bytearray(bytes([BLOCK, VOID]) * (cases + 1))
    body += Op(LOCAL_GET, 0) + bytes([BR_TABLE]) + Uleb(cases)
    body += b"".join(Uleb(k) for k in range(cases)) + Uleb(cases)
    for k in range(cases):
        body += bytes([END]) + CaseCode(k) + bytes([RETURN])
    body += bytes([END]) + Op(LOCAL_GET, 1)
    m.Define(step, [], bytes(body))
    # _start: locals 0 = i (i64), 1 = n (i64), 2 = r (i64), 3 = x (i32).
    b = bytearray()
    b += I32Const(1000) + Op(CALL, size_arg) + Op(I64_EXTEND_I32_U) + I64Const(1000) + Op(I64_MUL)
    b += Op(LOCAL_SET, 1) + I64Const(17) + Op(LOCAL_SET, 2) + I32Const(1) + Op(LOCAL_SET, 3)
    b += Op(BLOCK, VOID) + Op(LOOP, VOID)
    b += Op(LOCAL_GET, 0) + Op(LOCAL_GET, 1) + bytes([0x51]) + Op(BR_IF, 1)  # i64.eq
    b += Op(LOCAL_GET, 2) + I64Const(6364136223846793005) + Op(I64_MUL)
    b += I64Const(1442695040888963407) + Op(I64_ADD) + Op(LOCAL_TEE, 2)
    b += I64Const(32) + Op(I64_SHR_U) + Op(I32_WRAP_I64) + I32Const(cases) + Op(I32_REM_U)
    b += Op(LOCAL_GET, 3) + Op(CALL, step) + Op(LOCAL_GET, 0) + Op(I32_WRAP_I64) + Op(I32_XOR)
    b += Op(LOCAL_SET, 3)
    b += Op(LOCAL_GET, 0) + I64Const(1) + Op(I64_ADD) + Op(LOCAL_SET, 0) + Op(BR, 0)
    b += bytes([END, END])
    b += Op(LOCAL_GET, 3) + Op(I64_EXTEND_I32_U) + Op(CALL, print_fn)
    m.Define(start, [T_I64, T_I64, T_I64, T_I32], bytes(b))
    m.Export("memory", 2, 0)
    m.Export("_start", 0, start)
    with open(sys.argv[2], "wb") as f:
        f.write(m.Encode())


if __name__ == "__main__":
    main()
