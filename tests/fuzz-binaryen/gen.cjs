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
    out.push(rc === 0 && fs.existsSync(file) ? `ok ${file}` :
                                               `fail ${file} wasm-opt: ${rc} ${w.lastError()}`);
  }
  process.stdout.write(out.join('\n') + '\n');
});
