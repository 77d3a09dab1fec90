# Finds a C compiler for wasm32-wasi once, for every part of the build that compiles C to wasm
# (examples/, tests/wasi/, bench/). Debian: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32.
# The check is a probe: a small program must compile and link, which proves clang, wasm-ld,
# wasi-libc and the wasm32 builtins are all there.
#
#   WASMRUN_WASI_CLANG      clang (cache)
#   WASMRUN_WASI_SYSROOT    the wasi-libc sysroot (cache; Debian installs it under /usr)
#   WASMRUN_WASI_CC         the compile command prefix: clang --target=wasm32-wasi --sysroot=...
#   WASMRUN_HAVE_WASI_CC    TRUE when the probe compiled and linked
find_program(WASMRUN_WASI_CLANG NAMES clang clang-14 DOC "clang able to target wasm32-wasi")
set(WASMRUN_WASI_SYSROOT "/usr" CACHE PATH "wasi-libc sysroot (include/wasm32-wasi, lib/wasm32-wasi)")
set(WASMRUN_WASI_CC "${WASMRUN_WASI_CLANG}" --target=wasm32-wasi "--sysroot=${WASMRUN_WASI_SYSROOT}")
set(WASMRUN_HAVE_WASI_CC FALSE)
if(WASMRUN_WASI_CLANG)
  set(_wr_probe "${CMAKE_BINARY_DIR}/wasi_probe.c")
  file(WRITE "${_wr_probe}"
       "#include <wasi/api.h>\n#include <stdio.h>\nint main(void){puts(\"\");return 0;}\n")
  execute_process(COMMAND ${WASMRUN_WASI_CC} -O1 "${_wr_probe}" -o "${CMAKE_BINARY_DIR}/wasi_probe.wasm"
                  RESULT_VARIABLE _wr_probe_status OUTPUT_QUIET ERROR_QUIET)
  if(_wr_probe_status EQUAL 0)
    set(WASMRUN_HAVE_WASI_CC TRUE)
  endif()
endif()
if(WASMRUN_HAVE_WASI_CC)
  message(STATUS "wasm32-wasi C compiler: ${WASMRUN_WASI_CLANG} (sysroot ${WASMRUN_WASI_SYSROOT})")
else()
  message(STATUS "wasm32-wasi C compiler: not found (clang, lld, wasi-libc and "
                 "libclang-rt-14-dev-wasm32 are needed); C-to-wasm examples, tests and benchmarks "
                 "are skipped")
endif()
