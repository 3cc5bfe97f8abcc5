# bench_sentiment: prints sentiment throughput and quality on ../shared/data (not a ctest test).
add_executable(bench_sentiment
    ${CMAKE_CURRENT_LIST_DIR}/bench_sentiment.cpp
    ${CMAKE_CURRENT_LIST_DIR}/bench_sentiment_eval.h)
warroom_target_defaults(bench_sentiment)
target_include_directories(bench_sentiment PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_sentiment PRIVATE warroom_core)
target_compile_definitions(bench_sentiment PRIVATE WARROOM_BENCH_SHARED_DIR="${WARROOM_SHARED_DIR}")
