# Builds the .deb with CPack, installs it with dpkg, runs it, removes it (root only; skipped otherwise).
warroom_add_test(NAME package LABEL integration SOURCES tst_package.cpp TIMEOUT 900)
target_compile_definitions(tst_package PRIVATE WARROOM_BUILD_DIR="${CMAKE_BINARY_DIR}"
                                               WARROOM_VERSION_STRING="${PROJECT_VERSION}")
add_dependencies(tst_package warroom)
# dpkg holds one lock: never beside another test that could install packages.
set_tests_properties(package PROPERTIES RUN_SERIAL TRUE)
