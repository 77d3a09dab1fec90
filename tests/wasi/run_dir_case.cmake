# One wasmrun run over a fresh scratch directory:
#   cmake -DWASMRUN=... -DWORK_DIR=... -DARGS="a|b" -DEXIT=n [-DSTDOUT=re] [-DSTDERR=re]
#         [-DPROBE=yes|no] -P run_dir_case.cmake
# The scratch directory holds data.txt ("0123456789") and sub/; "@DIR@" in ARGS stands for it.
# PROBE: whether a directory "probe" must (yes) or must not (no) exist in it afterwards.
cmake_minimum_required(VERSION 3.21)
string(RANDOM LENGTH 8 suffix)
set(scratch "${WORK_DIR}/dircase-${suffix}")
file(MAKE_DIRECTORY "${scratch}/sub")
file(WRITE "${scratch}/data.txt" "0123456789")
string(REPLACE "@DIR@" "${scratch}" args "${ARGS}")
string(REPLACE "|" ";" args "${args}")
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
if(PROBE STREQUAL "yes" AND NOT IS_DIRECTORY "${scratch}/probe")
  string(APPEND problems "the guest could not make probe/\n")
elseif(PROBE STREQUAL "no" AND EXISTS "${scratch}/probe")
  string(APPEND problems "the guest made probe/ in a read-only directory\n")
endif()
file(READ "${scratch}/data.txt" data)
if(NOT data STREQUAL "0123456789")
  string(APPEND problems "data.txt changed\n")
endif()
file(REMOVE_RECURSE "${scratch}")
if(problems)
  message(FATAL_ERROR "${problems}--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
