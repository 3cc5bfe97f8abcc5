# libFuzzer targets (tests/fuzz). Two ways in:
#  - a clang build configured with -DWARROOM_FUZZ=ON builds them (target warroom_fuzzers), with
#    warroom_core instrumented for libFuzzer, ASan and UBSan;
#  - the normal build registers one ctest test (label fuzz) that makes such a build beside itself
#    (<build>/fuzz) and runs every fuzzer briefly on seeds from ../shared/data plus the committed
#    regression inputs. It is skipped (exit 77) when clang or its libFuzzer runtime is missing.
option(WARROOM_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(WARROOM_FUZZ)
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        add_subdirectory(${CMAKE_CURRENT_LIST_DIR} ${CMAKE_BINARY_DIR}/tests/fuzz)
    else()
        message(WARNING "WARROOM_FUZZ needs clang (CMAKE_CXX_COMPILER=clang++); fuzzers not built")
    endif()
else()
    set(WARROOM_FUZZ_SECONDS 20 CACHE STRING "Seconds each fuzzer runs in the fuzz ctest test")
    add_test(NAME fuzz_smoke
             COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run-fuzzers.sh --source ${CMAKE_SOURCE_DIR}
                     --build ${CMAKE_BINARY_DIR}/fuzz --shared ${WARROOM_SHARED_DIR}
                     --seconds ${WARROOM_FUZZ_SECONDS})
    # The fuzz build compiles on both cores; ctest then keeps other tests off them.
    set_tests_properties(fuzz_smoke PROPERTIES LABELS fuzz TIMEOUT 1500 PROCESSORS 2
                                               SKIP_RETURN_CODE 77)
endif()
