// Runs main(args...) of a WasmGC module on node: node node-run.mjs MODULE.wasm ARGS...
// (bench/gc/run --node).
import fs from 'fs';
const [file, ...args] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(fs.readFileSync(file));
console.log(String(instance.exports.main(...args.map(Number))));
