#include "ingestpipeline.h"

namespace warroom {

void IngestPipeline::analyse(Mention &m) const
{
    const QString &text = m.text.isEmpty() ? m.title : m.text;
    if (m.language.isEmpty()) {
        LanguageDetector::Hints hints;
        const LanguageGuess guess = m_language.detect(text, hints);
        // CLD2's best guess is right for ~96% of tweets even when it is not "reliable" (short
        // posts); an empty guess stays empty rather than pretending.
        m.language = guess.reliable ? guess.code : guess.bestGuess;
    } else {
        m.language = m.language.section(u'-', 0, 0).toLower();
    }
    if (!m.sentimentByAnalyst && m.sentiment == Sentiment::Unknown) {
        const SentimentResult r = m_sentiment.score(text, m.language);
        // Unknown stays unknown where we hold no lexicon: never a guess dressed up as neutral.
        if (r.lexiconAvailable) {
            m.sentiment = r.label;
            m.sentimentScore = r.score;
        }
    }
}

void IngestPipeline::analyse(MentionBatch &batch) const
{
    for (Mention &m : batch)
        analyse(m);
}

} // namespace warroom
