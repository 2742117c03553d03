# `facellava convert --quantize` on the tiny released checkpoint with
# embedded towers (<layouts>/released_embedded, three safetensors shards):
#  - int4 --group 32 and int8: exit 0; OUT holds the source's other files and
#    one model.safetensors whose header (read by convert_quantize_check.py
#    with python's json) has the scheme's metadata and the documented keys,
#    dtypes and shapes; no temporary folder is left beside OUT;
#  - `checkpoint inspect OUT --json` names the scheme, and --load loads it
#    (FaceLlavaEngine::load, as `chat --checkpoint OUT` does);
#  - converting OUT again is refused ("already quantized", exit 1, nothing
#    written), and so is an output folder that is not empty.
#
#   cmake -DFACELLAVA=<binary> -DPYTHON=<python3> -DCHECK=<…/convert_quantize_check.py>
#         -DLAYOUTS=<checkpoint_layouts> -DWORK=<scratch> -P convert_quantize.cmake
foreach(var FACELLAVA PYTHON CHECK LAYOUTS WORK)
  if(NOT ${var})
    message(FATAL_ERROR "convert_quantize.cmake needs -D${var}=…")
  endif()
endforeach()
set(source "${LAYOUTS}/released_embedded")
# The embedded towers' architectures come from the cache's configs.
set(env "${CMAKE_COMMAND}" -E env --unset=HF_HUB_CACHE "HF_HOME=${LAYOUTS}/hf_home_configs_only")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

foreach(case "int4;32;int4-g32" "int8;0;int8")
  list(GET case 0 scheme)
  list(GET case 1 group)
  list(GET case 2 name)
  set(out "${WORK}/${name}")
  set(args --quantize ${scheme})
  if(group GREATER 0)
    list(APPEND args --group ${group})
  endif()
  execute_process(COMMAND "${FACELLAVA}" convert "${source}" ${args} --output "${out}" --quiet
    RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "convert --quantize ${args} exited with ${rc}:\n${stdout}${err}")
  endif()
  execute_process(COMMAND "${PYTHON}" "${CHECK}" "${source}" "${out}" ${scheme} ${group} 0
    RESULT_VARIABLE rc OUTPUT_VARIABLE check ERROR_VARIABLE check_err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: ${check}${check_err}")
  endif()
  message(STATUS "${name}: ${check}")

  file(GLOB leftovers "${WORK}/*.tmp")
  if(leftovers)
    message(FATAL_ERROR "temporary folders left beside the output: ${leftovers}")
  endif()

  execute_process(COMMAND ${env} "${FACELLAVA}" checkpoint inspect "${out}" --json
    RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "checkpoint inspect ${name} exited with ${rc}:\n${json}${err}")
  endif()
  string(JSON stored ERROR_VARIABLE problem GET "${json}" quantization)
  string(JSON int4 ERROR_VARIABLE problem2 GET "${json}" memory int4-g128)
  string(JSON kv ERROR_VARIABLE problem3 GET "${json}" kv_cache bytes)
  if(problem OR problem2 OR problem3 OR NOT stored STREQUAL name OR NOT int4 GREATER 0
     OR NOT kv GREATER 0)
    message(FATAL_ERROR "checkpoint inspect ${name} --json: quantization '${stored}', "
      "int4-g128 ${int4}, kv_cache ${kv}:\n${json}")
  endif()

  execute_process(COMMAND ${env} "${FACELLAVA}" checkpoint inspect "${out}" --load --device cpu
    RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT text MATCHES "\"loaded\": true")
    message(FATAL_ERROR "${name} does not load (exit ${rc}):\n${text}${err}")
  endif()
endforeach()

# A quantized checkpoint is not quantized again; OUT stays unwritten.
execute_process(COMMAND "${FACELLAVA}" convert "${WORK}/int4-g32" --quantize int8
  --output "${WORK}/twice" --quiet RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "already quantized")
  message(FATAL_ERROR "a second convert --quantize exited with ${rc} (expected 1, "
    "'already quantized'):\n${out}${err}")
endif()
if(EXISTS "${WORK}/twice")
  message(FATAL_ERROR "the refused convert left ${WORK}/twice")
endif()

# An output folder that holds something is refused, and left as it was.
execute_process(COMMAND "${FACELLAVA}" convert "${source}" --quantize int8 --output "${WORK}/int8"
  --quiet RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "not empty")
  message(FATAL_ERROR "convert into a non-empty folder exited with ${rc}:\n${out}${err}")
endif()
message(STATUS "second quantization and a non-empty output refused")
