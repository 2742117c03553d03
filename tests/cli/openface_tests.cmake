# OpenFace conventions of faces.csv (issue #27 part 3, docs/CSV.md): pandas
# reads a batch's faces.csv the way OpenFace-trained scripts do and checks
# pose units and ranges, --frame-base 1 and --expression-names
# (tests/cli/openface_pandas_check.py). Needs Debian's python3-pandas; the
# test is skipped (exit 77) without it.
if(FACELLAVA_WITH_MEDIA)
  set(FACELLAVA_OPENFACE_ASSETS "$ENV{FACELLAVA_ASSETS_DIR}")
  if(NOT FACELLAVA_OPENFACE_ASSETS)
    set(FACELLAVA_OPENFACE_ASSETS "$ENV{HOME}/.cache/facellava")
  endif()
  # The interpreter that has pandas: Debian's, when another python3 comes first.
  find_program(FACELLAVA_OPENFACE_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT FACELLAVA_OPENFACE_PYTHON)
    find_program(FACELLAVA_OPENFACE_PYTHON python3)
  endif()
  if(FACELLAVA_OPENFACE_PYTHON)
    add_test(NAME cli.openface_pandas
      COMMAND ${FACELLAVA_OPENFACE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/openface_pandas_check.py
        $<TARGET_FILE:facellava>
        ${FACELLAVA_OPENFACE_ASSETS}/npm/face-api-1.7.15/package/demo
        ${CMAKE_CURRENT_BINARY_DIR}/cli_openface_pandas)
    set_tests_properties(cli.openface_pandas PROPERTIES LABELS cli TIMEOUT 300
      SKIP_RETURN_CODE 77)
  endif()
endif()
