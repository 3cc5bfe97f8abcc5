#pragma once

#include "analysiswriter.h"
#include "sentimentlearner.h"
#include "store/sqlite.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

// The job that makes sentiment learn from the analysts: train a SentimentLearner on every
// mention an analyst labelled, then re-score every other mention (SentimentBlend: lexicon and
// learned model combined) and write the labels that changed, in batches.
//
// Threads: never on the GUI thread. run() works on the connection(s) it is given, on their
// thread. start() runs the whole job on a QtConcurrent worker with its own read-only connection
// and hands each batch of changes to `sink`, which must do the write on the writer's thread
// (e.g. a BlockingQueuedConnection call into StoreWriter that runs AnalysisWriter::applyRelabels).
namespace warroom {

struct RelabelStats {
    int trainingExamples = 0;
    QStringList languageModels;  // languages with their own model
    qint64 scored = 0;           // mentions re-scored
    qint64 changed = 0;          // of which the label moved
    qint64 learnedDecisions = 0; // labels decided by the learned model
    qint64 trainMs = 0;
    qint64 scoreMs = 0; // scoring and writing
    QString error;      // non-empty: stopped there (batches before it are written)
    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

struct RelabelOptions {
    SentimentLearner::Options learner;
    SentimentBlend blend;
    int batchSize = 2000;
};

// What `warroom label` did: the corrections, the retraining and re-scoring, the stances.
struct LabelRun {
    CorrectionReport corrections;
    RelabelStats relabel;
    int stancesUpdated = 0;
    qint64 applyMs = 0;
    qint64 stanceMs = 0;
    QString error; // non-empty: failed at that step (earlier steps are committed)
    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

class Relabeler final {
public:
    using Options = RelabelOptions;
    // Writes one batch; false + reason stops the job.
    using Sink = std::function<bool(const QList<Relabel> &batch, int *changed, QString *error)>;

    // The analyst-labelled mentions as training examples.
    static bool loadTrainingSet(sql::Connection &db, QList<LabelledExample> *out, QString *error);
    // Re-scores the mentions no analyst labelled with `learner`, reading pages from `read` and
    // handing changed labels to `sink`.
    static RelabelStats rescore(sql::Connection &read, const SentimentLearner &learner,
                                const Options &options, const Sink &sink);
    // The whole job on the writer's own connection (a CLI, or the writer thread).
    static RelabelStats run(MentionWriter &writer, const Options &options = {});
    // `warroom label`: apply the analyst's corrections, retrain, re-score the rest, update the
    // inferred stances. On the writer's connection (CLI main thread or the writer thread).
    static LabelRun label(MentionWriter &writer, const QList<SentimentCorrection> &corrections,
                          const QString &analyst, const Options &options = {});
    // Reads a corrections file: JSONL lines {"source", "source_id", "sentiment"}. Unreadable
    // lines go to report->problems with their line numbers; false only when the file cannot be
    // opened.
    static bool readCorrections(const QString &path, QList<SentimentCorrection> *out,
                                CorrectionReport *report, QString *error);
    // The whole job on a worker: opens `storePath` read-only, writes through `sink`.
    static QFuture<RelabelStats> start(const QString &storePath, Sink sink, Options options = {});
};

} // namespace warroom
