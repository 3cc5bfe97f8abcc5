# Issue 8: the start-up and refresh reads (KPIs, timeline, search) never walk every mention.
warroom_add_test(NAME scale_plans LABEL core SOURCES ${CMAKE_CURRENT_LIST_DIR}/scale_plans.cpp)
