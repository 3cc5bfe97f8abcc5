warroom_add_test(NAME composer LABEL ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_composer.cpp
                 LIBS warroom_app warroom_fakesocial)
