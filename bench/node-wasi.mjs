#!/usr/bin/env node
// A minimal WASI preview1 runner on node's built-in `wasi` module, so bench/run can compare
// against V8:  node-wasi.mjs PROGRAM.wasm [ARGS...]
// No directories are preopened (the benchmark programs need none). Exits with the program's
// exit code. Node prints an "ExperimentalWarning" for `wasi` on stderr; it is silenced here so
// the runner's stderr stays clean.
import { readFile } from 'node:fs/promises';
import { argv, exit, env } from 'node:process';
import process from 'node:process';

process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

if (argv.length < 3) {
  console.error('usage: node-wasi.mjs PROGRAM.wasm [ARGS...]');
  exit(2);
}
const path = argv[2];
const wasi = new WASI({ version: 'preview1', args: [path, ...argv.slice(3)], env, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance) ?? 0);
