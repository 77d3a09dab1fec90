"""A small WebAssembly binary writer for the generated benchmark modules.

Only what the generators need: function types, WASI imports, functions with locals, one memory,
a funcref table with active element segments, mutable i32 globals, exports and active data
segments, plus two helper functions every generated program uses: reading
the SIZE argument through WASI and printing "NAME: %016x\\n".
"""

# Opcodes (from the core spec's binary format).
UNREACHABLE, BLOCK, LOOP, IF, ELSE, END = 0x00, 0x02, 0x03, 0x04, 0x05, 0x0B
BR, BR_IF, BR_TABLE, RETURN, CALL, DROP, SELECT = 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x1A, 0x1B
CALL_INDIRECT, GLOBAL_GET, GLOBAL_SET = 0x11, 0x23, 0x24
LOCAL_GET, LOCAL_SET, LOCAL_TEE = 0x20, 0x21, 0x22
I32_LOAD, I64_LOAD, I32_LOAD8_U, I32_STORE, I64_STORE, I32_STORE8 = 0x28, 0x29, 0x2D, 0x36, 0x37, 0x3A
I32_CONST, I64_CONST = 0x41, 0x42
I32_EQZ, I32_EQ, I32_NE, I32_LT_U, I32_GT_U, I32_GE_U = 0x45, 0x46, 0x47, 0x49, 0x4B, 0x4F
I32_ADD, I32_SUB, I32_MUL, I32_DIV_U, I32_REM_U = 0x6A, 0x6B, 0x6C, 0x6E, 0x70
I32_AND, I32_OR, I32_XOR, I32_SHL, I32_SHR_U, I32_ROTL = 0x71, 0x72, 0x73, 0x74, 0x76, 0x77
I64_ADD, I64_SUB, I64_MUL, I64_AND, I64_XOR, I64_SHR_U = 0x7C, 0x7D, 0x7E, 0x83, 0x85, 0x88
I32_WRAP_I64, I64_EXTEND_I32_U = 0xA7, 0xAD
VOID, T_I32, T_I64 = 0x40, 0x7F, 0x7E

MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF

# What the generators' straight-line code is made of: a 64-bit mixing constant and the i32
# binary operators with their evaluation on u32 (the generators compute the expected output).
K64 = 0x9E3779B97F4A7C15
BIN_OPS = [  # (opcode, evaluation on u32)
    (I32_ADD, lambda a, b: (a + b) & MASK32),
    (I32_SUB, lambda a, b: (a - b) & MASK32),
    (I32_MUL, lambda a, b: (a * b) & MASK32),
    (I32_XOR, lambda a, b: a ^ b),
    (I32_OR, lambda a, b: a | b),
    (I32_AND, lambda a, b: a & b),
]


def Uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def Sleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def I32Const(v):
    v &= MASK32
    return bytes([I32_CONST]) + Sleb(v - (1 << 32) if v >= 1 << 31 else v)


def I64Const(v):
    v &= MASK64
    return bytes([I64_CONST]) + Sleb(v - (1 << 64) if v >= 1 << 63 else v)


def Op(code, *immediates):
    return bytes([code]) + b"".join(Uleb(i) for i in immediates)


def MemArg(code, offset, align):
    return bytes([code]) + Uleb(align) + Uleb(offset)


def Name(s):
    b = s.encode()
    return Uleb(len(b)) + b


def Vec(items):
    return Uleb(len(items)) + b"".join(items)


