# Issue 5: the war room's aggregate queries and item models (influencers, alerts), and the
# writer's analyst slots, on the drill store.
warroom_add_test(NAME itemmodels_dashboard LABEL core SOURCES ${CMAKE_CURRENT_LIST_DIR}/itemmodels_dashboard.cpp)
