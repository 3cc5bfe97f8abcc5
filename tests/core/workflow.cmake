# Issue 6: the reply workflow (models/workflow).
set(_wf ${CMAKE_CURRENT_LIST_DIR})
warroom_add_test(NAME workflow_states LABEL core SOURCES ${_wf}/workflow_states.cpp ${_wf}/workflow_fixture.h)
warroom_add_test(NAME workflow_audit LABEL core SOURCES ${_wf}/workflow_audit.cpp ${_wf}/workflow_fixture.h)
warroom_add_test(NAME workflow_text LABEL core SOURCES ${_wf}/workflow_text.cpp)
warroom_add_test(NAME workflow_models LABEL core SOURCES ${_wf}/workflow_models.cpp ${_wf}/workflow_fixture.h)
warroom_add_test(NAME workflow_publish LABEL core SOURCES ${_wf}/workflow_publish.cpp ${_wf}/workflow_fixture.h
                 ${_wf}/publish_rig.h LIBS warroom_fakesocial)
warroom_add_test(NAME workflow_accounts LABEL core SOURCES ${_wf}/workflow_accounts.cpp ${_wf}/workflow_fixture.h
                 ${_wf}/publish_rig.h LIBS warroom_fakesocial)
