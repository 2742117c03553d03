#include "support/thread_priority.h"

#include <QThread>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace facellava::ui {

void lower_current_thread_priority() {
#ifdef Q_OS_LINUX
    // Linux keeps a nice value per thread; QThread::setPriority has no effect
    // under the default scheduler, so set it directly.
    constexpr int kBackgroundNice = 10;
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    if (::getpriority(PRIO_PROCESS, tid) < kBackgroundNice)
        ::setpriority(PRIO_PROCESS, tid, kBackgroundNice);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

}  // namespace facellava::ui
