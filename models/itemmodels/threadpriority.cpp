#include "threadpriority.h"

#include <QtGlobal>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace warroom {

bool lowerCurrentThreadPriority(int steps) {
#ifdef Q_OS_LINUX
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (current == -1 && errno != 0)
        return false;
    return ::setpriority(PRIO_PROCESS, tid, std::min(19, current + steps)) == 0;
#else
    Q_UNUSED(steps);
    return false;
#endif
}

} // namespace warroom
