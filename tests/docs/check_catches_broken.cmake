# The link check must catch what it is for: in a generated tree, a link to a
# missing file and to a missing heading fail it, naming both, while a repeated
# heading's anchor (-1), a link inside a code block and a web link pass.
#
# Usage: cmake -DPYTHON=<python3> -DCHECK=<check_links.py> -DWORK_DIR=<dir> -P check_catches_broken.cmake
cmake_minimum_required(VERSION 3.25)
set(tree "${WORK_DIR}/docs_links_broken")
file(REMOVE_RECURSE "${tree}")
file(WRITE "${tree}/a.md" [=[
# Title
## Same
## Same
## `code` and, punctuation!
[repeat](#same-1) [punctuation](#code-and-punctuation) [web](https://example.org/x.md)
[gone heading](b.md#nowhere) [gone file](missing.md)
```
[in code](ignored.md)
```
]=])
file(WRITE "${tree}/b.md" "# B\n")
execute_process(COMMAND "${PYTHON}" "${CHECK}" "${tree}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "check_links.py passed a tree with broken links:\n${out}")
endif()
foreach(expected "b.md#nowhere: no heading '#nowhere' in b.md" "missing.md: no such file"
                 "2 broken link")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "check_links.py did not report '${expected}':\n${out}")
  endif()
endforeach()
