# The layering check (cmake -P; docs/ARCHITECTURE.md draws the layers):
#   app → ui → (training, pipeline) → model → core
# It fails when
#   1. a layer's CMakeLists.txt names another layer's src/ folder;
#   2. a layer's source includes a header that exists only in another layer's
#      src/ folder, unless the layer may use that layer's internals;
#   3. a layer links another layer's facellava_<layer>_internals target
#      without being allowed to.
# The internal targets are the one sanctioned way into a lower layer's src/:
# training builds on the engine's internals, the bench tool (app/bench) on the
# engine's, the pipeline's and the trainer's. tests/ is outside the product
# and may use every internal target.
#
# Usage: cmake -DSOURCE_DIR=<tree> -P check_layering.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=<source tree> -P check_layering.cmake")
endif()

# Layer name → folder (relative to SOURCE_DIR), the roots its own quoted
# includes resolve against, and which of them are private to other layers.
set(LAYERS core model pipeline training ui app)
set(core_DIR core)
set(core_ROOTS core/src)
set(core_PRIVATE core/src)
set(model_DIR model)
set(model_ROOTS model/src)
set(model_PRIVATE model/src)
set(pipeline_DIR model/pipeline)
set(pipeline_ROOTS model/pipeline/src)
set(pipeline_PRIVATE model/pipeline/src)
set(training_DIR training)
set(training_ROOTS training/src)
set(training_PRIVATE training/src)
set(ui_DIR ui)
set(ui_ROOTS ui)
set(ui_PRIVATE)  # facellava_ui's folder is its public interface (the GUI app includes it)
set(app_DIR app)
set(app_ROOTS app/cli app/gui app/bench/src)
set(app_PRIVATE app/bench/src)

# Whose internals each layer may use (besides its own).
set(core_MAY_USE)
set(model_MAY_USE)
set(pipeline_MAY_USE)
set(training_MAY_USE model)
set(ui_MAY_USE)
set(app_MAY_USE model pipeline training)

# The layer a path (relative to SOURCE_DIR) belongs to; model/pipeline is
# inside model/ but is a layer of its own.
function(layer_of rel out)
  set(result "")
  foreach(layer IN LISTS LAYERS)
    set(dir ${${layer}_DIR})
    if(rel STREQUAL dir OR rel MATCHES "^${dir}/")
      string(LENGTH "${dir}" len)
      if(NOT result)
        set(result ${layer})
        set(best ${len})
      elseif(len GREATER best)
        set(result ${layer})
        set(best ${len})
      endif()
    endif()
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

set(problems "")

# Files of a layer: under its folder but not under a nested layer's.
function(layer_files layer pattern out)
  file(GLOB_RECURSE found RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/${${layer}_DIR}/${pattern})
  set(kept)
  foreach(rel IN LISTS found)
    layer_of("${rel}" owner)
    if(owner STREQUAL layer)
      list(APPEND kept ${rel})
    endif()
  endforeach()
  set(${out} ${kept} PARENT_SCOPE)
endfunction()

foreach(layer IN LISTS LAYERS)
  # 1 and 3: the layer's CMake files.
  layer_files(${layer} "CMakeLists.txt" cmake_files)
  foreach(rel IN LISTS cmake_files)
    file(READ ${SOURCE_DIR}/${rel} text)
    string(REGEX MATCHALL "\\$\\{(PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR)\\}/[A-Za-z0-9_/]+/src" named "${text}")
    foreach(ref IN LISTS named)
      string(REGEX REPLACE "^\\$\\{[A-Z_]+\\}/" "" target_rel "${ref}")
      layer_of("${target_rel}" owner)
      if(owner AND NOT owner STREQUAL layer)
        string(APPEND problems "  ${rel} names ${target_rel} (layer ${owner}); link facellava_${owner}_internals or use its public headers\n")
      endif()
    endforeach()
    string(REGEX MATCHALL "facellava_[a-z]+_internals" linked "${text}")
    list(REMOVE_DUPLICATES linked)
    foreach(target IN LISTS linked)
      string(REGEX REPLACE "^facellava_([a-z]+)_internals$" "\\1" owner "${target}")
      if(owner STREQUAL "bench")
        set(owner app)  # app/bench's internals, for the tests
      endif()
      if(NOT owner STREQUAL layer AND NOT owner IN_LIST ${layer}_MAY_USE)
        string(APPEND problems "  ${rel} uses ${target}: layer ${layer} may not build on ${owner}'s internals\n")
      endif()
    endforeach()
  endforeach()

  # 2: the layer's sources.
  set(roots ${${layer}_ROOTS})
  foreach(other IN LISTS ${layer}_MAY_USE)
    list(APPEND roots ${${other}_PRIVATE})
  endforeach()
  layer_files(${layer} "*.cpp" cpp_files)
  layer_files(${layer} "*.h" h_files)
  layer_files(${layer} "*.cu" cu_files)
  foreach(rel IN LISTS cpp_files h_files cu_files)
    file(STRINGS ${SOURCE_DIR}/${rel} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    get_filename_component(dir ${rel} DIRECTORY)
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" header "${line}")
      if(header MATCHES "^facellava/")
        continue()  # a public header (include/facellava/...)
      endif()
      if(EXISTS ${SOURCE_DIR}/${dir}/${header})
        # Relative to the file: fine while it stays in the layer or its allowed internals.
        get_filename_component(resolved ${SOURCE_DIR}/${dir}/${header} ABSOLUTE)
        file(RELATIVE_PATH resolved_rel ${SOURCE_DIR} ${resolved})
        layer_of("${resolved_rel}" owner)
        if(owner AND NOT owner STREQUAL layer AND NOT owner IN_LIST ${layer}_MAY_USE)
          string(APPEND problems "  ${rel} includes \"${header}\" from layer ${owner}'s src\n")
        endif()
        continue()
      endif()
      set(found_in "")
      foreach(root IN LISTS roots)
        if(EXISTS ${SOURCE_DIR}/${root}/${header})
          set(found_in ${root})
          break()
        endif()
      endforeach()
      if(found_in)
        continue()
      endif()
      # Not ours: is it another layer's private header?
      foreach(other IN LISTS LAYERS)
        foreach(root IN LISTS ${other}_PRIVATE)
          if(NOT other STREQUAL layer AND EXISTS ${SOURCE_DIR}/${root}/${header})
            string(APPEND problems "  ${rel} includes \"${header}\", a private header of ${other} (${root})\n")
          endif()
        endforeach()
      endforeach()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "layering violations in ${SOURCE_DIR}:\n${problems}"
                      "See docs/ARCHITECTURE.md (Layers).")
endif()
message(STATUS "layering: every layer stays inside its own src/ and the internals it may use")
