# bench_scale: cold open and peak memory of the app on a big store, ranking and timeline refresh
# against the same GROUP BY in sqlite3's CLI (issue 8). Not a ctest test.
add_executable(bench_scale ${CMAKE_CURRENT_LIST_DIR}/bench_scale.cpp
                           ${CMAKE_CURRENT_LIST_DIR}/crisisgen.h ${CMAKE_CURRENT_LIST_DIR}/crisisgen.cpp)
warroom_target_defaults(bench_scale)
target_link_libraries(bench_scale PRIVATE warroom_core)
target_compile_definitions(bench_scale PRIVATE WARROOM_BINARY="$<TARGET_FILE:warroom>")
add_dependencies(bench_scale warroom)
