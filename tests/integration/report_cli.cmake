# Issue 7: warroom report, run as a user runs it (the real binary, real files, exit codes).
warroom_add_test(NAME report_cli LABEL integration SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_cli.cpp)
target_compile_definitions(tst_report_cli PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_report_cli warroom)
