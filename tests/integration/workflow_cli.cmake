warroom_add_test(NAME workflow_cli LABEL integration SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_workflow_cli.cpp
                 LIBS warroom_fakesocial)
target_compile_definitions(tst_workflow_cli PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_workflow_cli warroom)
