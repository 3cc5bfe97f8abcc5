warroom_add_test(NAME cli LABEL integration SOURCES tst_cli.cpp)
target_compile_definitions(tst_cli PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_cli warroom)