class Module:
    def __init__(self):
        self.types = []  # (params, results) tuples
        self.imports = []  # (module, name, type index)
        self.funcs = []  # (type index, locals [(count, type)], body bytes)
        self.exports = []  # (name, kind, index)
        self.data = []  # (offset, bytes)
        self.memory_pages = 1  # minimum size, no maximum
        self.table_size = 0  # a funcref table of this many entries when > 0 (min = max)
        self.elements = []  # (offset, [function index])
        self.globals = []  # initial values of mutable i32 globals

    def Type(self, params, results):
        t = (tuple(params), tuple(results))
        if t not in self.types:
            self.types.append(t)
        return self.types.index(t)

    def Import(self, module, name, params, results):
        assert not self.funcs, "imports come before defined functions"
        self.imports.append((module, name, self.Type(params, results)))
        return len(self.imports) - 1

    def Reserve(self, params, results):
        """Adds a function whose body is set later (so bodies can call forward); returns its index."""
        self.funcs.append([self.Type(params, results), [], None])
        return len(self.imports) + len(self.funcs) - 1

    def Define(self, index, local_types, body):
        f = self.funcs[index - len(self.imports)]
        runs = []
        for t in local_types:
            if runs and runs[-1][1] == t:
                runs[-1][0] += 1
            else:
                runs.append([1, t])
        f[1] = runs
        f[2] = body + bytes([END])

    def Export(self, name, kind, index):
        self.exports.append((name, kind, index))

    def Data(self, offset, payload):
        self.data.append((offset, payload))

    def Elements(self, offset, funcs):
        self.elements.append((offset, list(funcs)))

    def Global(self, value):
        self.globals.append(value)
        return len(self.globals) - 1

    def Encode(self):
        def Section(sid, payload):
            return bytes([sid]) + Uleb(len(payload)) + payload

        out = bytearray(b"\0asm\1\0\0\0")
        out += Section(1, Vec([bytes([0x60]) + Vec([bytes([p]) for p in ps]) +
                               Vec([bytes([r]) for r in rs]) for ps, rs in self.types]))
        out += Section(2, Vec([Name(m) + Name(n) + b"\0" + Uleb(t) for m, n, t in self.imports]))
        out += Section(3, Vec([Uleb(f[0]) for f in self.funcs]))
        if self.table_size:
            out += Section(4, Vec([bytes([0x70, 1]) + Uleb(self.table_size) * 2]))
        out += Section(5, Vec([b"\0" + Uleb(self.memory_pages)]))  # one memory, no maximum
        if self.globals:
            out += Section(6, Vec([bytes([T_I32, 1]) + I32Const(v) + bytes([END])
                                   for v in self.globals]))
        out += Section(7, Vec([Name(n) + bytes([k]) + Uleb(i) for n, k, i in self.exports]))
        if self.elements:
            out += Section(9, Vec([b"\0" + I32Const(o) + bytes([END]) + Vec([Uleb(f) for f in fs])
                                   for o, fs in self.elements]))
        code = []
        for _, runs, body in self.funcs:
            assert body is not None, "a reserved function was never defined"
            fn = Vec([Uleb(c) + bytes([t]) for c, t in runs]) + body
            code.append(Uleb(len(fn)) + fn)
        self.code_section_size = len(Vec(code))
        out += Section(10, Vec(code))
        out += Section(11, Vec([b"\0" + I32Const(o) + bytes([END]) + Uleb(len(p)) + bytes(p)
                                for o, p in self.data]))
        return bytes(out)


# Linear memory layout of the helpers: [0, 8) argc and buffer size; [16, 272) argv pointers;
# [1024, 33792) argument strings; [40000, 40100) the output line; [40100, 40108) iovec;
# [40108, 40112) bytes written. Generated code may use [49152, 65536) (SCRATCH_BASE).
SCRATCH_BASE = 49152
_LINE, _IOVEC, _NWRITTEN = 40000, 40100, 40108


