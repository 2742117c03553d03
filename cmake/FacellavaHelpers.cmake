# Shared helpers for the layer CMakeLists.

# facellava_warnings(target): the warning set every target of ours builds with.
function(facellava_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()

# facellava_sources(out_var dir...): every .cpp under the given folders.
# CONFIGURE_DEPENDS keeps the lists right when files are added.
function(facellava_sources out_var)
  set(result)
  foreach(dir IN LISTS ARGN)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS "${dir}/*.cpp")
    list(APPEND result ${found})
  endforeach()
  set(${out_var} ${result} PARENT_SCOPE)
endfunction()
