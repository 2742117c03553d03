# `facellava batch --shard K/N` and `facellava batch merge` through the binary:
# the three shards of a folder (six demo photos and a file that is no image)
# merged give the same faces.csv and errors.csv, byte for byte, as one
# unsharded run; merging without a shard fails with exit code 1 and names it.
#
#   cmake -DFACELLAVA=<binary> -DPHOTOS=<folder with sample1…6.jpg> -DWORK=<scratch folder>
#         -P batch_shard_merge.cmake
foreach(var FACELLAVA PHOTOS WORK)
  if(NOT ${var})
    message(FATAL_ERROR "batch_shard_merge.cmake needs -D${var}=…")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/in")
foreach(i RANGE 1 6)
  file(COPY "${PHOTOS}/sample${i}.jpg" DESTINATION "${WORK}/in")
endforeach()
file(WRITE "${WORK}/in/notes.png" "these are notes, not a PNG image\n")

# Exit code 3 (kExitPartial) is a batch that finished with failed inputs;
# the code is left in last_rc.
function(facellava_run)
  execute_process(COMMAND "${FACELLAVA}" ${ARGN} RESULT_VARIABLE rc
    OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 AND NOT rc EQUAL 3)
    message(FATAL_ERROR "facellava ${ARGN} exited with ${rc}:\n${out}${err}")
  endif()
  set(last_rc ${rc} PARENT_SCOPE)
endfunction()

facellava_run(batch "${WORK}/in" -o "${WORK}/all" --quiet)
# 3 exactly when errors.csv names an input (rows below its header).
file(STRINGS "${WORK}/all/errors.csv" error_lines)
list(LENGTH error_lines error_count)
if(error_count GREATER 1)
  set(expected_rc 3)
else()
  set(expected_rc 0)
endif()
if(NOT last_rc EQUAL expected_rc)
  message(FATAL_ERROR "batch with ${error_count} errors.csv lines exited ${last_rc}, not ${expected_rc}")
endif()
foreach(k RANGE 1 3)
  facellava_run(batch "${WORK}/in" -o "${WORK}/shard-${k}" --shard ${k}/3 --quiet)
endforeach()
# Shards in any order; a shard's metadata.json stands for its folder.
facellava_run(batch merge -o "${WORK}/merged" "${WORK}/shard-3"
  "${WORK}/shard-1/metadata.json" "${WORK}/shard-2")
foreach(name faces.csv errors.csv)
  file(SHA256 "${WORK}/all/${name}" unsharded)
  file(SHA256 "${WORK}/merged/${name}" merged)
  if(NOT unsharded STREQUAL merged)
    message(FATAL_ERROR "the merged ${name} differs from the unsharded run's: "
      "compare ${WORK}/merged/${name} with ${WORK}/all/${name}")
  endif()
endforeach()

execute_process(COMMAND "${FACELLAVA}" batch merge -o "${WORK}/incomplete"
  "${WORK}/shard-1" "${WORK}/shard-3" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "shard 2/3 missing")
  message(FATAL_ERROR "a merge without shard 2/3 gave exit code ${rc} and:\n${err}")
endif()
message(STATUS "3 shards merged into the unsharded run's faces.csv and errors.csv")
