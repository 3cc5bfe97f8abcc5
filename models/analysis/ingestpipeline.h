#pragma once

#include "domain/mention.h"
#include "languagedetector.h"
#include "sentimentscorer.h"

namespace warroom {

// The analysis every mention gets on its way to the store, whatever door it came through
// (file import, connectors, drills): language where the source gave none, sentiment where no
// analyst has set it. Const and thread-safe: run it on the importing/collecting thread, never the
// GUI thread.
class IngestPipeline final
{
public:
    IngestPipeline() = default;
    void analyse(MentionBatch &batch) const;
    void analyse(Mention &mention) const;

private:
    LanguageDetector m_language;
    SentimentScorer m_sentiment;
};

} // namespace warroom
