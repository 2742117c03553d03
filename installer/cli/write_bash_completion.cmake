# The bash completion file from `facellava completion bash` (written from the
# commands' declarations, app/cli/completion.cpp). Run at build time by the
# facellava_bash_completion target (installer/CMakeLists.txt).
#
#   cmake -DFACELLAVA=<binary> -DOUT=<file> -P write_bash_completion.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var FACELLAVA OUT)
  if(NOT ${var})
    message(FATAL_ERROR "write_bash_completion.cmake needs -D${var}=…")
  endif()
endforeach()
get_filename_component(folder "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${folder}")
execute_process(COMMAND "${FACELLAVA}" completion bash OUTPUT_FILE "${OUT}.tmp" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "facellava completion bash exited with ${rc}")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
