# Script: configure, build and run the consumer project against weft (installed, or as a subdirectory).
file(REMOVE_RECURSE ${WORK})
if(MODE STREQUAL "find_package")
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${WEFT_SOURCE} -B ${WORK}/weft-build -G Ninja -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_CLI=OFF
                          -DCMAKE_INSTALL_PREFIX=${WORK}/prefix COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${WORK}/weft-build COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
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
