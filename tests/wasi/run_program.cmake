# Runs one of the project's WASI test programs in a fresh sandbox:
#   cmake -DWASMRUN=... -DPROGRAM=x.wasm -DWORK_DIR=... [-DEXPECTED_EXIT=n]
#         [-DEXPECTED_STDOUT=text] -P run_program.cmake
# Layout: WORK_DIR/<name>-<random>/{root/, outside.txt}; root/ is preopened as "/". After the
# run, outside.txt must be unchanged and nothing else may have appeared beside root/.
cmake_minimum_required(VERSION 3.21)
get_filename_component(name "${PROGRAM}" NAME_WE)
string(RANDOM LENGTH 8 suffix)
set(scratch "${WORK_DIR}/${name}-${suffix}")
file(MAKE_DIRECTORY "${scratch}/root")
file(WRITE "${scratch}/outside.txt" "secret")
if(NOT DEFINED EXPECTED_EXIT)
  set(EXPECTED_EXIT 0)
endif()

execute_process(
  COMMAND "${WASMRUN}" --dir "${scratch}/root::/" --env WR_TEST_VAR=a=b "${PROGRAM}"
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
file(REMOVE_RECURSE "${scratch}")
if(problems)
  message(FATAL_ERROR "${name}: ${problems}--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}")
endif()
