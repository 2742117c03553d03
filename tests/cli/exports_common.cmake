# Shared by tests/cli/exports_*.cmake: run(WHAT COMMAND...) runs a command,
# fails the test with its output when it exits non-zero, else logs its stdout.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}${err}")
  endif()
  message(STATUS "${what}: ${out}")
endfunction()
