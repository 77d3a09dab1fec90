// Differential-test harness, V8 side: node harness.cjs JOBS
//
// JOBS is a text file of lines
//   module PATH
//   call NAME RESULT_TYPES ARGS...     (RESULT_TYPES: comma-separated, or "-" for none;
//                                       ARGS: type:hex bit patterns, e.g. i32:0000002a)
// For every call it instantiates the latest module afresh (so calls do not share memory or
// globals), calls the export, and prints one line (see values.h): "ok TYPE:HEX...",
// "trap <spec message>" or "error <text>".
'use strict';
const fs = require('fs');

const dv = new DataView(new ArrayBuffer(8));

function toArg(tok) {
  const [type, hex] = tok.split(':');
  switch (type) {
    case 'i32': return parseInt(hex, 16) | 0;
    case 'i64': return BigInt.asIntN(64, BigInt('0x' + hex));
    case 'f32': dv.setUint32(0, parseInt(hex, 16)); return dv.getFloat32(0);
    case 'f64': dv.setBigUint64(0, BigInt('0x' + hex)); return dv.getFloat64(0);
  }
  throw new Error('bad arg ' + tok);
}

function fmt(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v >>> 0).toString(16).padStart(8, '0');
    case 'i64': return 'i64:' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
    case 'f32':
      dv.setFloat32(0, v);
      return 'f32:' + dv.getUint32(0).toString(16).padStart(8, '0');
    case 'f64':
      dv.setFloat64(0, v);
      return 'f64:' + dv.getBigUint64(0).toString(16).padStart(16, '0');
  }
  throw new Error('bad result type ' + type);
}

// V8's trap messages -> the spec's.
const kTraps = [
  ['unreachable', 'unreachable'],
  ['divide by zero', 'integer divide by zero'],
  ['remainder by zero', 'integer divide by zero'],
  ['divide result unrepresentable', 'integer overflow'],
  // V8 does not tell NaN ("invalid conversion to integer") from out of range ("integer
  // overflow"); values.cc accepts either spec message for this one.
  ['float unrepresentable in integer range', 'float unrepresentable in integer range'],
  ['memory access out of bounds', 'out of bounds memory access'],
  ['table index is out of bounds', 'undefined element'],
  // V8 says this for a null entry ("uninitialized element") too; the generator makes none.
  ['function signature mismatch', 'indirect call type mismatch'],
];

function trapLine(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    for (const [v8, spec] of kTraps) {
      if (e.message.includes(v8)) return 'trap ' + spec;
    }
    return 'trap ' + e.message;
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'trap call stack exhausted';
  return 'error ' + String(e && e.message || e).replace(/\s+/g, ' ');
}

const out = [];
let wasmModule = null;
let moduleError = null;
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line === '') continue;
  const parts = line.split(' ');
  if (parts[0] === 'module') {
    wasmModule = null;
    moduleError = null;
    try {
      wasmModule = new WebAssembly.Module(fs.readFileSync(parts[1]));
    } catch (e) {
      moduleError = 'error compile: ' + String(e.message).replace(/\s+/g, ' ');
    }
    continue;
  }
  if (moduleError) {
    out.push(moduleError);
    continue;
  }
  const name = parts[1];
  const types = parts[2] === '-' ? [] : parts[2].split(',');
  const args = parts.slice(3).map(toArg);
  try {
    const inst = new WebAssembly.Instance(wasmModule, {});
    const r = inst.exports[name](...args);
    const values = types.length === 1 ? [r] : types.length === 0 ? [] : r;
    out.push(['ok', ...types.map((t, i) => fmt(t, values[i]))].join(' '));
  } catch (e) {
    out.push(trapLine(e));
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
