# Runs wasmrun COUNT times with ARGS ('|'-separated); every run must exit 0 with stdout
# matching STDOUT.
#   cmake -DWASMRUN=... -DARGS="a|b" -DCOUNT=n -DSTDOUT=re -P run_repeat.cmake
cmake_minimum_required(VERSION 3.21)
string(REPLACE "|" ";" args "${ARGS}")
foreach(i RANGE 1 ${COUNT})
  execute_process(COMMAND "${WASMRUN}" ${args}
                  INPUT_FILE /dev/null
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT "${status}" STREQUAL "0" OR NOT out MATCHES "${STDOUT}")
    message(FATAL_ERROR "run ${i} of ${COUNT}: exit status ${status}\n"
                        "--- stdout ---\n${out}\n--- stderr ---\n${err}")
  endif()
endforeach()
message(STATUS "${COUNT} runs, all exact")
