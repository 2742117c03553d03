# The Face-LLaVA authors' face crop (issue #28): `facellava analyze --detector
# blazeface` on face-api's demo photos, each face's reported crop region
# against the authors' tools/crop_face.py arithmetic rendered in Python from
# the reported MediaPipe box (tests/cli/authors_crop_check.py).
if(FACELLAVA_WITH_MEDIA)
  set(FACELLAVA_AUTHORS_CROP_ASSETS "$ENV{FACELLAVA_ASSETS_DIR}")
  if(NOT FACELLAVA_AUTHORS_CROP_ASSETS)
    set(FACELLAVA_AUTHORS_CROP_ASSETS "$ENV{HOME}/.cache/facellava")
  endif()
  set(FACELLAVA_AUTHORS_CROP_DEMO "${FACELLAVA_AUTHORS_CROP_ASSETS}/npm/face-api-1.7.15/package/demo")
  find_program(FACELLAVA_AUTHORS_CROP_PYTHON python3)
  if(FACELLAVA_AUTHORS_CROP_PYTHON)
    add_test(NAME cli.authors_crop_blazeface
      COMMAND ${FACELLAVA_AUTHORS_CROP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/authors_crop_check.py
        $<TARGET_FILE:facellava>
        ${FACELLAVA_AUTHORS_CROP_DEMO}/sample1.jpg ${FACELLAVA_AUTHORS_CROP_DEMO}/sample2.jpg
        ${FACELLAVA_AUTHORS_CROP_DEMO}/sample3.jpg ${FACELLAVA_AUTHORS_CROP_DEMO}/sample4.jpg
        ${FACELLAVA_AUTHORS_CROP_DEMO}/sample5.jpg ${FACELLAVA_AUTHORS_CROP_DEMO}/sample6.jpg)
    set_tests_properties(cli.authors_crop_blazeface PROPERTIES LABELS cli TIMEOUT 300)
  endif()
endif()

# Which box Face-LLaVA's crop is cut from (--crop-from, docs/CSV.md "Face-LLaVA
# columns"): analyze's JSON settings carry "crop_from" only when it is not the
# detector's box. auto without --checkpoint, and with the demo model
# (config.json "facellava_demo": true), is the detector; with a released
# checkpoint (the fixture layout, towers from the fixture hub cache) BlazeFace.
if(FACELLAVA_WITH_MEDIA)
  set(FACELLAVA_CROP_FROM_PHOTO "${FACELLAVA_AUTHORS_CROP_DEMO}/sample2.jpg")
  add_test(NAME cli.crop_from_explicit_blazeface_recorded
    COMMAND facellava analyze --crop-from blazeface --quiet ${FACELLAVA_CROP_FROM_PHOTO})
  set_tests_properties(cli.crop_from_explicit_blazeface_recorded PROPERTIES LABELS cli TIMEOUT 120
    PASS_REGULAR_EXPRESSION "\"crop_from\": ?\"blazeface\"")
  add_test(NAME cli.crop_from_auto_without_checkpoint_is_detector
    COMMAND facellava analyze --quiet ${FACELLAVA_CROP_FROM_PHOTO})
  set_tests_properties(cli.crop_from_auto_without_checkpoint_is_detector PROPERTIES LABELS cli
    TIMEOUT 120 PASS_REGULAR_EXPRESSION "\"detector\": ?\"faceapi\"" FAIL_REGULAR_EXPRESSION "crop_from")
  add_test(NAME cli.crop_from_unknown_is_usage_error
    COMMAND facellava analyze --crop-from face --quiet ${FACELLAVA_CROP_FROM_PHOTO})
  set_tests_properties(cli.crop_from_unknown_is_usage_error PROPERTIES LABELS cli TIMEOUT 60
    PASS_REGULAR_EXPRESSION "--crop-from: unknown crop source 'face'")
  add_test(NAME cli.crop_from_not_for_batch_merge
    COMMAND facellava batch merge -o ${CMAKE_CURRENT_BINARY_DIR}/cli_crop_from_merge
      ${CMAKE_CURRENT_BINARY_DIR}/cli_crop_from_no_shard --crop-from detector)
  set_tests_properties(cli.crop_from_not_for_batch_merge PROPERTIES LABELS cli TIMEOUT 60
    PASS_REGULAR_EXPRESSION "--crop-from does not apply to `batch merge`")
  if(FACELLAVA_WITH_SPM)
    add_test(NAME cli.crop_from_auto_demo_model_is_detector
      COMMAND facellava analyze --checkpoint ${PROJECT_SOURCE_DIR}/resources/models/facellava-nano
        --device cpu --tasks expression --max-new-tokens 2 --quiet ${FACELLAVA_CROP_FROM_PHOTO})
    set_tests_properties(cli.crop_from_auto_demo_model_is_detector PROPERTIES LABELS cli
      TIMEOUT 180 PASS_REGULAR_EXPRESSION "\"checkpoint\": ?\"[^\"]*facellava-nano\""
      FAIL_REGULAR_EXPRESSION "crop_from")
    add_test(NAME cli.crop_from_auto_released_checkpoint_is_blazeface
      COMMAND ${CMAKE_COMMAND} -E env --unset=HF_HUB_CACHE
        "HF_HOME=${FACELLAVA_FIXTURES_DEFAULT}/checkpoint_layouts/hf_home"
        $<TARGET_FILE:facellava> analyze
        --checkpoint ${FACELLAVA_FIXTURES_DEFAULT}/checkpoint_layouts/released_embedded
        --device cpu --tasks expression --max-new-tokens 2 --quiet ${FACELLAVA_CROP_FROM_PHOTO})
    set_tests_properties(cli.crop_from_auto_released_checkpoint_is_blazeface PROPERTIES
      LABELS cli TIMEOUT 180 PASS_REGULAR_EXPRESSION "\"crop_from\": ?\"blazeface\"")
  endif()
endif()
