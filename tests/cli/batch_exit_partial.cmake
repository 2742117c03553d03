# "Finished with failed files" has its own exit code, 3 (kExitPartial): a
# batch over a good photo and a corrupt JPEG exits exactly 3 and names the
# corrupt file in errors.csv; the good photo alone exits 0.
#
#   cmake -DFACELLAVA=<binary> -DPHOTO=<one photo> -DWORK=<scratch folder>
#         -P batch_exit_partial.cmake
foreach(var FACELLAVA PHOTO WORK)
  if(NOT ${var})
    message(FATAL_ERROR "batch_exit_partial.cmake needs -D${var}=…")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/good" "${WORK}/mixed")
file(COPY "${PHOTO}" DESTINATION "${WORK}/good")
file(COPY "${PHOTO}" DESTINATION "${WORK}/mixed")
# A JPEG's start-of-image marker, then no image: found by extension and by
# content, and fails to decode.
string(ASCII 255 216 255 224 soi)
file(WRITE "${WORK}/mixed/corrupt.jpg" "${soi}this is not the rest of a JPEG\n")

foreach(case good mixed)
  execute_process(COMMAND "${FACELLAVA}" batch "${WORK}/${case}" -o "${WORK}/out-${case}" -q
    RESULT_VARIABLE rc_${case} OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(log_${case} "${out}${err}")
endforeach()
if(NOT rc_good EQUAL 0)
  message(FATAL_ERROR "batch of one good photo exited ${rc_good}, not 0:\n${log_good}")
endif()
if(NOT rc_mixed EQUAL 3)
  message(FATAL_ERROR "batch with a corrupt file exited ${rc_mixed}, not 3:\n${log_mixed}")
endif()
file(READ "${WORK}/out-mixed/errors.csv" errors)
if(NOT errors MATCHES "corrupt\\.jpg")
  message(FATAL_ERROR "errors.csv does not name corrupt.jpg:\n${errors}")
endif()
file(REMOVE_RECURSE "${WORK}")
message(STATUS "batch: 0 when every input is analysed, 3 with a failed input")
