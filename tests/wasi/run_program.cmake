# Runs one of the project's WASI test programs in a fresh sandbox:
#   cmake -DWASMRUN=... -DPROGRAM=x.wasm -DWORK_DIR=... [-DEXPECTED_EXIT=n]
#         [-DEXPECTED_STDOUT=text] [-DREAD_ONLY=1] -P run_program.cmake
# Layout: WORK_DIR/<name>-<random>/{root/, outside.txt}; root/ is preopened as "/". After the
# run, outside.txt must be unchanged and nothing else may have appeared beside root/.
cmake_minimum_required(VERSION 3.21)
get_filename_component(name "${PROGRAM}" NAME_WE)
string(RANDOM LENGTH 8 suffix)
set(scratch "${WORK_DIR}/${name}-${suffix}")
file(MAKE_DIRECTORY "${scratch}/root")
file(WRITE "${scratch}/outside.txt" "secret")
# sandbox_escape finds symlinks out of the sandbox that the host left in it (a guest may not
# make such links).
if(name STREQUAL "sandbox_escape")
  file(CREATE_LINK "../outside.txt" "${scratch}/root/out" SYMBOLIC)
  file(CREATE_LINK ".." "${scratch}/root/up" SYMBOLIC)
  file(MAKE_DIRECTORY "${scratch}/root/deep")
  file(CREATE_LINK "../../.." "${scratch}/root/deep/upup" SYMBOLIC)
endif()
# READ_ONLY=1: the sandbox is preopened read-only, with files that must stay as they are.
set(dir_flag "${scratch}/root::/")
if(READ_ONLY)
  file(WRITE "${scratch}/root/file.txt" "original")
  file(MAKE_DIRECTORY "${scratch}/root/sub")
  file(WRITE "${scratch}/root/sub/inner.txt" "inner")
  set(dir_flag "${scratch}/root::/:ro")
endif()
if(NOT DEFINED EXPECTED_EXIT)
  set(EXPECTED_EXIT 0)
endif()

execute_process(
  COMMAND "${WASMRUN}" --dir "${dir_flag}" --env WR_TEST_VAR=a=b "${PROGRAM}"
          -- one "two words"
  INPUT_FILE /dev/null
  RESULT_VARIABLE status
  OUTPUT_VARIABLE stdout
  ERROR_VARIABLE stderr
  TIMEOUT 60)

set(problems "")
if(NOT "${status}" STREQUAL "${EXPECTED_EXIT}")
  string(APPEND problems "exit status ${status}, expected ${EXPECTED_EXIT}\n")
endif()
if(DEFINED EXPECTED_STDOUT AND NOT "${stdout}" STREQUAL "${EXPECTED_STDOUT}\n")
  string(APPEND problems "stdout differs: expected [${EXPECTED_STDOUT}]\n")
endif()
file(READ "${scratch}/outside.txt" outside)
if(NOT outside STREQUAL "secret")
  string(APPEND problems "the file outside the sandbox was changed\n")
endif()
file(GLOB beside RELATIVE "${scratch}" "${scratch}/*")
list(SORT beside)
if(NOT "${beside}" STREQUAL "outside.txt;root")
  string(APPEND problems "files appeared outside the sandbox: ${beside}\n")
endif()
if(READ_ONLY)
  file(GLOB_RECURSE inside RELATIVE "${scratch}/root" LIST_DIRECTORIES true "${scratch}/root/*")
  list(SORT inside)
  if(NOT "${inside}" STREQUAL "file.txt;sub;sub/inner.txt")
    string(APPEND problems "the read-only sandbox changed: ${inside}\n")
  endif()
  file(READ "${scratch}/root/file.txt" content)
  file(READ "${scratch}/root/sub/inner.txt" inner)
  if(NOT content STREQUAL "original" OR NOT inner STREQUAL "inner")
    string(APPEND problems "a file in the read-only sandbox changed\n")
  endif()
endif()
file(REMOVE_RECURSE "${scratch}")
if(problems)
  message(FATAL_ERROR "${name}: ${problems}--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}")
endif()
