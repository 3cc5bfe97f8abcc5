# bench_ingest: warroom import vs sqlite3 .import of the same generated crisis, and search latency.
add_executable(bench_ingest ${CMAKE_CURRENT_LIST_DIR}/bench_ingest.cpp
                            ${CMAKE_CURRENT_LIST_DIR}/crisisgen.h ${CMAKE_CURRENT_LIST_DIR}/crisisgen.cpp)
warroom_target_defaults(bench_ingest)
target_link_libraries(bench_ingest PRIVATE warroom_core)
target_compile_definitions(bench_ingest PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(bench_ingest warroom)
