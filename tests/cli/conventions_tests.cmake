# Command-line and desktop conventions (issue #27, part 5; docs/USER_GUIDE.md
# "Command-line conventions"): the parser's aliases, short and hidden options
# and --json[=FILE]; the exit codes 3 (finished with failed files) and 130
# (Ctrl-C); the man pages and the bash completion the build writes; the
# AppStream file under --strict. Included at the end of tests/CMakeLists.txt.

# The parser and the completion writer on their own (no LibTorch: seconds to build).
facellava_add_gtest(facellava_cli_tests cli
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli_args.cpp
  ${PROJECT_SOURCE_DIR}/app/cli/cli_args.cpp
  ${PROJECT_SOURCE_DIR}/app/cli/completion.cpp)
target_include_directories(facellava_cli_tests PRIVATE ${PROJECT_SOURCE_DIR}/app/cli)

# Renamed options answer to their old names (hidden aliases, kept for a release).
add_test(NAME cli.renamed_option_old_name_accepted
  COMMAND facellava batch --threads -1 no-such-folder -o no-such-output)
set_tests_properties(cli.renamed_option_old_name_accepted PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "--jobs must be 0 \\(auto\\) or more")
add_test(NAME cli.old_names_not_in_help COMMAND facellava chat --help)
set_tests_properties(cli.old_names_not_in_help PROPERTIES LABELS cli
  FAIL_REGULAR_EXPRESSION "--system |--max-tokens"
  PASS_REGULAR_EXPRESSION "-c, --checkpoint DIR.*--system-prompt TEXT.*--max-new-tokens N.*--json\\[=FILE\\].*130")
add_test(NAME cli.overview_lists_exit_codes COMMAND facellava --help)
set_tests_properties(cli.overview_lists_exit_codes PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "3 finished, but some inputs failed.*130 stopped by Ctrl-C")

# bash completion: the built file, sourced into bash (tests/cli/completion_check.sh).
find_program(FACELLAVA_BASH bash)
if(FACELLAVA_BASH)
  add_test(NAME cli.bash_completion
    COMMAND ${FACELLAVA_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/completion_check.sh
      $<TARGET_FILE:facellava> ${CMAKE_BINARY_DIR}/installer/completion/facellava)
  set_tests_properties(cli.bash_completion PROPERTIES LABELS cli TIMEOUT 60)
endif()

# Man pages (help2man at build time, installer/cli/generate_man_pages.cmake).
if(FACELLAVA_HELP2MAN AND FACELLAVA_BASH)
  add_test(NAME cli.man_pages
    COMMAND ${FACELLAVA_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/man_pages_check.sh
      $<TARGET_FILE:facellava> ${CMAKE_BINARY_DIR}/installer/man)
  set_tests_properties(cli.man_pages PROPERTIES LABELS cli TIMEOUT 60)
endif()

# Exit codes of a batch: 3 with a failed input, 130 after Ctrl-C.
if(FACELLAVA_WITH_MEDIA)
  set(FACELLAVA_CONVENTIONS_PHOTOS "$ENV{FACELLAVA_ASSETS_DIR}")
  if(NOT FACELLAVA_CONVENTIONS_PHOTOS)
    set(FACELLAVA_CONVENTIONS_PHOTOS "$ENV{HOME}/.cache/facellava")
  endif()
  set(FACELLAVA_CONVENTIONS_PHOTOS "${FACELLAVA_CONVENTIONS_PHOTOS}/npm/face-api-1.7.15/package/demo")
  add_test(NAME cli.batch_failed_files_exit_3 COMMAND ${CMAKE_COMMAND}
    -DFACELLAVA=$<TARGET_FILE:facellava> -DPHOTO=${FACELLAVA_CONVENTIONS_PHOTOS}/sample1.jpg
    -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli_batch_exit_partial
    -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/batch_exit_partial.cmake)
  set_tests_properties(cli.batch_failed_files_exit_3 PROPERTIES LABELS cli TIMEOUT 180)
  if(FACELLAVA_BASH)
    add_test(NAME cli.batch_sigint_exit_130
      COMMAND ${FACELLAVA_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/sigint_exit_check.sh
        $<TARGET_FILE:facellava> ${FACELLAVA_CONVENTIONS_PHOTOS}
        ${CMAKE_CURRENT_BINARY_DIR}/cli_batch_sigint)
    set_tests_properties(cli.batch_sigint_exit_130 PROPERTIES LABELS cli TIMEOUT 150)
  endif()
endif()

# The AppStream metadata as configured into the build folder, under --strict
# (without network: the screenshot and homepage addresses are not fetched).
find_program(FACELLAVA_APPSTREAMCLI appstreamcli)
if(FACELLAVA_WITH_GUI AND FACELLAVA_APPSTREAMCLI AND FACELLAVA_BASH)
  # Plus what issue #27 asks the file to have (strict mode requires none of it).
  add_test(NAME install.appstream_strict
    COMMAND ${FACELLAVA_BASH} -c [=[
      set -e
      appstreamcli validate --strict --no-net "$1"
      for element in '<project_license>' '<metadata_license>' '<url type="homepage">https://' \
          '<screenshot type="default">' '<image type="source" width="1600" height="1000">https://' \
          '<content_rating type="oars-1.1"' '<release version="'; do
        grep -qF -- "$element" "$1" || { echo "FAIL: $1 lacks $element"; exit 1; }
      done]=] appstream_strict
      ${CMAKE_BINARY_DIR}/installer/io.github.facellava.Workbench.metainfo.xml)
  set_tests_properties(install.appstream_strict PROPERTIES LABELS install TIMEOUT 60)
endif()
