# models/analysis (issue 4): the learned sentiment, stance, risk ranking, baselines and alerts,
# on the real corpora in ../shared/data and the drill in resources/drill.
warroom_add_test(NAME analysis_learning LABEL core
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysis_learning.cpp)
warroom_add_test(NAME analysis_risk LABEL core
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysis_risk.cpp)
