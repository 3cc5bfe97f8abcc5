# Issue 9, hostile network: slow drips, endless stream lines, gzip bombs, redirects with
# credentials, TLS errors; local servers on 127.0.0.1 only.
warroom_add_test(NAME connectors_hostile LABEL core
                 SOURCES ${CMAKE_CURRENT_LIST_DIR}/connectors_hostile.cpp
                 LIBS warroom_recordedserver)
find_package(ZLIB)
if(ZLIB_FOUND)
    target_link_libraries(tst_connectors_hostile PRIVATE ZLIB::ZLIB)
    target_compile_definitions(tst_connectors_hostile PRIVATE WARROOM_HAVE_ZLIB)
endif()
