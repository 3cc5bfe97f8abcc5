# The local server that serves recorded payloads to the connector tests (no internet).
add_library(warroom_recordedserver STATIC ${CMAKE_CURRENT_LIST_DIR}/recordedserver.h
            ${CMAKE_CURRENT_LIST_DIR}/recordedserver.cpp)
warroom_target_defaults(warroom_recordedserver)
target_include_directories(warroom_recordedserver PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(warroom_recordedserver PUBLIC warroom_testsupport Qt6::Network Qt6::WebSockets)
