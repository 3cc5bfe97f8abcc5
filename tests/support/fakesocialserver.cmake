# The fake Mastodon / Bluesky write API for publishing tests (tests/core/workflow.cmake, ui, cli).
add_library(warroom_fakesocial STATIC ${CMAKE_CURRENT_LIST_DIR}/fakesocialserver.h
            ${CMAKE_CURRENT_LIST_DIR}/fakesocialserver.cpp)
warroom_target_defaults(warroom_fakesocial)
target_include_directories(warroom_fakesocial PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(warroom_fakesocial PUBLIC warroom_core Qt6::Network)
