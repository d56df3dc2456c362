# What a project that writes its own protocols adds to its CMakeLists.txt (after find_package(weft), or
# add_subdirectory of weft): a command-line tool for its protocols, its invariant tests, and its corpus of
# traces as ctest tests. weft's own `weft` command, tests and corpus are built with these same functions.
#
#   weft_add_tool(lockcheck PROTOCOLS tool/lock_registration.cpp LIBRARIES lock)
#   weft_add_test(lock_tests SOURCES tests/lock_test.cpp LIBRARIES lock TOOL lockcheck)
#   weft_add_corpus(TOOL lockcheck DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/corpus)

include_guard(GLOBAL)

# weft_add_tool(NAME PROTOCOLS file.cpp... [LIBRARIES lib...] [OUTPUT_NAME name] [BATCH n])
# An executable with every subcommand (list, check, replay, shrink, diff, show, snapshot, transplant,
# convert, run, nightly) over the protocols that the PROTOCOLS files register, one weft::cli::Registration
# a file. LIBRARIES are linked (the targets that hold the protocols' headers). BATCH n compiles the files
# n to a translation unit (a unity build): what every registration instantiates besides its own model
# (the subcommands' common code, the engines' parts that do not depend on it) is then compiled once per
# batch instead of once per file, a third to a half of each further file's build when optimised. The files of a batch
# share one unit, so each must give its registration a name of its own.
function(weft_add_tool name)
  cmake_parse_arguments(arg "" "OUTPUT_NAME;BATCH" "PROTOCOLS;LIBRARIES" ${ARGN})
  if(NOT arg_PROTOCOLS)
    message(FATAL_ERROR "weft_add_tool(${name}): name the files that register its protocols: PROTOCOLS file.cpp ...")
  endif()
  add_executable(${name} ${arg_PROTOCOLS})
  target_link_libraries(${name} PRIVATE weft::cli_main weft::cli ${arg_LIBRARIES})
  if(arg_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${arg_OUTPUT_NAME})
  endif()
  if(arg_BATCH)
    set_target_properties(${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${arg_BATCH})
  endif()
endfunction()

# weft_add_test(NAME SOURCES file.cpp... [LIBRARIES lib...] [TOOL tool] [PROPERTIES prop value...])
# A GoogleTest executable (with RapidCheck when it is installed) whose tests ctest discovers, each with
# the ctest PROPERTIES given (COST 100 to start long searches first, TIMEOUT, LABELS...). A failing
# check of a model built from its weft::protocol definition leaves its trace under this folder's
# weft-traces/ and prints the line that replays it with TOOL (environment variables WEFT_TRACE_DIR and
# WEFT_TOOL override both when a test runs).
function(weft_add_test name)
  cmake_parse_arguments(arg "" "TOOL" "SOURCES;LIBRARIES;PROPERTIES" ${ARGN})
  find_package(GTest REQUIRED CONFIG)
  find_package(rapidcheck CONFIG QUIET)
  include(GoogleTest)
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE weft::weft weft::checker weft::shrinker ${arg_LIBRARIES} GTest::gtest GTest::gtest_main)
  if(TARGET rapidcheck)
    target_link_libraries(${name} PRIVATE rapidcheck_gtest rapidcheck)
  endif()
  target_compile_definitions(${name} PRIVATE "WEFT_DEFAULT_TRACE_DIR=\"${CMAKE_CURRENT_BINARY_DIR}/weft-traces\"")
  if(arg_TOOL)
    target_compile_definitions(${name} PRIVATE "WEFT_DEFAULT_TOOL=\"$<TARGET_FILE:${arg_TOOL}>\"")
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES ENVIRONMENT "RC_PARAMS=seed=42" ${arg_PROPERTIES})
endfunction()

# weft_add_corpus(TOOL tool DIRECTORY dir [PREFIX name] [LABELS label...] [MODES regression strict])
# Every trace under DIRECTORY (*.json, *.bin) becomes ctest tests: `TOOL replay FILE --expect
# --regression` (named PREFIX + the file's path under DIRECTORY) holds the verdict, so a `violates` trace
# keeps a bug caught and a `holds` one keeps a fix fixed, while a state whose layout changed is only
# reported as drift; `TOOL replay FILE --expect` (the same name + ":strict") also holds every state and
# effect to the recording, a determinism check. MODES picks either (default: both). The folder is globbed
# again at each build, so adding a file adds its tests.
function(weft_add_corpus)
  cmake_parse_arguments(arg "" "TOOL;DIRECTORY;PREFIX" "LABELS;MODES" ${ARGN})
  if(NOT arg_MODES)
    set(arg_MODES regression strict)
  endif()
  if(NOT arg_TOOL OR NOT arg_DIRECTORY)
    message(FATAL_ERROR "weft_add_corpus: needs TOOL (the tool that replays the traces) and DIRECTORY")
  endif()
  get_filename_component(dir ${arg_DIRECTORY} ABSOLUTE)
  file(GLOB_RECURSE traces CONFIGURE_DEPENDS ${dir}/*.json ${dir}/*.bin)
  foreach(trace IN LISTS traces)
    file(RELATIVE_PATH name ${dir} ${trace})
    if(regression IN_LIST arg_MODES)
      add_test(NAME ${arg_PREFIX}${name} COMMAND ${arg_TOOL} replay ${trace} --expect --regression)
      set_tests_properties(${arg_PREFIX}${name} PROPERTIES LABELS "corpus;${arg_LABELS}")
    endif()
    if(strict IN_LIST arg_MODES)
      add_test(NAME ${arg_PREFIX}${name}:strict COMMAND ${arg_TOOL} replay ${trace} --expect)
      set_tests_properties(${arg_PREFIX}${name}:strict PROPERTIES LABELS "corpus;${arg_LABELS}")
    endif()
  endforeach()
endfunction()
