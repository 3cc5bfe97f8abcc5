#pragma once

namespace warroom {

// Background threads of the GUI (store readers, the writer) yield to the GUI thread: on a
// loaded machine with few cores, a reader scanning a day of mentions must not delay the next
// frame. Lowers the calling thread's scheduling priority by `steps` nice levels (Linux: the
// nice value is per thread); elsewhere a no-op. Returns false when the system refused.
bool lowerCurrentThreadPriority(int steps = 5);

} // namespace warroom
