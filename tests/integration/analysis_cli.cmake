# warroom label / rank / eval as a user runs them (the real binary, real files).
warroom_add_test(NAME analysis_cli LABEL integration
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysis_cli.cpp)
target_compile_definitions(tst_analysis_cli PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_analysis_cli warroom)
