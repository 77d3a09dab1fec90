# Runs one WebAssembly/wasi-testsuite case with wasmrun, as the suite's wasmtime adapter does:
#   cmake -DWASMRUN=... -DTEST_WASM=dir/name.wasm -DWORK_DIR=... -P run_testsuite_case.cmake
# dir/name.json (optional) gives "args", "env", "root" (a fixture folder beside the test,
# preopened as "/"), "exit_code" (default 0) and "stdout" (compared exactly when present).
# The fixture is copied to a fresh directory under WORK_DIR first (the suite is read-only and
# tests write into it) and removed afterwards.
cmake_minimum_required(VERSION 3.21)

get_filename_component(dir "${TEST_WASM}" DIRECTORY)
get_filename_component(name "${TEST_WASM}" NAME_WE)
set(spec_file "${dir}/${name}.json")

set(args "")
set(env_flags "")
set(root "")
set(expected_exit 0)
set(has_stdout FALSE)
set(expected_stdout "")
if(EXISTS "${spec_file}")
  file(READ "${spec_file}" spec)
  string(JSON n ERROR_VARIABLE err LENGTH "${spec}" args)
  if(NOT err AND n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON a GET "${spec}" args ${i})
      list(APPEND args "${a}")
    endforeach()
  endif()
  string(JSON n ERROR_VARIABLE err LENGTH "${spec}" env)
  if(NOT err AND n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON key MEMBER "${spec}" env ${i})
      string(JSON value GET "${spec}" env "${key}")
      list(APPEND env_flags "--env" "${key}=${value}")
    endforeach()
  endif()
  string(JSON r ERROR_VARIABLE err GET "${spec}" root)
  if(NOT err)
    set(root "${r}")
  endif()
  string(JSON code ERROR_VARIABLE err GET "${spec}" exit_code)
  if(NOT err)
    set(expected_exit "${code}")
  endif()
  string(JSON out ERROR_VARIABLE err GET "${spec}" stdout)
  if(NOT err)
    set(has_stdout TRUE)
    set(expected_stdout "${out}")
  endif()
endif()

set(dir_flags "")
set(scratch "")
if(root)
  string(RANDOM LENGTH 8 suffix)
  set(scratch "${WORK_DIR}/${name}-${suffix}")
  file(MAKE_DIRECTORY "${scratch}")
  # NO_SOURCE_PERMISSIONS: the copy is writable even though the suite is read-only.
  file(COPY "${dir}/${root}" DESTINATION "${scratch}" NO_SOURCE_PERMISSIONS)
  list(APPEND dir_flags "--dir" "${scratch}/${root}::/")
endif()

execute_process(
  COMMAND "${WASMRUN}" ${env_flags} ${dir_flags} "${TEST_WASM}" -- ${args}
  INPUT_FILE /dev/null
  RESULT_VARIABLE status
  OUTPUT_VARIABLE stdout
  ERROR_VARIABLE stderr
  TIMEOUT 60)

if(scratch)
  file(REMOVE_RECURSE "${scratch}")
endif()

set(problems "")
if(NOT "${status}" STREQUAL "${expected_exit}")
  string(APPEND problems "exit status ${status}, expected ${expected_exit}\n")
endif()
if(has_stdout AND NOT "${stdout}" STREQUAL "${expected_stdout}")
  string(APPEND problems "stdout differs: expected [${expected_stdout}]\n")
endif()
if(problems)
  message(FATAL_ERROR "${name}: ${problems}--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}")
endif()
