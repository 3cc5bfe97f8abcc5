# The search index that follows the mentions: found at once, indexed within 2 s, exact after kills.
warroom_add_test(NAME ingest_index LABEL core SOURCES tst_ingest_index.cpp
    ${CMAKE_SOURCE_DIR}/tests/bench/crisisgen.h ${CMAKE_SOURCE_DIR}/tests/bench/crisisgen.cpp)
target_include_directories(tst_ingest_index PRIVATE ${CMAKE_SOURCE_DIR}/tests/bench)
target_compile_definitions(tst_ingest_index PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(tst_ingest_index warroom)
