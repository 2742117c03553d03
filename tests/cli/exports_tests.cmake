# Outputs researchers ask for (issue #27, part 4), included by tests/CMakeLists.txt:
#  cli.exports_session  COCO frames, ELAN linked time series and `session
#                       export --format faces-csv` (tests/cli/exports_session.cmake)
#  cli.exports_batch    `batch --save-crops --overlay-video`, `analyze --jsonl`
#                       (tests/cli/exports_batch.cmake)
find_program(FACELLAVA_EXPORTS_PYTHON3 python3)
find_program(FACELLAVA_EXPORTS_XMLLINT xmllint)
find_program(FACELLAVA_EXPORTS_FFMPEG ffmpeg)
find_program(FACELLAVA_EXPORTS_FFPROBE ffprobe)
if(FACELLAVA_WITH_MEDIA AND SQLite3_FOUND AND FACELLAVA_EXPORTS_PYTHON3
   AND FACELLAVA_EXPORTS_XMLLINT AND FACELLAVA_EXPORTS_FFPROBE)
  add_test(NAME cli.exports_session COMMAND ${CMAKE_COMMAND}
    -DFACELLAVA=$<TARGET_FILE:facellava>
    -DCORE_TESTS=$<TARGET_FILE:facellava_core_tests>
    -DPYTHON=${FACELLAVA_EXPORTS_PYTHON3}
    -DCHECKS=${CMAKE_CURRENT_SOURCE_DIR}/cli
    -DXMLLINT=${FACELLAVA_EXPORTS_XMLLINT}
    -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli_exports_session
    -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/exports_session.cmake)
  set_tests_properties(cli.exports_session PROPERTIES LABELS cli TIMEOUT 120)
endif()
if(FACELLAVA_WITH_MEDIA AND FACELLAVA_EXPORTS_PYTHON3 AND FACELLAVA_EXPORTS_FFMPEG
   AND FACELLAVA_EXPORTS_FFPROBE)
  set(FACELLAVA_EXPORTS_ASSETS "$ENV{FACELLAVA_ASSETS_DIR}")
  if(NOT FACELLAVA_EXPORTS_ASSETS)
    set(FACELLAVA_EXPORTS_ASSETS "$ENV{HOME}/.cache/facellava")
  endif()
  add_test(NAME cli.exports_batch COMMAND ${CMAKE_COMMAND}
    -DFACELLAVA=$<TARGET_FILE:facellava>
    -DFFMPEG=${FACELLAVA_EXPORTS_FFMPEG}
    -DPYTHON=${FACELLAVA_EXPORTS_PYTHON3}
    -DCHECKS=${CMAKE_CURRENT_SOURCE_DIR}/cli
    -DPHOTO=${FACELLAVA_EXPORTS_ASSETS}/npm/face-api-1.7.15/package/demo/sample2.jpg
    -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli_exports_batch
    -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/exports_batch.cmake)
  set_tests_properties(cli.exports_batch PROPERTIES LABELS cli TIMEOUT 300)
endif()
