# Script: compiles SOURCE, which must compile; its own #error lines say what it found wrong.
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${INCLUDES} ${SOURCE}
                RESULT_VARIABLE code ERROR_VARIABLE errors OUTPUT_QUIET)
if(NOT code EQUAL 0)
  string(FIND "${errors}" "error:" first)
  string(SUBSTRING "${errors}" ${first} 400 line)
  message(FATAL_ERROR "${SOURCE} does not compile:\n${line}")
endif()
