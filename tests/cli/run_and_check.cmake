# Shared by the one-run test scripts (run_cli_case.cmake, tests/wasi/run_dir_case.cmake):
# wr_run_and_check(<args>...) runs ${WASMRUN} with the arguments (stdin from /dev/null, 60 s at
# most), sets `out` and `err`, and appends to `problems` what differs from EXIT and, when they
# are defined, the regular expressions STDOUT and STDERR.
function(wr_run_and_check)
  execute_process(COMMAND "${WASMRUN}" ${ARGN}
                  INPUT_FILE /dev/null
                  RESULT_VARIABLE status OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err TIMEOUT 60)
  set(found "${problems}")
  if(NOT "${status}" STREQUAL "${EXIT}")
    string(APPEND found "exit status ${status}, expected ${EXIT}\n")
  endif()
  if(DEFINED STDOUT AND NOT run_out MATCHES "${STDOUT}")
    string(APPEND found "stdout does not match [${STDOUT}]\n")
  endif()
  if(DEFINED STDERR AND NOT run_err MATCHES "${STDERR}")
    string(APPEND found "stderr does not match [${STDERR}]\n")
  endif()
  set(out "${run_out}" PARENT_SCOPE)
  set(err "${run_err}" PARENT_SCOPE)
  set(problems "${found}" PARENT_SCOPE)
endfunction()
