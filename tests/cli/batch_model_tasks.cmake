# Only what the model knows, through the binary: with FaceLLaVA-Nano (its
# config.json lists expression, age, gender, description) `batch --tasks`
# and `analyze --tasks` refuse action units, attributes, deepfake and unknown
# names with exit code 2, naming config.json and the tasks it supports, before
# any model loads; without --tasks a batch asks exactly Nano's batch tasks
# (expression, age: metadata.json and the faces.csv header say so). Batched
# answers and --sequential-answers give the same faces.csv, byte for byte.
#
#   cmake -DFACELLAVA=<binary> -DNANO=<resources/models/facellava-nano>
#         -DPHOTO=<one face photo> -DWORK=<scratch folder> -P batch_model_tasks.cmake
foreach(var FACELLAVA NANO PHOTO WORK)
  if(NOT ${var})
    message(FATAL_ERROR "batch_model_tasks.cmake needs -D${var}=…")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/in")
file(COPY "${PHOTO}" DESTINATION "${WORK}/in")
get_filename_component(photo_name "${PHOTO}" NAME)

function(expect_refused)
  execute_process(COMMAND "${FACELLAVA}" ${ARGN} RESULT_VARIABLE rc
    OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${err}" "${NANO}/config.json" names_config)
  string(FIND "${err}" "expression, age, gender, description" names_listed)
  string(FIND "${err}" "expression,age" names_supported)
  if(NOT rc EQUAL 2 OR names_config EQUAL -1 OR names_listed EQUAL -1 OR names_supported EQUAL -1)
    message(FATAL_ERROR "facellava ${ARGN}: expected exit code 2 naming ${NANO}/config.json, "
      "the tasks it lists and expression,age; got ${rc}:\n${out}${err}")
  endif()
endfunction()

foreach(task action_units attributes deepfake au)
  expect_refused(batch "${WORK}/in" -o "${WORK}/refused" --checkpoint "${NANO}" --device cpu
    --tasks "expression,${task}" --quiet)
endforeach()
expect_refused(analyze "${WORK}/in/${photo_name}" --checkpoint "${NANO}" --device cpu
  --tasks action_units --quiet)
if(EXISTS "${WORK}/refused")
  message(FATAL_ERROR "a refused batch left ${WORK}/refused behind")
endif()

execute_process(COMMAND "${FACELLAVA}" batch "${WORK}/in" -o "${WORK}/default"
  --checkpoint "${NANO}" --device cpu --max-tokens 24 --quiet
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "batch with Nano and no --tasks exited with ${rc}:\n${out}${err}")
endif()
file(READ "${WORK}/default/metadata.json" metadata)
string(JSON tasks GET "${metadata}" settings tasks)
string(JSON count LENGTH "${tasks}")
string(JSON first GET "${tasks}" 0)
string(JSON second GET "${tasks}" 1)
if(NOT count EQUAL 2 OR NOT first STREQUAL "expression" OR NOT second STREQUAL "age")
  message(FATAL_ERROR "Nano's default tasks in metadata.json are ${tasks}, not [expression, age]")
endif()
file(STRINGS "${WORK}/default/faces.csv" header LIMIT_COUNT 1)
if(NOT header MATCHES "llava_expression,llava_expression_label,llava_age,llava_age_label"
   OR header MATCHES "action_units|attributes|deepfake")
  message(FATAL_ERROR "faces.csv header with Nano's default tasks: ${header}")
endif()

# Batched answers (the default: every task about every face of a photo in one
# call) against the earlier one-question-at-a-time path: the same faces.csv,
# answer columns included, byte for byte. sample1.jpg beside the photo has
# three faces, so one call answers several.
get_filename_component(photo_dir "${PHOTO}" DIRECTORY)
file(MAKE_DIRECTORY "${WORK}/ab")
file(COPY "${PHOTO}" DESTINATION "${WORK}/ab")
if(EXISTS "${photo_dir}/sample1.jpg")
  file(COPY "${photo_dir}/sample1.jpg" DESTINATION "${WORK}/ab")
endif()
foreach(path batched sequential)
  set(extra)
  if(path STREQUAL "sequential")
    set(extra --sequential-answers)
  endif()
  execute_process(COMMAND "${FACELLAVA}" batch "${WORK}/ab" -o "${WORK}/${path}"
    --checkpoint "${NANO}" --device cpu --max-tokens 24 --answer-batch 4 ${extra} --quiet
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "batch --answer-batch 4 ${extra} exited with ${rc}:\n${out}${err}")
  endif()
  file(READ "${WORK}/${path}/faces.csv" faces_${path})
  file(READ "${WORK}/${path}/metadata.json" metadata)
  string(JSON got_batch GET "${metadata}" answering answer_batch)
  string(JSON got_budget GET "${metadata}" answering kv_budget_mb)
  string(JSON got_sequential GET "${metadata}" answering sequential_answers)
  set(expected_sequential OFF)
  if(path STREQUAL "sequential")
    set(expected_sequential ON)
  endif()
  if(NOT got_batch EQUAL 4 OR NOT got_budget MATCHES "^0(\\.0)?$"
     OR NOT got_sequential STREQUAL expected_sequential)
    message(FATAL_ERROR "metadata.json of the ${path} run: answering is "
      "answer_batch ${got_batch}, kv_budget_mb ${got_budget}, sequential_answers ${got_sequential}")
  endif()
endforeach()
# Not vacuous: Nano's age answer was parsed into its label (years, one decimal)
# for the photo's face, the last columns before the input.
if(NOT faces_batched MATCHES ",[0-9]+\\.[0-9],${photo_name}\n")
  message(FATAL_ERROR "faces.csv of the batched run has no age label for ${photo_name}:\n"
    "${faces_batched}")
endif()
if(NOT faces_batched STREQUAL faces_sequential)
  message(FATAL_ERROR "faces.csv differs between batched and --sequential-answers:\n"
    "batched:\n${faces_batched}\nsequential:\n${faces_sequential}")
endif()
message(STATUS "Nano: unsupported tasks refused naming config.json; default tasks expression, "
  "age; batched answers equal --sequential-answers byte for byte")
