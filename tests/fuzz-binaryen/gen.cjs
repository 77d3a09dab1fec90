// Module generator of the binaryen differential fuzzer:
//   node gen.cjs WASM_OPT JOBS
// JOBS has one line per module: "SEED PROFILE OUT.wasm". For each, random bytes derived from
// SEED go through `wasm-opt -ttf` with the feature flags of PROFILE (profiles.json next to this
// file). wasm-opt (binaryen's npm build, an Emscripten program) is loaded once and its main()
// called per module: starting it costs seconds, a call a few milliseconds. Prints one line per
// job: "ok OUT" or "fail OUT <reason>".
'use strict';
const fs = require('fs');
const path = require('path');
const NodeModule = require('module');

const [wasmOpt, jobsFile] = process.argv.slice(2);
const profiles = JSON.parse(fs.readFileSync(path.join(__dirname, 'profiles.json'), 'utf8'));

// Flags on every module: deterministic NaNs (--denan); only imports and exports that JS can
// call with null arguments (--legalize-and-prune-js-interface drops the ones with v128,
// exnref or multi-value results, and turns i64 into i32 pairs); exceptions in the 3.0 form
// (-ttf also emits the legacy try/catch, which V8 rejects mixed with try_table and wasmrun
// does not implement: --emit-exnref rewrites it).
const kCommon = ['--denan', '--legalize-and-prune-js-interface', '--emit-exnref'];

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function readLeb(buf, pos) {
  let result = 0, shift = 0, b;
  do {
    b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [result, pos];
}

// Replaces the name section by one that names function i "f<i>", so that wasmrun's side can
// tell which function a funcref is (Func::name()) and look its full signature up in the
// module: its public API reports every reference type as funcref or externref, and JS rejects
// calls to functions with non-nullable or exnref parameters (runner.cc, JsCallable).
function nameFunctions(file) {
  const bytes = fs.readFileSync(file);
  const kept = [bytes.subarray(0, 8)];
  let functions = 0;
  for (let pos = 8; pos < bytes.length;) {
    const start = pos;
    const id = bytes[pos++];
    let size;
    [size, pos] = readLeb(bytes, pos);
    const end = pos + size;
    if (id === 0) {
      const [len, p] = readLeb(bytes, pos);
      if (bytes.toString('latin1', p, p + len) === 'name') {
        pos = end;
        continue;
      }
    }
    if (id === 3) functions += readLeb(bytes, pos)[0];
    kept.push(bytes.subarray(start, end));
    pos = end;
  }
  functions += WebAssembly.Module.imports(new WebAssembly.Module(bytes))
                   .filter((i) => i.kind === 'function').length;
  const map = [...leb(functions)];
  for (let i = 0; i < functions; i++) {
    const name = Buffer.from('f' + i);
    map.push(...leb(i), ...leb(name.length), ...name);
  }
  const body = [...leb(4), ...Buffer.from('name'), 1, ...leb(map.length), ...map];
  kept.push(Buffer.from([0, ...leb(body.length), ...body]));
  fs.writeFileSync(file, Buffer.concat(kept));
}

// splitmix64: the same bytes for the same seed, on every machine.
function randomBytes(seed) {
  let s = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n);
  const next = () => {
    s = BigInt.asUintN(64, s + 0x9e3779b97f4a7c15n);
    let z = s;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const size = 1024 + Number(next() % 11264n);
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 8) {
    let v = next();
    for (let j = 0; j < 8 && i + j < size; j++, v >>= 8n) out[i + j] = Number(v & 0xffn);
  }
  return out;
}

function loadWasmOpt(file) {
  let src = fs.readFileSync(file, 'utf8');
  if (src.startsWith('#!')) src = '//' + src;
  // Keep main() from running at load, silence its output, and hand out callMain.
  src = 'var Module = {noInitialRun: true, print: () => {}, printErr: (s) => { lastError = s; }};\n' +
        'var lastError = "";\n' + src +
        '\n;module.exports = {callMain, lastError: () => lastError,' +
        ' ready: new Promise((r) => { Module.onRuntimeInitialized = r; })};\n';
  const m = new NodeModule(file, module);
  m.filename = file;
  m.paths = NodeModule._nodeModulePaths(path.dirname(file));
  m._compile(src, file);
  return m.exports;
}

const w = loadWasmOpt(wasmOpt);
w.ready.then(() => {
  const out = [];
  for (const line of fs.readFileSync(jobsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [seed, profile, file] = line.split(' ');
    const flags = profiles[profile];
    if (!flags) {
      out.push(`fail ${file} unknown profile ${profile}`);
      continue;
    }
    const input = file + '.dat';
    fs.writeFileSync(input, randomBytes(seed));
    let rc;
    try {
      rc = w.callMain([input, '-ttf', ...flags, ...kCommon, '-o', file]);
    } catch (e) {
      rc = String(e);
    }
    fs.rmSync(input, {force: true});
    if (rc === 0 && fs.existsSync(file)) {
      try {
        nameFunctions(file);
      } catch (e) {
        rc = 'naming functions: ' + e;
      }
    }
    out.push(rc === 0 && fs.existsSync(file) ? `ok ${file}` :
                                               `fail ${file} wasm-opt: ${rc} ${w.lastError()}`);
  }
  process.stdout.write(out.join('\n') + '\n');
});
