# bench_report: builds a 1-million-mention store and times the post-mortem export (not a ctest test).
add_executable(bench_report ${CMAKE_CURRENT_LIST_DIR}/report_bench.cpp)
warroom_target_defaults(bench_report)
target_link_libraries(bench_report PRIVATE warroom_ui)
