# `warroom collect` on the real binary against a local server (recorded payloads).
warroom_add_test(NAME collect LABEL integration SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_collect.cpp
                 LIBS warroom_recordedserver)
target_compile_definitions(tst_collect PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_collect warroom)
