# Issue 9, reliability: crash loops on the real binary, publishing killed mid-request, stores that
# are locked / read-only / full / corrupt / being written, secrets never in plain text, and the
# audit chain checked when the window opens.
add_library(warroom_reliability STATIC ${CMAKE_CURRENT_LIST_DIR}/reliability_support.h
                                       ${CMAKE_CURRENT_LIST_DIR}/reliability_support.cpp)
warroom_target_defaults(warroom_reliability)
target_include_directories(warroom_reliability PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(warroom_reliability PUBLIC WARROOM_BINARY="$<TARGET_FILE:warroom>")
target_link_libraries(warroom_reliability PUBLIC warroom_testsupport warroom_recordedserver Qt6::Test)
add_dependencies(warroom_reliability warroom)

# SIGKILL loops on `warroom import` and `warroom collect` (≥ 50 kills each, seeded: the seed is
# printed; WARROOM_CRASH_SEED=N replays it).
warroom_add_test(NAME reliability_crash LABEL integration TIMEOUT 900
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/reliability_crash.cpp
    LIBS warroom_reliability warroom_recordedserver)

# `warroom reply publish` killed around its request to a fake Mastodon, then run again: one post.
warroom_add_test(NAME reliability_publish LABEL integration TIMEOUT 600
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/reliability_publish.cpp
    LIBS warroom_reliability warroom_recordedserver)

# Stores being written, locked, read-only (file / folder), full (root: a small tmpfs) and corrupt.
warroom_add_test(NAME reliability_store LABEL integration TIMEOUT 900
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/reliability_store.cpp LIBS warroom_reliability)

# A token through the credential path, used by collect and publish, then searched for in the
# store (-wal included), settings, HOME/XDG and everything printed; PINs salted and hashed.
warroom_add_test(NAME reliability_secrets LABEL integration TIMEOUT 600
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/reliability_secrets.cpp
    LIBS warroom_reliability warroom_recordedserver warroom_fakesocial)

# The audit chain verified when the window opens: tampered reply_events → a red line naming
# the first broken entry; an intact chain → none (offscreen GUI).
warroom_add_test(NAME reliability_audit LABEL integration
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/reliability_audit.cpp LIBS warroom_reliability warroom_app)
