# bench_analysis_learner: UMSAB macro-F1 of the learned sentiment model per language (not a test).
add_executable(bench_analysis_learner ${CMAKE_CURRENT_LIST_DIR}/bench_analysis_learner.cpp)
warroom_target_defaults(bench_analysis_learner)
target_include_directories(bench_analysis_learner PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_analysis_learner PRIVATE warroom_core)
target_compile_definitions(bench_analysis_learner PRIVATE WARROOM_BENCH_SHARED_DIR="${WARROOM_SHARED_DIR}")
