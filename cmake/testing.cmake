# How weft's tests are built: GoogleTest executables whose tests ctest discovers, RapidCheck seeded.
find_package(GTest REQUIRED CONFIG)
find_package(rapidcheck REQUIRED CONFIG)
include(GoogleTest)

# weft_test(NAME SOURCES...): one GoogleTest executable, each of its tests registered with ctest.
function(weft_test name)
  add_executable(${name} ${ARGN})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE weft::weft weft::checker weft::properties weft::shrinker weft::protocols
                        rapidcheck_gtest rapidcheck GTest::gtest GTest::gtest_main)
  # One translation unit per executable: its files share the instantiations of the checker and the
  # worlds they test, which dominate the build.
  set_target_properties(${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES ENVIRONMENT "RC_PARAMS=seed=42")
endfunction()

# The bundled protocols to build command-line entries and property tests for: every folder of protocols/
# by default; WEFT_ONLY_PROTOCOLS (a list) narrows it, for working on one protocol.
set(WEFT_ONLY_PROTOCOLS "" CACHE STRING "build only these bundled protocols (default: all)")
function(weft_protocols out)
  file(GLOB entries RELATIVE ${PROJECT_SOURCE_DIR}/protocols CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/protocols/*)
  set(names "")
  foreach(entry IN LISTS entries)
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/protocols/${entry} AND (NOT WEFT_ONLY_PROTOCOLS OR entry IN_LIST WEFT_ONLY_PROTOCOLS))
      list(APPEND names ${entry})
    endif()
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()
