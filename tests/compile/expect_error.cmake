# Script: compiles SOURCE (which must fail) and checks that the first error line contains EXPECTED, and
# that it (clang) or the instantiation notes before it (g++) name the offending type NAMED.
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${INCLUDES} ${SOURCE}
                RESULT_VARIABLE code ERROR_VARIABLE errors OUTPUT_QUIET)
if(code EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
string(FIND "${errors}" "error:" first)
string(SUBSTRING "${errors}" 0 ${first} before)
string(SUBSTRING "${errors}" ${first} 400 line)
if(NOT line MATCHES "${EXPECTED}")
  message(FATAL_ERROR "the first error is not weft's:\n${line}")
endif()
# g++ names the type in the instantiation notes before the error (`T = Named]`), clang in the error itself.
if(NOT before MATCHES "T = ${NAMED}\\]" AND NOT line MATCHES "<${NAMED}>")
  message(FATAL_ERROR "the notes before the first error do not name ${NAMED}:\n${before}")
endif()
message(STATUS "first error: ${line}")
