# `facellava bench --suite answers` through the binary: the tiny shape with 2
# faces at batch limits 1 and 4, 4 tokens per answer, and (NANO=ON: a media
# and SentencePiece build, which has the demo photos) the demo model on the
# demo photos' faces. The JSON must show what was asked, not just timings:
#   - every run answered faces × questions, tiny's 2 × 5 answers of exactly 4
#     tokens each (its eos is disabled), so the batched run did all the work;
#   - answers/s and the speed-up over the same run's sequential path are
#     positive, and the speed-up is on the side of 1 the two rates say;
#   - limit 1 decodes one sequence a step, limit 4 more than one (the batch
#     really batches) and never more than 4;
#   - the batched greedy answers equal the sequential ones (identical_answers).
#
#   cmake -DFACELLAVA=<binary> -DNANO=ON|OFF -P bench_answers_check.cmake
if(NOT FACELLAVA)
  message(FATAL_ERROR "bench_answers_check.cmake needs -DFACELLAVA=…")
endif()
set(faces 2)
set(tokens 4)
set(questions 5)  # the synthetic path's questions per face
execute_process(COMMAND "${FACELLAVA}" bench --suite answers --synthetic tiny --faces ${faces}
  --batch 1,4 --answer-tokens ${tokens} --repeats 1 --device cpu --quiet
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "facellava bench exited with ${rc}:\n${out}${err}")
endif()
string(JSON records ERROR_VARIABLE problem LENGTH "${out}" answers)
if(problem OR NOT records EQUAL 2)
  message(FATAL_ERROR "expected the answers suite's nano and tiny records (${problem}):\n${out}")
endif()

function(number record path out_var)
  string(JSON value ERROR_VARIABLE problem GET "${out}" answers ${record} ${path})
  # if(LESS/GREATER) compares as floating-point numbers; JSON has no nan/inf.
  if(problem OR NOT "${value}" MATCHES "^-?[0-9.]+([eE][-+]?[0-9]+)?$")
    message(FATAL_ERROR "answers ${record} ${path} is not a number: '${value}' ${problem}\n${out}")
  endif()
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()

# One measured record: `answers` answers per run, `per_answer` tokens each
# (empty: not fixed, a real model stops at its eos).
function(check_record record expected_answers per_answer)
  string(JSON model GET "${out}" answers ${record} model)
  number(${record} "sequential;answers_per_s" sequential)
  number(${record} "sequential;answers" sequential_answers)
  if(NOT sequential GREATER 0 OR NOT sequential_answers EQUAL expected_answers)
    message(FATAL_ERROR "${model}: sequential ${sequential_answers} answers at ${sequential}/s, "
      "expected ${expected_answers} at a positive rate\n${out}")
  endif()
  string(JSON rows LENGTH "${out}" answers ${record} batched)
  if(NOT rows EQUAL 2)
    message(FATAL_ERROR "${model}: expected batch limits 1 and 4, got ${rows} rows\n${out}")
  endif()
  foreach(row 0 1)
    number(${record} "batched;${row};batch_limit" limit)
    set(at "batched;${row}")
    foreach(key answers_per_s speedup mean_batch answers tokens peak_kv_bytes tower_ms
        prefill_ms decode_ms)
      number(${record} "${at};${key}" ${key})
    endforeach()
    string(JSON identical GET "${out}" answers ${record} batched ${row} identical_answers)
    message(STATUS "${model} limit ${limit}: ${answers_per_s} answers/s, speed-up ${speedup}, "
      "mean batch ${mean_batch}, identical ${identical}")
    if(NOT answers EQUAL expected_answers OR NOT answers_per_s GREATER 0 OR NOT speedup GREATER 0
        OR NOT peak_kv_bytes GREATER 0)
      message(FATAL_ERROR "${model} limit ${limit}: ${answers} answers (expected "
        "${expected_answers}), "
        "${answers_per_s}/s, speed-up ${speedup}, peak KV ${peak_kv_bytes}\n${out}")
    endif()
    if(per_answer)
      math(EXPR expected_tokens "${answers} * ${per_answer}")
      if(NOT tokens EQUAL expected_tokens)
        message(FATAL_ERROR "${model} limit ${limit}: ${tokens} tokens, expected "
          "${expected_tokens}\n${out}")
      endif()
    endif()
    # The speed-up is the batched rate over the sequential one of this run
    # (CMake has no float arithmetic: at least its side of 1 must agree).
    if((answers_per_s GREATER sequential AND NOT speedup GREATER 1) OR
        (answers_per_s LESS sequential AND NOT speedup LESS 1))
      message(FATAL_ERROR "${model} limit ${limit}: speed-up ${speedup} but ${answers_per_s} "
        "answers/s against ${sequential} sequentially\n${out}")
    endif()
    if(limit EQUAL 1 AND NOT mean_batch EQUAL 1)
      message(FATAL_ERROR "${model}: limit 1 ran ${mean_batch} sequences a step\n${out}")
    endif()
    if(limit EQUAL 4 AND (NOT mean_batch GREATER 1 OR mean_batch GREATER 4))
      message(FATAL_ERROR "${model}: limit 4 ran ${mean_batch} sequences a step, expected "
        "(1, 4]\n${out}")
    endif()
    if(NOT identical STREQUAL "ON" AND NOT identical STREQUAL "true")
      message(FATAL_ERROR "${model} limit ${limit}: the batched answers differ from the "
        "sequential ones\n${out}")
    endif()
  endforeach()
endfunction()

# Record 1: the tiny shape, 2 faces × 5 questions of exactly 4 tokens.
math(EXPR tiny_answers "${faces} * ${questions}")
check_record(1 ${tiny_answers} ${tokens})

# Record 0: nano, measured in a media + SentencePiece build, skipped otherwise.
string(JSON skipped ERROR_VARIABLE not_skipped GET "${out}" answers 0 skipped)
if(NANO)
  if(NOT not_skipped)
    message(FATAL_ERROR "the nano record was skipped: ${skipped}\n${out}")
  endif()
  number(0 faces nano_faces)
  number(0 questions_per_face nano_questions)
  math(EXPR nano_answers "${nano_faces} * ${nano_questions}")
  if(NOT nano_faces GREATER 0 OR NOT nano_questions GREATER 0)
    message(FATAL_ERROR "nano: ${nano_faces} faces x ${nano_questions} questions\n${out}")
  endif()
  check_record(0 ${nano_answers} "")
elseif(not_skipped)
  message(FATAL_ERROR "nano should say why it was skipped in this build\n${out}")
endif()
