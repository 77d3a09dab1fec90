# One CLI test: runs wasmrun with ARGS ('|'-separated) and checks the exit status and,
# when given, regular expressions that stdout / stderr must match.
#   cmake -DWASMRUN=... -DARGS="a|b" -DEXIT=n [-DSTDOUT=re] [-DSTDERR=re] -P run_cli_case.cmake
cmake_minimum_required(VERSION 3.21)
include("${CMAKE_CURRENT_LIST_DIR}/run_and_check.cmake")
string(REPLACE "|" ";" args "${ARGS}")
set(problems "")
wr_run_and_check(${args})
if(problems)
  message(FATAL_ERROR "${problems}--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
