# Script: configure, build and run the consumer project against weft (installed, or as a subdirectory).
file(REMOVE_RECURSE ${WORK})
if(MODE STREQUAL "find_package")
  # Installs this very build (headers, libraries, the weft command, the CMake package) into a prefix.
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${WEFT_BUILD} --prefix ${WORK}/prefix COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
  set(extra -DCMAKE_PREFIX_PATH=${WORK}/prefix)
else()
  set(extra -DWEFT_SOURCE=${WEFT_SOURCE})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK}/consumer-build -G Ninja -DWEFT_MODE=${MODE} ${extra}
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/consumer-build COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${WORK}/consumer-build/consumer OUTPUT_VARIABLE out COMMAND_ERROR_IS_FATAL ANY)
if(NOT out MATCHES "Count\\{n: 3\\}")
  message(FATAL_ERROR "consumer printed: ${out}")
endif()
message(STATUS "consumer printed: ${out}")
