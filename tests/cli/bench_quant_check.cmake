# `facellava bench` with quantized weights through the binary on the tiny
# shape; tests/cli/bench_quant_check.py checks the JSON:
#   SUITE=llm:      a record per precision (fp32, int8, int4) with its bytes
#                   per token, decode and prefill times, bandwidth fractions,
#                   CPU kernel path and speed-up against fp32, all positive;
#   SUITE=accuracy: int8 against float32 on the random model agrees on the
#                   top-1 token at ≥ 90 % of the teacher-forced positions with
#                   a small KL — a property of int8 rounding, not a number of
#                   ours echoed back.
#
#   cmake -DFACELLAVA=<binary> -DPYTHON=<python3> -DCHECK=<…/bench_quant_check.py>
#         -DSUITE=llm|accuracy -DWORK=<dir> -P bench_quant_check.cmake
foreach(var FACELLAVA PYTHON CHECK SUITE WORK)
  if(NOT ${var})
    message(FATAL_ERROR "bench_quant_check.cmake needs -D${var}=…")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORK}")
if(SUITE STREQUAL "llm")
  set(args --suite llm --synthetic tiny --weights fp32,int8,int4 --decode-tokens 4 --repeats 1
    --prefill-tokens 16)
else()
  set(args --suite accuracy --synthetic tiny --weights int8,int4 --repeats 1)
endif()
execute_process(COMMAND "${FACELLAVA}" bench ${args} --device cpu --quiet
  RESULT_VARIABLE rc OUTPUT_FILE "${WORK}/bench_${SUITE}.json" ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  file(READ "${WORK}/bench_${SUITE}.json" out)
  message(FATAL_ERROR "facellava bench exited with ${rc}:\n${out}${err}")
endif()
execute_process(COMMAND "${PYTHON}" "${CHECK}" ${SUITE} "${WORK}/bench_${SUITE}.json"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the bench JSON failed its check:\n${out}${err}")
endif()
