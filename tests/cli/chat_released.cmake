# `facellava chat --checkpoint <layouts>/released_bin` (torch.save shards,
# towers named by hub id): with HF_HOME=<layouts>/hf_home it answers (exit 0,
# at least one new token); with an empty HF_HOME and HOME and no HF_HUB_CACHE
# it exits 1 and the error names every place it looked.
#
#   cmake -DFACELLAVA=<binary> -DLAYOUTS=<checkpoint_layouts> -DPHOTO=<a face photo>
#         -DWORK=<scratch> -P chat_released.cmake
foreach(var FACELLAVA LAYOUTS PHOTO WORK)
  if(NOT ${var})
    message(FATAL_ERROR "chat_released.cmake needs -D${var}=…")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/checkpoint_layouts_common.cmake")
set(released_bin "${LAYOUTS}/released_bin")
set(chat chat --checkpoint "${released_bin}" --image "${PHOTO}" --device cpu --max-tokens 16
  --json "What is this person's expression?")

execute_process(COMMAND "${CMAKE_COMMAND}" -E env --unset=HF_HUB_CACHE "HF_HOME=${HF_HOME_FIXTURE}"
  "${FACELLAVA}" ${chat} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chat with released_bin exited with ${rc}:\n${out}${err}")
endif()
string(JSON answer ERROR_VARIABLE problem GET "${out}" answer)
string(JSON new_tokens ERROR_VARIABLE problem2 GET "${out}" new_tokens)
if(problem OR problem2 OR answer STREQUAL "" OR NOT new_tokens GREATER 0)
  message(FATAL_ERROR "chat with released_bin gave no answer:\n${out}${err}")
endif()
message(STATUS "released_bin answered (${new_tokens} tokens): ${answer}")

make_empty_caches("${WORK}")
execute_process(COMMAND ${NO_CACHE_ENV} "${FACELLAVA}" ${chat} WORKING_DIRECTORY "${NO_CACHE_CWD}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "chat with released_bin and no cache exited with ${rc} (expected 1):\n"
    "${out}${err}")
endif()
expect_every_place("${err}" "${released_bin}" "the error of chat without a cache")
message(STATUS "without a cache: exit 1 naming every place")
