// The oracle of the binaryen differential fuzzer: runs modules in node (V8) and writes the log
// that wasmrun's side (runner.cc) must reproduce line for line.
//   node --experimental-wasm-type-reflection oracle.cjs LIST
// LIST has one module path per line; the log of M.wasm is written to M.wasm.v8.log.
//
// The "fuzzing-support" imports follow binaryen's ABI (scripts/fuzz_shell.js in binaryen), with
// one deliberate change, because wasmrun's public API cannot raise a wasm exception from a
// host function: every JS exception that a host import would let through into the calling
// wasm (call-export and call-ref whose callee throws or cannot be called, table-get/table-set
// out of bounds) is turned into a trap, which wasm cannot catch. The `throw` import keeps its
// meaning (wasmrun's side implements it in wasm). See README.md for the log format.
'use strict';
const fs = require('fs');

// A module whose export "trap" executes `unreachable`: V8 marks the RuntimeError it throws as
// uncatchable by wasm, also when JS rethrows it through an import.
const trapper = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
  0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 0x74, 0x72, 0x61, 0x70, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03,
  0x00, 0x00, 0x0b,
]))).exports.trap;

const f64 = new DataView(new ArrayBuffer(8));

// Numbers: integers exactly representable print in decimal, anything else as the bits of the
// double (i32 and f32 values convert to double exactly, so wasmrun's side prints the same).
function fmtNum(x) {
  if (Number.isNaN(x)) return 'nan';
  if (Object.is(x, -0)) return '-0';
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 53) return String(x);
  f64.setFloat64(0, x);
  return '0x' + f64.getBigUint64(0).toString(16);
}

// References: wasmrun's public API does not show an i31 or a GC object as such, so only null,
// function, the JS error of throw(0), and any other reference are told apart.
function fmtRef(x) {
  if (x === null || x === undefined) return 'null';
  if (typeof x === 'function') return 'func';
  if (x instanceof Error) return 'jserror';
  return 'ref';
}

function isRefType(t) {
  return !['i32', 'i64', 'f32', 'f64', 'v128'].includes(t);
}

function fmtTyped(type, x) {
  if (isRefType(type)) return fmtRef(x);
  if (typeof x === 'bigint') return x.toString() + 'n';
  return fmtNum(x);
}

// V8's trap messages -> the classes runner.cc gives wasmrun's trap kinds. Coarse where V8
// does not tell the spec's cases apart (one message for an integer overflow and a failed
// float conversion; one for a null entry and a signature mismatch in call_indirect).
const kTrapClasses = [
  [/unreachable/, 'unreachable'],
  [/divide by zero|remainder by zero/, 'div0'],
  [/divide result unrepresentable|float unrepresentable/, 'int-overflow'],
  [/memory access out of bounds|data segment out of bounds/, 'memory'],
  [/table index is out of bounds|element segment out of bounds/, 'table'],
  // call_indirect: "null function or function signature mismatch", or (V8 14, a null entry)
  // just "null function".
  [/function signature mismatch|^null function$/, 'indirect'],
  [/null/, 'null'],
  [/illegal cast/, 'cast'],
  [/array element access out of bounds/, 'array'],
];

// The outcome class of an exception at the top level or at a host boundary.
function classify(e) {
  const text = String(e && e.message || e);
  // A host limit first: V8 reports "requested new array is too large" as a RuntimeError.
  if (/out of memory|too large|could not allocate/i.test(text)) return 'hostlimit';
  if (e instanceof WebAssembly.RuntimeError) {
    for (const [re, cls] of kTrapClasses) {
      if (re.test(text)) return 'trap ' + cls;
    }
    return 'trap other: ' + text.replace(/\s+/g, ' ');
  }
  if (e instanceof RangeError && /call stack/i.test(text)) return 'stack';
  return 'exception';
}

// fuzz_shell.js's payload of an imported global: the sum of the name characters mod 251.
function globalPayload(mod, name) {
  let payload = 0;
  for (const c of mod + name) payload = (payload + c.charCodeAt(0)) % 251;
  return payload;
}

