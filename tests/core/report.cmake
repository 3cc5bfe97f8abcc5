# Issue 7: the post-mortem figures and their CSV/JSON exports (models/report).
warroom_add_test(NAME report_figures LABEL core
                 SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_figures.cpp ${CMAKE_CURRENT_LIST_DIR}/report_fixture.h)
