# `facellava serve` (app/cli/serve): each cli.serve_* test starts the server on
# a free loopback port with the embedded demo model (tests/cli/serve/
# with_server.sh; cli.serve_video: the fixture's tiny model with a video
# tower), runs one client against it and stops it with Ctrl-C:
# curl, Python's standard library (every field and refusal, a client that
# disconnects), the official `openai` npm client under Node, and a small load
# test (8 × 50 in the release note; docs/USER_GUIDE.md, Server).
add_test(NAME cli.serve_help COMMAND facellava serve --help)
set_tests_properties(cli.serve_help PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "/v1/chat/completions.*--media-root")
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(FACELLAVA_SERVE_HTTPLIB QUIET cpp-httplib)
endif()
find_program(FACELLAVA_SERVE_CURL curl)
find_program(FACELLAVA_PYTHON3 python3)
if(FACELLAVA_WITH_MEDIA AND FACELLAVA_WITH_SPM AND FACELLAVA_SERVE_HTTPLIB_FOUND
   AND FACELLAVA_SERVE_CURL)
  set(serve_dir ${CMAKE_CURRENT_SOURCE_DIR}/cli/serve)
  set(serve_assets "$ENV{FACELLAVA_ASSETS_DIR}")
  if(NOT serve_assets)
    set(serve_assets "$ENV{HOME}/.cache/facellava")
  endif()
  set(serve_photos ${serve_assets}/npm/face-api-1.7.15/package/demo)
  set(serve_nano ${PROJECT_SOURCE_DIR}/resources/models/facellava-nano)
  set(with_server bash ${serve_dir}/with_server.sh $<TARGET_FILE:facellava>)

  add_test(NAME cli.serve_curl COMMAND ${with_server} -- bash ${serve_dir}/curl_client.sh
    ${serve_photos})
  add_test(NAME cli.serve_needs_api_key_off_loopback
    COMMAND facellava serve --host 0.0.0.0 --port 0)
  set_tests_properties(cli.serve_needs_api_key_off_loopback PROPERTIES
    PASS_REGULAR_EXPRESSION "--host 0.0.0.0 opens the server beyond this machine: give --api-key")
  set(serve_tests cli.serve_curl cli.serve_needs_api_key_off_loopback)

  if(FACELLAVA_PYTHON3)
    # Limits small enough to reach: 1 running, none waiting (429), 2 MiB
    # bodies (413), 4 frames, 64 tokens, 4 megapixels (422).
    add_test(NAME cli.serve_python COMMAND ${with_server} --media-root ${serve_photos}
      --parallel 1 --queue 0 --max-body-mb 2 --max-image-pixels 4000000 --max-frames 4
      --max-new-tokens 64 -- ${FACELLAVA_PYTHON3} ${serve_dir}/python_client.py full
      ${serve_photos} ${serve_nano}/config.json 4000000 4 64)
    add_test(NAME cli.serve_python_api_key COMMAND ${with_server} --api-key test-key --
      ${FACELLAVA_PYTHON3} ${serve_dir}/python_client.py auth test-key)
    add_test(NAME cli.serve_python_timeout COMMAND ${with_server} --request-timeout-s 0.001 --
      ${FACELLAVA_PYTHON3} ${serve_dir}/python_client.py timeout)
    # The crop Face-LLaVA sees: serve's --crop-from as analyze's.
    add_test(NAME cli.serve_crop_from COMMAND ${with_server} --crop-from blazeface --
      ${FACELLAVA_PYTHON3} ${serve_dir}/crop_from_client.py $<TARGET_FILE:facellava>
      ${serve_photos})
    add_test(NAME cli.serve_load COMMAND ${with_server} --parallel 2 --
      ${FACELLAVA_PYTHON3} ${serve_dir}/load_test.py ${serve_photos} --clients 4 --requests 10
      --max-tokens 8)
    # A client that leaves a non-streaming answer (issue #27): a freshly
    # initialised model (random weights do not say EOS; a 4096-token context)
    # answers long enough to leave, and --parallel 1 --queue 0 shows when its
    # slot comes free.
    set(serve_slow ${CMAKE_CURRENT_BINARY_DIR}/serve_slow_model)
    add_test(NAME cli.serve_slow_model_setup COMMAND ${FACELLAVA_PYTHON3}
      ${serve_dir}/disconnect_client.py model $<TARGET_FILE:facellava> ${serve_nano} ${serve_slow}
      4096)
    set_tests_properties(cli.serve_slow_model_setup PROPERTIES FIXTURES_SETUP serve_slow_model)
    add_test(NAME cli.serve_disconnect COMMAND ${with_server} --checkpoint ${serve_slow}
      --parallel 1 --queue 0 --max-new-tokens 4000 --
      ${FACELLAVA_PYTHON3} ${serve_dir}/disconnect_client.py run 4000)
    set_tests_properties(cli.serve_disconnect PROPERTIES FIXTURES_REQUIRED serve_slow_model)
    # The load test judges the server's latency and memory plateau: it owns
    # the machine (alongside the suite's heaviest tests it failed once in 978,
    # passing alone and beside the TF.js reference run).
    set_tests_properties(cli.serve_load PROPERTIES RUN_SERIAL TRUE)
    list(APPEND serve_tests cli.serve_python cli.serve_python_api_key cli.serve_python_timeout
      cli.serve_crop_from cli.serve_load cli.serve_slow_model_setup cli.serve_disconnect)

    # A video to a checkpoint with a video tower (the fixture's tiny model as
    # a released checkpoint with both towers inside; their architectures from
    # the fixture HF cache): by path, as frames, streamed, against `chat
    # --video`, and refused outside --media-root or over --max-frames. The
    # client makes the clip with ffmpeg in the media root.
    find_program(FACELLAVA_SERVE_FFMPEG ffmpeg)
    find_program(FACELLAVA_SERVE_FFPROBE ffprobe)
    if(FACELLAVA_SERVE_FFMPEG AND FACELLAVA_SERVE_FFPROBE)
      set(serve_layouts ${FACELLAVA_FIXTURES_DEFAULT}/checkpoint_layouts)
      set(serve_video ${CMAKE_CURRENT_BINARY_DIR}/serve_video)
      add_test(NAME cli.serve_video_setup COMMAND ${CMAKE_COMMAND} -E make_directory
        ${serve_video})
      set_tests_properties(cli.serve_video_setup PROPERTIES FIXTURES_SETUP serve_video)
      add_test(NAME cli.serve_video COMMAND ${with_server} --checkpoint
        ${serve_layouts}/released_embedded --media-root ${serve_video} --max-frames 6 --
        ${FACELLAVA_PYTHON3} ${serve_dir}/video_client.py $<TARGET_FILE:facellava>
        ${FACELLAVA_FIXTURES_DEFAULT} ${serve_photos} ${serve_video} 6)
      set(serve_video_env HF_HOME=${serve_layouts}/hf_home_configs_only
        FFMPEG=${FACELLAVA_SERVE_FFMPEG} FFPROBE=${FACELLAVA_SERVE_FFPROBE})
      set_tests_properties(cli.serve_video PROPERTIES FIXTURES_REQUIRED serve_video
        ENVIRONMENT "${serve_video_env}")
      list(APPEND serve_tests cli.serve_video_setup cli.serve_video)
    endif()
  endif()

  find_program(FACELLAVA_SERVE_NODE node)
  find_program(FACELLAVA_SERVE_NPM npm)
  if(FACELLAVA_SERVE_NODE AND FACELLAVA_SERVE_NPM)
    set(serve_js ${CMAKE_CURRENT_BINARY_DIR}/serve_js)
    add_test(NAME cli.serve_js_setup COMMAND ${CMAKE_COMMAND} -DNPM=${FACELLAVA_SERVE_NPM}
      -DSOURCE=${serve_dir}/js -DWORK=${serve_js} -P ${serve_dir}/js_setup.cmake)
    set_tests_properties(cli.serve_js_setup PROPERTIES FIXTURES_SETUP serve_js TIMEOUT 300)
    add_test(NAME cli.serve_js COMMAND ${with_server} --api-key js-key --
      ${FACELLAVA_SERVE_NODE} ${serve_js}/client.mjs js-key ${serve_photos})
    set_tests_properties(cli.serve_js PROPERTIES FIXTURES_REQUIRED serve_js)
    list(APPEND serve_tests cli.serve_js_setup cli.serve_js)
  endif()
  set_tests_properties(${serve_tests} PROPERTIES LABELS cli)
  set_tests_properties(cli.serve_curl PROPERTIES TIMEOUT 180)
  foreach(test IN ITEMS cli.serve_python cli.serve_python_api_key cli.serve_python_timeout
                        cli.serve_load cli.serve_disconnect cli.serve_js cli.serve_video)
    if(TEST ${test})
      set_tests_properties(${test} PROPERTIES TIMEOUT 300)
    endif()
  endforeach()
endif()