def AddWasiHelpers(m, name):
    """Adds imports and two functions; returns (size_arg_index, print_index).

    size_arg(default i32) -> i32: argv[1] as a decimal number, or default when it is absent,
    not a number, or the arguments do not fit the buffers.
    print(v i64): writes "NAME: " and v as 16 hex digits and a newline to stdout.
    """
    sizes_get = m.Import("wasi_snapshot_preview1", "args_sizes_get", [T_I32, T_I32], [T_I32])
    args_get = m.Import("wasi_snapshot_preview1", "args_get", [T_I32, T_I32], [T_I32])
    fd_write = m.Import("wasi_snapshot_preview1", "fd_write", [T_I32] * 4, [T_I32])
    size_arg = m.Reserve([T_I32], [T_I32])
    print_fn = m.Reserve([T_I64], [])
    # size_arg: locals 0 = default, 1 = ptr, 2 = n, 3 = c.
    b = bytearray()
    b += I32Const(0) + I32Const(4) + Op(CALL, sizes_get) + Op(BR_IF, 0)  # errno != 0: default
    b += I32Const(0) + MemArg(I32_LOAD, 0, 2) + I32Const(2) + Op(I32_LT_U) + Op(BR_IF, 0)
    b += I32Const(0) + MemArg(I32_LOAD, 0, 2) + I32Const(64) + Op(I32_GT_U) + Op(BR_IF, 0)
    b += I32Const(4) + MemArg(I32_LOAD, 0, 2) + I32Const(32768) + Op(I32_GT_U) + Op(BR_IF, 0)
    b += I32Const(16) + I32Const(1024) + Op(CALL, args_get) + Op(BR_IF, 0)
    b += I32Const(20) + MemArg(I32_LOAD, 0, 2) + Op(LOCAL_SET, 1)
    b += Op(BLOCK, VOID) + Op(LOOP, VOID)
    b += Op(LOCAL_GET, 1) + MemArg(I32_LOAD8_U, 0, 0) + Op(LOCAL_TEE, 3) + Op(I32_EQZ) + Op(BR_IF, 1)
    b += Op(LOCAL_GET, 3) + I32Const(48) + Op(I32_SUB) + Op(LOCAL_TEE, 3) + I32Const(9)
    b += Op(I32_GT_U) + Op(BR_IF, 2)  # not a digit (wraps below '0' too): default
    b += Op(LOCAL_GET, 2) + I32Const(10) + Op(I32_MUL) + Op(LOCAL_GET, 3) + Op(I32_ADD)
    b += Op(LOCAL_SET, 2)
    b += Op(LOCAL_GET, 2) + I32Const(100000000) + Op(I32_GT_U) + Op(BR_IF, 2)  # too large
    b += Op(LOCAL_GET, 1) + I32Const(1) + Op(I32_ADD) + Op(LOCAL_SET, 1) + Op(BR, 0)
    b += bytes([END, END])
    b += Op(LOCAL_GET, 2) + Op(I32_EQZ) + Op(BR_IF, 0) + Op(LOCAL_GET, 2) + Op(RETURN)
    body = bytes([BLOCK, VOID]) + bytes(b) + bytes([END]) + Op(LOCAL_GET, 0)
    m.Define(size_arg, [T_I32] * 3, body)
    # print: local 0 = v, 1 = i, 2 = digit.
    prefix = (name + ": ").encode()
    m.Data(_LINE, prefix)
    at = _LINE + len(prefix)
    b = bytearray()
    b += Op(BLOCK, VOID) + Op(LOOP, VOID)
    b += Op(LOCAL_GET, 1) + I32Const(16) + Op(I32_EQ) + Op(BR_IF, 1)
    # digit = (v >> (60 - 4 i)) & 15
    b += Op(LOCAL_GET, 0) + I64Const(60) + Op(LOCAL_GET, 1) + I32Const(2) + Op(I32_SHL)
    b += Op(I64_EXTEND_I32_U) + Op(I64_SUB) + Op(I64_SHR_U) + I64Const(15) + Op(I64_AND)
    b += Op(I32_WRAP_I64) + Op(LOCAL_SET, 2)
    b += Op(LOCAL_GET, 1)  # store address (offset added below)
    b += Op(LOCAL_GET, 2) + I32Const(48) + Op(I32_ADD)
    b += Op(LOCAL_GET, 2) + I32Const(87) + Op(I32_ADD)
    b += Op(LOCAL_GET, 2) + I32Const(10) + Op(I32_LT_U) + bytes([SELECT])
    b += MemArg(I32_STORE8, at, 0)
    b += Op(LOCAL_GET, 1) + I32Const(1) + Op(I32_ADD) + Op(LOCAL_SET, 1) + Op(BR, 0)
    b += bytes([END, END])
    b += I32Const(0) + I32Const(10) + MemArg(I32_STORE8, at + 16, 0)
    b += I32Const(_IOVEC) + I32Const(_LINE) + MemArg(I32_STORE, 0, 2)
    b += I32Const(_IOVEC) + I32Const(len(prefix) + 17) + MemArg(I32_STORE, 4, 2)
    b += I32Const(1) + I32Const(_IOVEC) + I32Const(1) + I32Const(_NWRITTEN) + Op(CALL, fd_write)
    b += Op(DROP)
    m.Define(print_fn, [T_I32, T_I32], bytes(b))
    return size_arg, print_fn
