# RSS / Atom / JSON Feed parsing (models/connectors/rss), against ../shared/data feeds.
warroom_add_test(NAME htmltext LABEL core SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_htmltext.cpp)
warroom_add_test(NAME feedparser LABEL core SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_feedparser.cpp)
