# Issue 7: the post-mortem PDF (read back with poppler-utils) and the report view.
warroom_add_test(NAME report_pdf LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_pdf.cpp LIBS warroom_app)
