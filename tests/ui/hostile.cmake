# Issue 9, hostile mention text in every view, the wall and the PDF (the real binary imports and
# reports; the app runs offscreen).
warroom_add_test(NAME hostile_text LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_hostile_text.cpp
                 LIBS warroom_app)
target_compile_definitions(tst_hostile_text PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_hostile_text warroom)
