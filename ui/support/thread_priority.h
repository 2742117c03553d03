// Background work (analysis, generation, loading) runs below the GUI
// thread's priority, so a busy CPU never starves the event loop. Threads a
// worker starts (LibTorch's intra-op pool) inherit the lower priority.
#pragma once

namespace facellava::ui {

// Lowers the calling thread's scheduling priority (Linux: nice +10). Call at
// the start of work on a pool thread; harmless when called twice.
void lower_current_thread_priority();

}  // namespace facellava::ui
