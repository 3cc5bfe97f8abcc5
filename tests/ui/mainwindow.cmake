warroom_add_test(NAME mainwindow LABEL ui SOURCES tst_mainwindow.cpp LIBS warroom_app)
