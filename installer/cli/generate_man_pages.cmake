# Man pages from the commands' own --help (help2man): facellava.1 from the
# overview, and facellava-<command>.1 for every command it lists, so a new
# command gets its page without touching this file. Run at build time by the
# facellava_man_pages target (installer/CMakeLists.txt).
#
#   cmake -DFACELLAVA=<binary> -DHELP2MAN=<help2man> -DVERSION=<x.y.z> -DOUT=<folder>
#         -P generate_man_pages.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var FACELLAVA HELP2MAN VERSION OUT)
  if(NOT ${var})
    message(FATAL_ERROR "generate_man_pages.cmake needs -D${var}=…")
  endif()
endforeach()

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}/bin")

execute_process(COMMAND "${FACELLAVA}" --help OUTPUT_VARIABLE overview RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "facellava --help exited with ${rc}")
endif()

# "  name        summary" lines between "Commands:" and the next blank line.
# (";", "[" and "]" would split or join CMake list items: stand-ins meanwhile.)
string(REPLACE ";" "@SEMICOLON@" overview "${overview}")
string(REPLACE "[" "@LBRACKET@" overview "${overview}")
string(REPLACE "]" "@RBRACKET@" overview "${overview}")
string(REPLACE "\n" ";" lines "${overview}")
set(in_commands FALSE)
set(commands "")
set(see_also "")
foreach(line IN LISTS lines)
  if(line STREQUAL "Commands:")
    set(in_commands TRUE)
  elseif(in_commands AND line MATCHES "^  ([a-z][a-z0-9-]*) +(.*)$")
    set(name "${CMAKE_MATCH_1}")
    list(APPEND commands "${name}")
    set(summary "${CMAKE_MATCH_2}")
    string(REPLACE "@SEMICOLON@" ";" summary "${summary}")
    string(REPLACE "@LBRACKET@" "[" summary "${summary}")
    string(REPLACE "@RBRACKET@" "]" summary "${summary}")
    set(summary_${name} "${summary}")
    string(APPEND see_also ".BR facellava-${name} (1),\n")
  elseif(in_commands)
    break()
  endif()
endforeach()
list(LENGTH commands count)
if(count EQUAL 0)
  message(FATAL_ERROR "found no commands in `facellava --help`:\n${overview}")
endif()
string(REGEX REPLACE ",\n$" "\n" see_also "${see_also}")
file(WRITE "${OUT}/overview.h2m" "[SEE ALSO]\n${see_also}")
file(WRITE "${OUT}/command.h2m" "[SEE ALSO]\n.BR facellava (1)\n")

function(run_help2man program name page include)
  execute_process(COMMAND "${HELP2MAN}" --no-info --version-string=${VERSION}
      "--name=${name}" --section=1 "--include=${OUT}/${include}"
      "--output=${OUT}/${page}" "${program}"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man for ${page} exited with ${rc}: ${err}")
  endif()
endfunction()

run_help2man("${FACELLAVA}" "Face-LLaVA workbench command line" facellava.1 overview.h2m)
foreach(name IN LISTS commands)
  # help2man runs PROGRAM --help; a wrapper named after the page makes
  # `facellava NAME --help` that program (and names the page facellava-NAME).
  set(wrapper "${OUT}/bin/facellava-${name}")
  file(WRITE "${wrapper}" "#!/bin/sh\nexec \"${FACELLAVA}\" ${name} \"$@\"\n")
  file(CHMOD "${wrapper}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
  run_help2man("${wrapper}" "${summary_${name}}" facellava-${name}.1 command.h2m)
endforeach()
file(REMOVE_RECURSE "${OUT}/bin")
file(REMOVE "${OUT}/overview.h2m" "${OUT}/command.h2m")
