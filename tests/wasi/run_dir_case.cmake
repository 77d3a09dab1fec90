# One wasmrun run over a fresh scratch directory:
#   cmake -DWASMRUN=... -DWORK_DIR=... -DARGS="a|b" -DEXIT=n [-DSTDOUT=re] [-DSTDERR=re]
#         [-DPROBE=yes|no] -P run_dir_case.cmake
# The scratch directory holds data.txt ("0123456789") and sub/; "@DIR@" in ARGS stands for it.
# PROBE: whether a directory "probe" must (yes) or must not (no) exist in it afterwards.
cmake_minimum_required(VERSION 3.21)
include("${CMAKE_CURRENT_LIST_DIR}/../cli/run_and_check.cmake")
string(RANDOM LENGTH 8 suffix)
set(scratch "${WORK_DIR}/dircase-${suffix}")
file(MAKE_DIRECTORY "${scratch}/sub")
file(WRITE "${scratch}/data.txt" "0123456789")
string(REPLACE "@DIR@" "${scratch}" args "${ARGS}")
string(REPLACE "|" ";" args "${args}")
set(problems "")
wr_run_and_check(${args})
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
