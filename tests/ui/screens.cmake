# Issue 5: the war-room screens on the drill store (offscreen): timeline, influencers, KPIs,
# keyboard triage, alerts, incident, wall masking, headless screenshots.
warroom_add_test(NAME screens_warroom LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/screens_warroom.cpp LIBS warroom_app)
# Issue 5: our own actions on the timeline of a live store (publishing paused / resumed).
warroom_add_test(NAME screens_markers LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/screens_markers.cpp LIBS warroom_app)
