#pragma once

#include "store/storewriter.h"

#include <QList>
#include <QString>

namespace warroom {

// The profiles an export carries: the "author_flags" of a JSONL export (our own, or the drill's:
// brand, journalist, opinion_leader), one update per author, each with createSeenMs set to the
// time of the post it came with, so the author can be created before the posts go in (alerts on
// the brand's first posts then already know the account is ours). Other files carry none.
// File I/O: call it off the GUI thread.
[[nodiscard]] QList<AuthorUpdate> authorProfiles(const QString &file);

} // namespace warroom
