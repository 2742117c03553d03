# `facellava bench --suite train` through the binary on the tiny shape: the
# JSON must show a real training step, not just a timing: tokens/s > 0, an
# MFU in (0, 1] against the matmul peak of the same run, finite losses, and
# the loss after the timed steps below the first step's on the repeated batch.
#
#   cmake -DFACELLAVA=<binary> -P bench_train_check.cmake
if(NOT FACELLAVA)
  message(FATAL_ERROR "bench_train_check.cmake needs -DFACELLAVA=…")
endif()
execute_process(COMMAND "${FACELLAVA}" bench --suite train --synthetic tiny --device cpu
  --repeats 1 --quiet RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "facellava bench exited with ${rc}:\n${out}${err}")
endif()
string(JSON rows ERROR_VARIABLE problem GET "${out}" train)
if(problem)
  message(FATAL_ERROR "no train suite in the output (${problem}):\n${out}")
endif()
string(JSON shape GET "${out}" train 0 shape)
string(JSON tokens_per_s GET "${out}" train 0 tokens_per_s)
string(JSON mfu GET "${out}" train 0 mfu)
string(JSON first GET "${out}" train 0 loss_first_step)
string(JSON after GET "${out}" train 0 loss_after)
string(JSON peak GET "${out}" roofline matmul_tflop_s)
message(STATUS "train ${shape}: ${tokens_per_s} tokens/s, MFU ${mfu} of ${peak} TFLOP/s, "
  "loss ${first} → ${after}")
# if(LESS/GREATER) compares as floating-point numbers; "nan"/"inf" are not
# numbers to CMake, and JSON has neither (nlohmann writes null).
foreach(name tokens_per_s mfu first after)
  if(NOT "${${name}}" MATCHES "^-?[0-9.]+([eE][-+]?[0-9]+)?$")
    message(FATAL_ERROR "${name} is not a finite number: '${${name}}'\n${out}")
  endif()
endforeach()
if(NOT tokens_per_s GREATER 0)
  message(FATAL_ERROR "tokens/s ${tokens_per_s} is not positive\n${out}")
endif()
if(NOT mfu GREATER 0 OR mfu GREATER 1)
  message(FATAL_ERROR "MFU ${mfu} is outside (0, 1]\n${out}")
endif()
if(NOT after LESS first)
  message(FATAL_ERROR "the loss did not fall on the repeated batch: ${first} → ${after}\n${out}")
endif()
