# CLI tests of WASI for hosts (label `wasi`): --dir's read-only spelling and wasi_unstable
# (preview 0) modules, one WAT module per ABI difference (preview0/*.wat).
set(_wr_p0 "${CMAKE_CURRENT_SOURCE_DIR}/preview0")
set(_wr_probe "${CMAKE_CURRENT_SOURCE_DIR}/dir_probe.wat")

# wr_dir_test(NAME EXIT n ARGS ... [STDOUT re] [STDERR re] [PROBE yes|no])
function(wr_dir_test name)
  cmake_parse_arguments(ARG "" "EXIT;STDOUT;STDERR;PROBE" "ARGS" ${ARGN})
  list(JOIN ARG_ARGS "|" joined)
  set(defs "-DWASMRUN=$<TARGET_FILE:wasmrun_cli>" "-DWORK_DIR=${_wr_wasi_work}"
           "-DARGS=${joined}" "-DEXIT=${ARG_EXIT}")
  foreach(opt STDOUT STDERR PROBE)
    if(DEFINED ARG_${opt})
      list(APPEND defs "-D${opt}=${ARG_${opt}}")
    endif()
  endforeach()
  add_test(NAME "wasi-host/${name}" COMMAND "${CMAKE_COMMAND}" ${defs}
           -P "${CMAKE_CURRENT_SOURCE_DIR}/run_dir_case.cmake")
  set_tests_properties("wasi-host/${name}" PROPERTIES LABELS wasi TIMEOUT 60)
endfunction()

# --dir HOST[::GUEST][:ro]: a trailing ":ro" is the flag; ":rw" keeps a name ending in ":ro".
wr_dir_test(dir_writable EXIT 0 ARGS --dir @DIR@::/d ${_wr_probe} STDOUT "^/d\n$" PROBE yes)
wr_dir_test(dir_ro EXIT 63 ARGS --dir @DIR@::/d:ro ${_wr_probe} STDOUT "^/d\n$" PROBE no)
wr_dir_test(dir_ro_equals EXIT 63 ARGS --dir=@DIR@::/data:ro ${_wr_probe} STDOUT "^/data\n$"
            PROBE no)
wr_dir_test(dir_ro_bare_host EXIT 63 ARGS --dir @DIR@:ro ${_wr_probe} STDOUT "dircase-.*\n$"
            PROBE no)
wr_dir_test(dir_rw_keeps_ro_name EXIT 0 ARGS --dir @DIR@::/x:ro:rw ${_wr_probe}
            STDOUT "^/x:ro\n$" PROBE yes)
wr_dir_test(dir_rw_explicit EXIT 0 ARGS --dir @DIR@::/x:rw ${_wr_probe} STDOUT "^/x\n$" PROBE yes)
wr_dir_test(dir_double_colon_ro EXIT 2 ARGS --dir @DIR@::/d::ro ${_wr_probe}
            STDERR "--dir: bad value .*:rw" PROBE no)
wr_dir_test(dir_empty_guest_ro EXIT 2 ARGS --dir @DIR@:::ro ${_wr_probe} STDERR "--dir" PROBE no)

# wasi_unstable: one module per ABI difference, each checking the bytes the guest sees.
wr_dir_test(preview0_fd_seek EXIT 0 ARGS --dir @DIR@::/ ${_wr_p0}/fd_seek.wat)
wr_dir_test(preview0_filestat EXIT 0 ARGS --dir @DIR@::/ ${_wr_p0}/filestat.wat)
wr_dir_test(preview0_poll_oneoff EXIT 0 ARGS ${_wr_p0}/poll_oneoff.wat)
wr_dir_test(preview0_hello EXIT 42 ARGS ${_wr_p0}/hello.wat x
            STDOUT "^hello from wasi_unstable\n$")
wr_dir_test(preview0_no_sock_accept EXIT 1 ARGS ${_wr_p0}/no_sock_accept.wat
            STDERR "unknown import.*sock_accept|sock_accept.*unknown import")
