# Installs the public headers, the command-line library and a package config, so that consumers can
# `find_package(weft)` and build their own tools, tests and corpus (cmake/weft_tools.cmake).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY checker/include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY shrinker/include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY properties/include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY runtime/include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY cli/include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(mpi_target "")
if(TARGET weft_mpi)
  set(mpi_target weft_mpi)
endif()
install(TARGETS weft weft_checker weft_shrinker weft_properties weft_runtime weft_cli_library weft_cli_main ${mpi_target}
  EXPORT weftTargets)
install(EXPORT weftTargets NAMESPACE weft:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
configure_package_config_file(cmake/weftConfig.cmake.in ${PROJECT_BINARY_DIR}/weftConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/weftConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/weftConfig.cmake ${PROJECT_BINARY_DIR}/weftConfigVersion.cmake
  cmake/dependencies.cmake cmake/weft_tools.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
