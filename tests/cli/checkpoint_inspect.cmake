# `facellava checkpoint inspect` on every released layout of
# ../shared/fixtures/checkpoint_layouts (each folder with a config.json):
#  - with HF_HOME=<layouts>/hf_home: exit 0; each tower's origin named ("hf
#    cache" with the snapshot folder, or "embedded" for released_embedded);
#    --json parses;
#  - with an empty HF_HOME and HOME and no HF_HUB_CACHE: released_bin exits 1,
#    the report still printed, naming every place it looked;
#  - the same with --image-tower/--video-tower naming the snapshots: exit 0.
#
#   cmake -DFACELLAVA=<binary> -DLAYOUTS=<checkpoint_layouts> -DWORK=<scratch> -P checkpoint_inspect.cmake
foreach(var FACELLAVA LAYOUTS WORK)
  if(NOT ${var})
    message(FATAL_ERROR "checkpoint_inspect.cmake needs -D${var}=…")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/checkpoint_layouts_common.cmake")

snapshot_of("LanguageBind/LanguageBind_Image" image_snapshot)
snapshot_of("LanguageBind/LanguageBind_Video_merge" video_snapshot)
set(WITH_CACHE "${CMAKE_COMMAND}" -E env --unset=HF_HUB_CACHE "HF_HOME=${HF_HOME_FIXTURE}")

file(GLOB entries LIST_DIRECTORIES true "${LAYOUTS}/*")
set(checked 0)
foreach(layout IN LISTS entries)
  if(NOT EXISTS "${layout}/config.json")
    continue()  # hf_home*/: caches, not checkpoints
  endif()
  get_filename_component(name "${layout}" NAME)
  math(EXPR checked "${checked} + 1")

  execute_process(COMMAND ${WITH_CACHE} "${FACELLAVA}" checkpoint inspect "${layout}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "checkpoint inspect ${name} exited with ${rc}:\n${out}${err}")
  endif()
  if(name STREQUAL "released_embedded")
    set(expected "embedded")
  else()
    set(expected "hf cache" "${image_snapshot}" "${video_snapshot}")
  endif()
  foreach(text IN LISTS expected)
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "checkpoint inspect ${name} does not say '${text}':\n${out}")
    endif()
  endforeach()

  execute_process(COMMAND ${WITH_CACHE} "${FACELLAVA}" checkpoint inspect "${layout}" --json
    RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "checkpoint inspect --json ${name} exited with ${rc}:\n${json}${err}")
  endif()
  string(JSON type ERROR_VARIABLE problem TYPE "${json}")
  if(problem OR NOT type STREQUAL "OBJECT")
    message(FATAL_ERROR "checkpoint inspect --json ${name} is no JSON object (${problem}):\n${json}")
  endif()
  list(GET expected 0 origin)
  string(FIND "${json}" "\"${origin}\"" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "checkpoint inspect --json ${name} has no origin \"${origin}\":\n${json}")
  endif()
  message(STATUS "${name}: towers from ${origin}")
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no checkpoint folder (config.json) in ${LAYOUTS}")
endif()

# No tower anywhere: exit 1, the report still printed, every place named.
make_empty_caches("${WORK}")
set(released_bin "${LAYOUTS}/released_bin")
execute_process(COMMAND ${NO_CACHE_ENV} "${FACELLAVA}" checkpoint inspect "${released_bin}"
  WORKING_DIRECTORY "${NO_CACHE_CWD}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "checkpoint inspect released_bin without a cache exited with ${rc} "
    "(expected 1):\n${out}${err}")
endif()
expect_every_place("${out}" "${released_bin}" "the report of released_bin without a cache")

# The towers named explicitly need no cache.
execute_process(COMMAND ${NO_CACHE_ENV} "${FACELLAVA}" checkpoint inspect "${released_bin}"
  --image-tower "${image_snapshot}" --video-tower "${video_snapshot}"
  WORKING_DIRECTORY "${NO_CACHE_CWD}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "checkpoint inspect released_bin --image-tower --video-tower exited with "
    "${rc}:\n${out}${err}")
endif()
message(STATUS "${checked} layouts inspected; no cache: exit 1 naming every place")
