# `batch --save-crops --overlay-video` and `analyze --jsonl` on a short video
# made here from a demo photo with the ffmpeg CLI (and the photo itself),
# checked by decoding with ffprobe / ffmpeg (tests/cli/batch_outputs_check.py):
# one 256-px crop per faces.csv face row, an overlay with the source's frame
# count and size whose pixels differ from the source's along a face box and
# not far from the faces, one JSON object per frame and line.
#
#   cmake -DFACELLAVA=<binary> -DFFMPEG=<ffmpeg> -DPYTHON=<python3> -DCHECKS=<tests/cli>
#         -DPHOTO=<face photo> -DWORK=<scratch> -P exports_batch.cmake
foreach(var FACELLAVA FFMPEG PYTHON CHECKS PHOTO WORK)
  if(NOT ${var})
    message(FATAL_ERROR "exports_batch.cmake needs -D${var}=…")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/in")
file(COPY "${PHOTO}" DESTINATION "${WORK}/in")

include(${CMAKE_CURRENT_LIST_DIR}/exports_common.cmake)

# 6 frames of the photo at 640 px wide, panning 2 px a frame so frames differ.
run("ffmpeg" "${FFMPEG}" -v error -y -loop 1 -framerate 6 -i "${PHOTO}" -frames:v 6
  -vf "scale=656:-2,crop=640:ih:2*n:0" -c:v mpeg4 -q:v 2 "${WORK}/in/clip.mp4")
run("batch" "${FACELLAVA}" batch "${WORK}/in" -o "${WORK}/out" --save-crops --overlay-video
  --quiet)
execute_process(COMMAND "${FACELLAVA}" analyze "${WORK}/in/clip.mp4" --jsonl --quiet
  RESULT_VARIABLE rc OUTPUT_FILE "${WORK}/frames.jsonl" ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "analyze --jsonl failed (${rc}):\n${err}")
endif()
run("batch_outputs_check" "${PYTHON}" "${CHECKS}/batch_outputs_check.py" "${WORK}/out"
  "${WORK}/in/clip.mp4" --jsonl "${WORK}/frames.jsonl" 6)
# --jsonl with OpenFace's numbering and py-feat's names: the lines follow them
# as the JSON document does.
execute_process(COMMAND "${FACELLAVA}" analyze "${WORK}/in/clip.mp4" --jsonl --quiet
  --frame-base 1 --expression-names pyfeat
  RESULT_VARIABLE rc OUTPUT_FILE "${WORK}/frames_openface.jsonl" ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "analyze --jsonl --frame-base 1 failed (${rc}):\n${err}")
endif()
run("batch_outputs_check --frame-base 1" "${PYTHON}" "${CHECKS}/batch_outputs_check.py"
  "${WORK}/out" "${WORK}/in/clip.mp4" --jsonl "${WORK}/frames_openface.jsonl" 6
  --frame-base 1 --expression-names pyfeat)
