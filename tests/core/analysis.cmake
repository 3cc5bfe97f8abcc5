# models/analysis: language detection and sentiment, on the real corpora in ../shared/data.
warroom_add_test(NAME language LABEL core SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_language.cpp)
warroom_add_test(NAME sentiment LABEL core SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_sentiment.cpp)
# The corpus readers and the F1 arithmetic are shared with bench_sentiment.
target_include_directories(tst_sentiment PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../bench)
target_include_directories(tst_language PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../bench)
