# How weft's tests are built: GoogleTest executables whose tests ctest discovers, RapidCheck seeded.
find_package(GTest REQUIRED CONFIG)
find_package(rapidcheck REQUIRED CONFIG)
include(GoogleTest)

# weft_test(NAME SOURCES... [COST n]): one GoogleTest executable, each of its tests registered with ctest;
# made by weft_add_test (cmake/weft_tools.cmake), as a user's tests are, with the bundled weft command as
# the tool that replays their traces. COST: ctest starts tests of higher cost first (a fresh build has no
# timings of its own), so that a long test does not start last and run alone.
function(weft_test name)
  cmake_parse_arguments(arg "" "COST" "" ${ARGN})
  set(tool "")
  if(WEFT_BUILD_CLI)  # the command is made after the protocols' tests: its name is resolved at generation
    set(tool TOOL weft_cli)
  endif()
  set(properties "")
  if(arg_COST)
    set(properties PROPERTIES COST ${arg_COST})
  endif()
  weft_add_test(${name} SOURCES ${arg_UNPARSED_ARGUMENTS} LIBRARIES weft::properties weft::protocols ${tool} ${properties})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  # One translation unit per executable: its files share the instantiations of the checker and the
  # worlds they test, which dominate the build.
  set_target_properties(${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
  # In the optimised build, -O1: these tests run small searches, and -O3 only lengthens their build
  # (weft_core_tests: 127 against 88 CPU-s). The command and the protocols' property tests, whose
  # searches are large, keep the build type's flags.
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release>:-O1>)
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
