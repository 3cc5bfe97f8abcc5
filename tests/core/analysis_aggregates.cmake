# models/analysis + models/store (issue 4): the incremental aggregates (mention_minutes by
# language, author_hours) equal a full recount; the ranking read from them equals the raw
# GROUP BY; stored risk assessments; the high-risk-author alert.
warroom_add_test(NAME analysis_aggregates LABEL core
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysis_aggregates.cpp)
