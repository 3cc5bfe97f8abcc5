#pragma once

#include "authorstance.h"
#include "domain/mention.h"
#include "store/mentionwriter.h"

#include <QList>
#include <QString>

// The analysis area's writes, on the store's single write connection (the MentionWriter's: run
// it on the thread that owns the writer — StoreWriter's thread in the GUI, the main thread in a
// CLI). Every method is one transaction; sentiment changes go through
// MentionWriter::updateSentiment, so the aggregates (mention_minutes, author_hours) stay equal to
// a full recount of the mentions.
namespace warroom {

// An analyst's verdict on one mention, as `warroom label` reads it from a JSONL line.
struct SentimentCorrection {
    QString source;
    QString sourceId;
    Sentiment label = Sentiment::Unknown;
    qint64 line = 0; // line in the file it came from (for the report), 0 when not from a file
};

struct CorrectionReport {
    int applied = 0; // label set (or confirmed) by the analyst
    int changed = 0; // ... of which the label differed from what the mention had
    struct Problem {
        qint64 line = 0;
        QString reason;
    };
    QList<Problem> problems; // unknown mentions, bad labels: reported, never fatal
};

// A re-scored mention (not labelled by an analyst): new label and score.
struct Relabel {
    qint64 id = 0;
    Sentiment label = Sentiment::Unknown;
    double score = 0;
};

class AnalysisWriter final {
public:
    explicit AnalysisWriter(MentionWriter &writer)
        : m_writer(writer) {}

    // Sets the label, marks it sentiment_by_analyst = 1 and appends to sentiment_corrections.
    bool applyCorrections(const QList<SentimentCorrection> &corrections, const QString &analyst,
                          CorrectionReport *report, QString *error);
    // New labels of mentions no analyst labelled; rows an analyst labelled meanwhile are skipped
    // (a corrected mention keeps the analyst's label, always). *changed counts rows that moved.
    bool applyRelabels(const QList<Relabel> &relabels, int *changed, QString *error);
    // Analyst's stance (byAnalyst true) or clears it back to inferred (stance Unknown, false).
    bool setAuthorStance(const QString &source, const QString &handle, Stance stance,
                         bool byAnalyst, QString *error);
    bool setAuthorFlags(const QString &source, const QString &handle, const AuthorFlags &flags,
                        QString *error);
    // authors.stance from all their mentions' sentiment (StanceRule), where no analyst set it.
    bool recomputeStances(const StanceRule &rule, int *updated, QString *error);

private:
    MentionWriter &m_writer;
};

} // namespace warroom
