# Session exports that name other files, checked with independent readers:
# the COCO and EAF exports of the session tests/core/test_export_files.cpp
# makes from known values (its cases run here with FACELLAVA_EXPORT_DIR, which
# keeps the files), then
#  - COCO: tests/cli/coco_check.py (official field rules; every file_name an
#    image ffprobe decodes at the stated size);
#  - EAF: `xmllint --noout` on the .eaf and its _tsconf.xml, and
#    tests/cli/eaf_check.py (EAF 3.0 structure, linked files);
#  - `facellava session export --format faces-csv`: the stored values, row by
#    row (tests/cli/session_faces_csv_check.py), also with --frame-base 1
#    --expression-names pyfeat.
#
#   cmake -DFACELLAVA=<binary> -DCORE_TESTS=<facellava_core_tests> -DPYTHON=<python3>
#         -DCHECKS=<tests/cli> -DXMLLINT=<xmllint> -DWORK=<scratch> -P exports_session.cmake
foreach(var FACELLAVA CORE_TESTS PYTHON CHECKS XMLLINT WORK)
  if(NOT ${var})
    message(FATAL_ERROR "exports_session.cmake needs -D${var}=…")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

include(${CMAKE_CURRENT_LIST_DIR}/exports_common.cmake)

run("the export cases" ${CMAKE_COMMAND} -E env "FACELLAVA_EXPORT_DIR=${WORK}"
  "${CORE_TESTS}" "--gtest_filter=ExportFiles.*")
run("coco_check" "${PYTHON}" "${CHECKS}/coco_check.py" "${WORK}/coco/annotations.json"
  --expect-images 4)
run("xmllint eaf" "${XMLLINT}" --noout "${WORK}/elan/clip.eaf")
run("xmllint tsconf" "${XMLLINT}" --noout "${WORK}/elan/clip_tsconf.xml")
run("eaf_check" "${PYTHON}" "${CHECKS}/eaf_check.py" "${WORK}/elan/clip.eaf" --expect-linked)
run("session export faces-csv" "${FACELLAVA}" session export "${WORK}/session.sqlite"
  "${WORK}/faces.csv" --format faces-csv)
run("session_faces_csv_check" "${PYTHON}" "${CHECKS}/session_faces_csv_check.py"
  "${WORK}/faces.csv" "${WORK}/clip.mp4" "${WORK}/still.png")
# … numbered from 1 as OpenFace does and named as py-feat does, as batch's options would.
run("session export faces-csv --frame-base 1" "${FACELLAVA}" session export
  "${WORK}/session.sqlite" "${WORK}/faces_openface.csv" --format faces-csv --frame-base 1
  --expression-names pyfeat)
run("session_faces_csv_check --frame-base 1" "${PYTHON}" "${CHECKS}/session_faces_csv_check.py"
  "${WORK}/faces_openface.csv" "${WORK}/clip.mp4" "${WORK}/still.png" --frame-base 1
  --expression-names pyfeat)
# The check must catch a file numbered from 0 when 1 was asked for.
execute_process(COMMAND "${PYTHON}" "${CHECKS}/session_faces_csv_check.py" "${WORK}/faces.csv"
  "${WORK}/clip.mp4" "${WORK}/still.png" --frame-base 1 RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "session_faces_csv_check.py passed a 0-based faces.csv as 1-based")
endif()

# The checkers must catch what they check: a COCO file naming a missing image
# and an EAF whose tier names an undeclared type are refused.
file(READ "${WORK}/coco/annotations.json" coco)
string(REPLACE "images/clip_frame2.jpg" "images/missing.jpg" coco "${coco}")
file(WRITE "${WORK}/broken_coco.json" "${coco}")
file(READ "${WORK}/elan/clip.eaf" eaf)
string(REPLACE "LINGUISTIC_TYPE_REF=\"default-lt\"" "LINGUISTIC_TYPE_REF=\"nowhere\"" eaf "${eaf}")
file(WRITE "${WORK}/elan/broken.eaf" "${eaf}")
foreach(broken "coco_check.py;${WORK}/broken_coco.json" "eaf_check.py;${WORK}/elan/broken.eaf")
  list(GET broken 0 script)
  list(GET broken 1 file)
  execute_process(COMMAND "${PYTHON}" "${CHECKS}/${script}" "${file}" RESULT_VARIABLE rc
    OUTPUT_VARIABLE out)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${script} passed ${file}, which is broken:\n${out}")
  endif()
endforeach()
