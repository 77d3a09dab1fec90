# One CLI test: runs wasmrun with ARGS ('|'-separated) and checks the exit status and,
# when given, regular expressions that stdout / stderr must match.
#   cmake -DWASMRUN=... -DARGS="a|b" -DEXIT=n [-DSTDOUT=re] [-DSTDERR=re] -P run_cli_case.cmake
cmake_minimum_required(VERSION 3.21)
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND "${WASMRUN}" ${args}
                INPUT_FILE /dev/null
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
set(problems "")
if(NOT "${status}" STREQUAL "${EXIT}")
  string(APPEND problems "exit status ${status}, expected ${EXIT}\n")
endif()
if(DEFINED STDOUT AND NOT out MATCHES "${STDOUT}")
  string(APPEND problems "stdout does not match [${STDOUT}]\n")
endif()
if(DEFINED STDERR AND NOT err MATCHES "${STDERR}")
  string(APPEND problems "stderr does not match [${STDERR}]\n")
endif()
if(problems)
  message(FATAL_ERROR "${problems}--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
