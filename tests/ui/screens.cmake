# Issue 5: the war-room screens on the drill store (offscreen): timeline, influencers, KPIs,
# keyboard triage, alerts, incident, wall masking, headless screenshots.
warroom_add_test(NAME screens_warroom LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/screens_warroom.cpp LIBS warroom_app)
