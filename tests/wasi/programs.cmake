# The project's own WASI programs: compiled to wasm32-wasi with clang + wasi-libc +
# libclang-rt wasm32 builtins (Debian: clang, wasi-libc, libclang-rt-14-dev-wasm32), then run
# by run_program.cmake. Skipped, saying so, when that toolchain is not installed.
if(NOT WASMRUN_HAVE_WASI_CC)
  message(STATUS "WASI programs and ABI check: skipped (no clang with a wasm32-wasi sysroot)")
  return()
endif()

# The ABI check: src/wasi/abi.h against wasi-libc's <wasi/api.h>, compiled for wasm32.
add_custom_command(
  OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/abi_check.stamp"
  COMMAND ${WASMRUN_WASI_CC} -std=c++20 -fsyntax-only
          "-I${PROJECT_SOURCE_DIR}/src" "${CMAKE_CURRENT_SOURCE_DIR}/abi_check.cc"
  COMMAND "${CMAKE_COMMAND}" -E touch "${CMAKE_CURRENT_BINARY_DIR}/abi_check.stamp"
  DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/abi_check.cc" "${PROJECT_SOURCE_DIR}/src/wasi/abi.h"
  COMMENT "Checking src/wasi/abi.h against <wasi/api.h> (wasm32-wasi)")
add_custom_target(wasi_abi_check ALL DEPENDS "${CMAKE_CURRENT_BINARY_DIR}/abi_check.stamp")

# name|expected exit status|expected stdout
set(_wr_programs
  "args_env|0|args_env ok"
  "fd_ops|0|fd_ops ok"
  "path_ops|0|path_ops ok"
  "sandbox_escape|0|sandbox_escape ok"
  "sandbox_readonly|0|sandbox_readonly ok"
  "clock_poll|0|clock_poll ok"
  "proc_exit|42|before exit")
set(_wr_wasms "")
foreach(entry ${_wr_programs})
  string(REPLACE "|" ";" fields "${entry}")
  list(GET fields 0 prog)
  list(GET fields 1 status)
  list(GET fields 2 out)
  set(wasm "${CMAKE_CURRENT_BINARY_DIR}/${prog}.wasm")
  add_custom_command(
    OUTPUT "${wasm}"
    COMMAND ${WASMRUN_WASI_CC} -O1 -Wall -Werror
            "${CMAKE_CURRENT_SOURCE_DIR}/${prog}.c" -o "${wasm}"
    DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${prog}.c" "${CMAKE_CURRENT_SOURCE_DIR}/wasi_check.h"
    COMMENT "Compiling ${prog}.c to wasm32-wasi")
  list(APPEND _wr_wasms "${wasm}")
  add_test(NAME "wasi-program/${prog}"
           COMMAND "${CMAKE_COMMAND}" "-DWASMRUN=$<TARGET_FILE:wasmrun_cli>" "-DPROGRAM=${wasm}"
                   "-DWORK_DIR=${_wr_wasi_work}" "-DEXPECTED_EXIT=${status}"
                   "-DEXPECTED_STDOUT=${out}" "-DREAD_ONLY=$<STREQUAL:${prog},sandbox_readonly>"
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/run_program.cmake")
  set_tests_properties("wasi-program/${prog}" PROPERTIES LABELS wasi TIMEOUT 90)
endforeach()
add_custom_target(wasi_programs ALL DEPENDS ${_wr_wasms})