function runModule(file) {
  const log = [];
  let bytes, module;
  try {
    bytes = fs.readFileSync(file);
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    log.push('compile error');
    return log;
  }
  const exportDescs = WebAssembly.Module.exports(module);
  const exportList = [];  // the instance's exports, in module order, as call-export sees them
  let table = null;
  let tempRet0 = 0;

  // Calls a function the way fuzz_shell does: null for every parameter.
  const callNull = (f) => f(...new Array(f.length).fill(null));

  // call-export / call-ref: anything but a trap or a host limit escaping `f` becomes a trap.
  const callNoCatch = (f) => {
    try {
      if (typeof f !== 'function') throw new TypeError('not a function');
      callNull(f);
    } catch (e) {
      const c = classify(e);
      if (c !== 'exception') throw e;
      log.push('host-exception-to-trap');
      trapper();
    }
  };
  // call-export-catch / call-ref-catch: 1 when a (non-trap) exception was caught.
  const callCatch = (f) => {
    try {
      if (typeof f !== 'function') throw new TypeError('not a function');
      callNull(f);
      return 0;
    } catch (e) {
      if (classify(e) !== 'exception') throw e;
      return 1;
    }
  };
  const exportAt = (index) => (index >= 0 && index < exportList.length ? exportList[index] : null);
  const checkedIndex = (index) => {
    const i = index >>> 0;
    if (!table || i >= Number(table.length)) {
      log.push('host-exception-to-trap');
      trapper();
    }
    return typeof table.length === 'bigint' ? BigInt(i) : i;
  };

  const support = {
    'throw': (which) => {
      log.push(`throw ${which}`);
      if (!which) throw new Error('js exception');
      throw new WebAssembly.Exception(support.wasmtag, [which]);
    },
    'table-get': (index) => {
      log.push(`table-get ${index}`);
      const i = checkedIndex(index);  // first: before the start function ends, no table
      return table.get(i);
    },
    'table-set': (index, value) => {
      log.push(`table-set ${index} ${fmtRef(value)}`);
      const i = checkedIndex(index);
      table.set(i, value);
    },
    'call-export': (index, flags) => {
      log.push(`call-export ${index}`);
      callNoCatch(exportAt(index));
    },
    'call-export-catch': (index) => {
      log.push(`call-export-catch ${index}`);
      return callCatch(exportAt(index));
    },
    'call-ref': (ref, flags) => {
      log.push(`call-ref ${fmtRef(ref)}`);
      callNoCatch(ref);
    },
    'call-ref-catch': (ref) => {
      log.push(`call-ref-catch ${fmtRef(ref)}`);
      return callCatch(ref);
    },
    'sleep': (ms, id) => {
      log.push(`sleep ${ms} ${id}`);
      return id;
    },
    'log-branch': (actual, expected, id) => {
      log.push(`log-branch ${actual} ${expected} ${id}`);
      return actual;
    },
    'wasmtag': new WebAssembly.Tag({parameters: ['i32']}),
    'jstag': WebAssembly.JSTag,
  };
  const imports = {'fuzzing-support': {}, 'env': {}, '__fuzz_import': {}};
  for (const imp of WebAssembly.Module.imports(module)) {
    const {module: mod, name, kind} = imp;
    if (mod === 'fuzzing-support' && name.startsWith('log-') && kind === 'function') {
      const types = imp.type.parameters;
      imports[mod][name] = (...args) => {
        log.push(['log', ...args.map((a, i) => fmtTyped(types[i], a))].join(' '));
      };
    } else if (mod === 'fuzzing-support' && name in support) {
      imports[mod][name] = support[name];
    } else if (mod === 'env' && name === 'setTempRet0') {
      imports[mod][name] = (x) => { tempRet0 = x; };
    } else if (mod === 'env' && name === 'getTempRet0') {
      imports[mod][name] = () => tempRet0;
    } else if (mod === '__fuzz_import' && kind === 'global') {
      // Imported externref globals (some non-nullable): fuzz_shell.js gives an object with a
      // payload; wasmrun's public API cannot make a global that holds a host reference, so
      // both sides hold the payload as a number (V8: a JS number; wasmrun: an externalized
      // i31, which is what V8 makes of a small integer too).
      imports[mod][name] = globalPayload(mod, name);
    } else {
      log.push(`unknown import ${mod} ${name}`);
      return log;
    }
  }

  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    log.push(e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError ?
                 'instantiate error' :
                 `instantiate ${classify(e)}`);
    return log;
  }
  log.push('instantiate ok');
  for (const d of exportDescs) exportList.push(instance.exports[d.name]);
  if (exportDescs.some((d) => d.name === 'table' && d.kind === 'table')) {
    table = instance.exports.table;
  }

  for (let i = 0; i < exportDescs.length; i++) {
    const d = exportDescs[i];
    const value = exportList[i];
    if (d.kind === 'global') {
      log.push(`export ${d.name}`);
      log.push(`global ${fmtTyped(d.type.value, value.value)}`);
      continue;
    }
    if (d.kind !== 'function') continue;
    log.push(`export ${d.name}`);
    try {
      const r = callNull(value);
      const results = d.type.results;
      const values = results.length === 1 ? [r] : results.length === 0 ? [] : r;
      log.push(['result', ...results.map((t, k) => fmtTyped(t, values[k]))].join(' '));
    } catch (e) {
      const c = classify(e);
      log.push(c);
      if (c === 'stack' || c === 'hostlimit') break;  // the rest of the module is not compared
    }
  }
  return log;
}

for (const file of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!file) continue;
  let log;
  try {
    log = runModule(file);
  } catch (e) {
    log = [`harness error ${String(e && e.message || e).replace(/\s+/g, ' ')}`];
  }
  fs.writeFileSync(file + '.v8.log', log.join('\n') + '\n');
}
