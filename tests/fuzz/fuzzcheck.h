#pragma once

#include "domain/mention.h"
#include "domain/numbers.h"
#include "domain/urlkey.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// What every fuzz target shares: a checked invariant aborts (libFuzzer then saves the input as a
// crash), and a Qt application object exists for the code that expects one.
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);    \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

namespace warroom::fuzz {

inline void initQt(int *argc, char ***argv) {
    static QCoreApplication *app = nullptr;
    if (!app)
        app = new QCoreApplication(*argc, *argv);
}

inline QByteArray bytes(const uint8_t *data, size_t size) {
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// A mention as any view shows it: counts that are counts, a time; from a connector, a link that
// is empty or http(s) (an imported file's url column is stored as written: the views check it).
inline void checkMention(const Mention &m, bool webLinkOnly = true) {
    FUZZ_CHECK(!webLinkOnly || m.url.isEmpty() || isSafeWebUrl(QUrl(m.url)));
    FUZZ_CHECK(m.createdAt.isValid());
    FUZZ_CHECK(m.reposts >= 0 && m.likes >= 0 && m.replies >= 0);
    // Capped (domain/numbers.h), so that SQLite's sum() over them cannot overflow.
    FUZZ_CHECK(m.reposts <= 2 * kMaxCount && m.likes <= kMaxCount && m.replies <= kMaxCount);
    FUZZ_CHECK(m.authorFollowers >= -1 && m.authorFollowers <= kMaxCount);
}

// Text that went through htmlToPlainText/cleanPlainText: no bidi embedding, override or isolate
// controls and no NUL survive.
inline bool hasBidiOrNul(const QString &s) {
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (u == 0 || (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
            return true;
    }
    return false;
}

} // namespace warroom::fuzz
