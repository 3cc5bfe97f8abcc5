# Live sources (models/connectors): every connector against a local server on 127.0.0.1 serving
# recorded payloads (tests/support/recordedserver), never the internet.
foreach(area common rss mastodon bluesky hn replay)
    if(NOT EXISTS ${CMAKE_CURRENT_LIST_DIR}/connectors_${area}.cpp)
        continue()
    endif()
    warroom_add_test(NAME connectors_${area} LABEL core
                     SOURCES ${CMAKE_CURRENT_LIST_DIR}/connectors_${area}.cpp
                     LIBS warroom_recordedserver)
endforeach()
warroom_add_test(NAME connectors_ui LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/connectors_ui.cpp
                 LIBS warroom_recordedserver warroom_ui)
