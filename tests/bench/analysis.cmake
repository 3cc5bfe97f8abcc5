# bench_analysis: mentions/s for language + sentiment + the incremental aggregates on one core,
# over real texts from ../shared/data (not a test).
add_executable(bench_analysis ${CMAKE_CURRENT_LIST_DIR}/bench_analysis.cpp)
warroom_target_defaults(bench_analysis)
target_link_libraries(bench_analysis PRIVATE warroom_core)
target_compile_definitions(bench_analysis PRIVATE WARROOM_BENCH_SHARED_DIR="${WARROOM_SHARED_DIR}")
# bench_alert_onset: when the first spike alert fires on the CrisisLex T6 crises, relative to the
# visible onset (not a test).
add_executable(bench_alert_onset ${CMAKE_CURRENT_LIST_DIR}/bench_alert_onset.cpp)
warroom_target_defaults(bench_alert_onset)
target_link_libraries(bench_alert_onset PRIVATE warroom_core)
target_compile_definitions(bench_alert_onset PRIVATE WARROOM_BENCH_SHARED_DIR="${WARROOM_SHARED_DIR}")
