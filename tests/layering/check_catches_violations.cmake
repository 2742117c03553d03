# The layering check must fail on each kind of violation: a small tree with
# one of each is built in WORK_DIR, check_layering.cmake runs over it in a
# child process, and every violation must be named in its output.
# Usage: cmake -DCHECK=<check_layering.cmake> -DWORK_DIR=<scratch> -P check_catches_violations.cmake
cmake_minimum_required(VERSION 3.25)
set(tree ${WORK_DIR}/layering_violations)
file(REMOVE_RECURSE ${tree})
file(WRITE ${tree}/training/src/dataset/reader.h "#pragma once\n")
file(WRITE ${tree}/model/src/llm/llama.h "#pragma once\n")
file(WRITE ${tree}/model/pipeline/src/frame_faces.h "#pragma once\n")
# 1: a CMakeLists naming another layer's src/.
file(WRITE ${tree}/ui/CMakeLists.txt
     "target_include_directories(facellava_ui PRIVATE \${PROJECT_SOURCE_DIR}/training/src)\n")
# 2: sources including another layer's private headers, directly and by a relative path.
file(WRITE ${tree}/ui/jobs/a.cpp "#include \"dataset/reader.h\"\n")
file(WRITE ${tree}/core/src/b.cpp "#include \"../../model/src/llm/llama.h\"\n")
file(WRITE ${tree}/training/src/c.cpp "#include \"frame_faces.h\"\n")
# 3: linking internals the layer may not build on.
file(WRITE ${tree}/model/pipeline/CMakeLists.txt
     "target_link_libraries(facellava_pipeline PRIVATE facellava_model_internals)\n")
# Allowed, must not be reported: training on the engine's internals.
file(WRITE ${tree}/training/src/d.cpp "#include \"llm/llama.h\"\n")
file(WRITE ${tree}/training/CMakeLists.txt
     "target_link_libraries(facellava_training PRIVATE facellava_model_internals)\n")

execute_process(COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${tree} -P ${CHECK}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the layering check passed a tree with violations:\n${out}")
endif()
foreach(expected
    "ui/CMakeLists.txt names training/src"
    "ui/jobs/a.cpp includes \"dataset/reader.h\", a private header of training"
    "core/src/b.cpp includes \"../../model/src/llm/llama.h\" from layer model"
    "training/src/c.cpp includes \"frame_faces.h\", a private header of pipeline"
    "model/pipeline/CMakeLists.txt uses facellava_model_internals")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the layering check did not report: ${expected}\nIts output:\n${out}")
  endif()
endforeach()
foreach(allowed "training/src/d.cpp" "training/CMakeLists.txt")
  string(FIND "${out}" "${allowed}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the layering check reported an allowed use (${allowed}):\n${out}")
  endif()
endforeach()
file(REMOVE_RECURSE ${tree})
message(STATUS "the layering check reports each kind of violation and nothing allowed")
