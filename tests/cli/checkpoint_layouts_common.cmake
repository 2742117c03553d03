# Shared by checkpoint_inspect.cmake and chat_released.cmake: the fixture
# layouts (../shared/fixtures/checkpoint_layouts) and the places the tower
# search of model/include/facellava/model/checkpoint_report.h must name when
# a released checkpoint's towers are nowhere to be found.

# Paths without `..` or symlinks, so they compare with what the report prints.
get_filename_component(LAYOUTS "${LAYOUTS}" REALPATH)
set(HF_HOME_FIXTURE "${LAYOUTS}/hf_home")

# The snapshot folder refs/main points at, for hub id ORG/NAME in hf_home.
function(snapshot_of hub_id out_var)
  string(REPLACE "/" "--" folder "${hub_id}")
  set(repo "${HF_HOME_FIXTURE}/hub/models--${folder}")
  file(READ "${repo}/refs/main" revision)
  string(STRIP "${revision}" revision)
  set(${out_var} "${repo}/snapshots/${revision}" PARENT_SCOPE)
endfunction()

# An empty HF_HOME and HOME, HF_HUB_CACHE unset, run in WORKDIR: no tower
# anywhere. Sets NO_CACHE_ENV (a `cmake -E env` prefix) and NO_CACHE_DIRS.
function(make_empty_caches work)
  file(REMOVE_RECURSE "${work}")
  file(MAKE_DIRECTORY "${work}/hf_home" "${work}/home" "${work}/cwd")
  get_filename_component(work "${work}" REALPATH)
  set(NO_CACHE_ENV "${CMAKE_COMMAND}" -E env --unset=HF_HUB_CACHE --unset=XDG_CACHE_HOME
    "HF_HOME=${work}/hf_home" "HOME=${work}/home" PARENT_SCOPE)
  set(NO_CACHE_CWD "${work}/cwd" PARENT_SCOPE)
  set(NO_CACHE_HF_HOME "${work}/hf_home" PARENT_SCOPE)
  set(NO_CACHE_HOME "${work}/home" PARENT_SCOPE)
endfunction()

# Fails unless TEXT names every place searched for both towers of CHECKPOINT
# (checkpoint_report.h, steps 2 and 4; HF_HUB_CACHE is unset, so not a place).
function(expect_every_place text checkpoint what)
  set(places
    "LanguageBind/LanguageBind_Image"
    "LanguageBind/LanguageBind_Video_merge"
    "${checkpoint}/image_tower"
    "${checkpoint}/video_tower"
    "${checkpoint}/cache_dir"
    "${NO_CACHE_CWD}/cache_dir"
    "${NO_CACHE_HF_HOME}/hub"
    "${NO_CACHE_HOME}/.cache/huggingface/hub")
  foreach(place IN LISTS places)
    string(FIND "${text}" "${place}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${what} does not name ${place}:\n${text}")
    endif()
  endforeach()
endfunction()
