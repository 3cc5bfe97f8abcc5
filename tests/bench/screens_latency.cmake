# bench_screens_latency: GUI event-loop latency (timer probe) while mentions stream into the
# running war room at 2,000 and 10,000 per second. Prints p50/p99/max and a JSON line.
add_executable(bench_screens_latency ${CMAKE_CURRENT_LIST_DIR}/screens_latency.cpp)
warroom_target_defaults(bench_screens_latency)
target_link_libraries(bench_screens_latency PRIVATE warroom_app warroom_testsupport)
