// The Mastodon streaming parser (SseParser) on arbitrary bytes, fed in chunks the input chooses:
// no crash, and a line that never ends is an error within the line limit (bounded memory).
#include "fuzzcheck.h"
#include "mastodon/sseparser.h"

using namespace warroom;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    constexpr qsizetype kMaxLine = 512;
    const QByteArray input = fuzz::bytes(data, size);
    SseParser parser(kMaxLine);
    // Chunk sizes come from the input's first byte, so a crash reproduces from the file alone.
    const qsizetype step = size > 0 ? 1 + data[0] % 97 : 1;
    bool ok = true;
    qsizetype fed = 0;
    qsizetype eventBytes = 0;
    qsizetype longestRun = 0, run = 0;
    for (qsizetype at = 0; at < input.size() && ok; at += step) {
        const QByteArray chunk = input.mid(at, step);
        ok = parser.feed(chunk);
        fed += chunk.size();
        for (char c : chunk) {
            run = c == '\n' ? 0 : run + 1;
            longestRun = std::max(longestRun, run);
        }
        for (const SseParser::Event &e : parser.takeEvents()) {
            FUZZ_CHECK(!e.event.isEmpty());
            eventBytes += e.data.size();
        }
        if (!ok)
            FUZZ_CHECK(!parser.error().isEmpty() && !parser.feed("data: x\n\n"));
    }
    FUZZ_CHECK(eventBytes <= fed);
    // Bytes without a line end: more than the limit (plus a \r) must have failed.
    if (ok)
        FUZZ_CHECK(longestRun <= kMaxLine + 1);
    return 0;
}
