# cli.serve_js_setup: the official `openai` client for the JS test, installed
# with `npm ci` (exact versions and integrity hashes from package-lock.json)
# into the build tree — never into the source tree. The test script is copied
# beside node_modules so Node resolves "openai" from there.
#   cmake -DNPM=… -DSOURCE=tests/cli/serve/js -DWORK=<build dir> -P js_setup.cmake
file(MAKE_DIRECTORY ${WORK})
foreach(name package.json package-lock.json client.mjs)
  configure_file(${SOURCE}/${name} ${WORK}/${name} COPYONLY)
endforeach()
if(EXISTS ${WORK}/node_modules/openai/package.json)
  file(READ ${SOURCE}/package-lock.json lock)
  file(READ ${WORK}/node_modules/.package-lock.json installed)
  string(REGEX MATCH "\"integrity\": \"[^\"]+\"" want "${lock}")
  string(FIND "${installed}" "${want}" found)
  if(NOT found EQUAL -1)
    message(STATUS "openai already installed from this package-lock.json")
    return()
  endif()
endif()
execute_process(COMMAND ${NPM} ci --ignore-scripts --no-audit --no-fund --prefer-offline
  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "npm ci failed (${rc}): the openai client needs the npm registry or its "
    "cache once (scripts/bootstrap.sh --test)")
endif()
