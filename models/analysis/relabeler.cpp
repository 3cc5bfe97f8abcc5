#include "relabeler.h"

#include "store/store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace warroom {

bool Relabeler::loadTrainingSet(sql::Connection &db, QList<LabelledExample> *out, QString *error) {
    out->clear();
    sql::Statement st =
        db.prepare("SELECT text, title, lang, sentiment_label FROM mentions "
                   "WHERE sentiment_by_analyst = 1 AND sentiment_label IS NOT NULL AND deleted = 0 "
                   "ORDER BY id",
                   error);
    if (!st.isValid())
        return false;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        const QString text = st.text(0);
        out->append(
            {text.isEmpty() ? st.text(1) : text, st.text(2), sentimentFromName(st.text(3))});
    }
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(db.handle(), rc);
        return false;
    }
    return true;
}

RelabelStats Relabeler::rescore(sql::Connection &read, const SentimentLearner &learner,
                                const Options &options, const Sink &sink) {
    RelabelStats stats;
    QElapsedTimer timer;
    timer.start();
    const SentimentScorer lexicon;
    QString error;
    sql::Statement page = read.prepare(
        "SELECT id, text, title, lang, sentiment_label, sentiment_score FROM mentions "
        "WHERE id > ?1 AND sentiment_by_analyst = 0 AND deleted = 0 ORDER BY id LIMIT ?2",
        &error);
    if (!page.isValid()) {
        stats.error = error;
        return stats;
    }
    qint64 after = 0;
    const int batch = std::max(options.batchSize, 1);
    while (true) {
        QList<Relabel> changes;
        int rows = 0;
        page.bind(1, after);
        page.bind(2, batch);
        int rc;
        while ((rc = page.step()) == SQLITE_ROW) {
            ++rows;
            after = page.int64(0);
            const QString text = page.text(1).isEmpty() ? page.text(2) : page.text(1);
            const QString language = page.text(3);
            const Sentiment current =
                page.isNull(4) ? Sentiment::Unknown : sentimentFromName(page.text(4));
            const double currentScore = page.isNull(5) ? 0.0 : page.real(5);
            const SentimentResult lex = lexicon.score(text, language);
            const LearnedPrediction learned =
                learner.isTrained() ? learner.predict(text, language) : LearnedPrediction();
            const SentimentBlend::Result r = options.blend.combine(lex, learned);
            ++stats.scored;
            if (r.learned)
                ++stats.learnedDecisions;
            if (r.label != current || std::abs(r.score - currentScore) > 0.01)
                changes.append({after, r.label, r.score});
        }
        page.reset();
        if (rc != SQLITE_DONE) {
            stats.error = sql::describe(read.handle(), rc);
            break;
        }
        if (!changes.isEmpty()) {
            int changed = 0;
            if (!sink(changes, &changed, &error)) {
                stats.error = error;
                break;
            }
            stats.changed += changed;
        }
        if (rows < batch)
            break;
    }
    stats.scoreMs = timer.elapsed();
    return stats;
}

RelabelStats Relabeler::run(MentionWriter &writer, const Options &options) {
    RelabelStats stats;
    QElapsedTimer timer;
    timer.start();
    QList<LabelledExample> examples;
    if (!loadTrainingSet(writer.connection(), &examples, &stats.error))
        return stats;
    SentimentLearner learner(options.learner);
    learner.train(examples);
    const qint64 trainMs = timer.elapsed();
    AnalysisWriter analysis(writer);
    stats = rescore(writer.connection(), learner, options,
                    [&](const QList<Relabel> &batch, int *changed, QString *error) {
                        return analysis.applyRelabels(batch, changed, error);
                    });
    stats.trainingExamples = learner.totalExamples();
    stats.languageModels = learner.languages();
    stats.trainMs = trainMs;
    return stats;
}

LabelRun Relabeler::label(MentionWriter &writer, const QList<SentimentCorrection> &corrections,
                          const QString &analyst, const Options &options) {
    LabelRun run;
    QElapsedTimer timer;
    timer.start();
    AnalysisWriter analysis(writer);
    if (!analysis.applyCorrections(corrections, analyst, &run.corrections, &run.error))
        return run;
    run.applyMs = timer.restart();
    run.relabel = Relabeler::run(writer, options);
    if (!run.relabel.ok()) {
        run.error = run.relabel.error;
        return run;
    }
    timer.restart();
    if (!analysis.recomputeStances(StanceRule(), &run.stancesUpdated, &run.error))
        return run;
    run.stanceMs = timer.elapsed();
    return run;
}

bool Relabeler::readCorrections(const QString &path, QList<SentimentCorrection> *out,
                                CorrectionReport *report, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    qint64 line = 0;
    while (!file.atEnd()) {
        const QByteArray raw = file.readLine().trimmed();
        ++line;
        if (raw.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &parseError);
        if (!doc.isObject()) {
            report->problems.append(
                {line, QStringLiteral("not a JSON object: %1").arg(parseError.errorString())});
            continue;
        }
        const QJsonObject o = doc.object();
        SentimentCorrection c;
        c.line = line;
        c.source = o.value(QStringLiteral("source")).toString();
        const QJsonValue id = o.value(QStringLiteral("source_id"));
        c.sourceId = id.isDouble() ? QString::number(qint64(id.toDouble())) : id.toString();
        bool ok = false;
        c.label = sentimentFromName(o.value(QStringLiteral("sentiment")).toString(), &ok);
        if (c.source.isEmpty() || c.sourceId.isEmpty()) {
            report->problems.append({line, QStringLiteral("needs \"source\" and \"source_id\"")});
            continue;
        }
        if (!ok || c.label == Sentiment::Unknown) {
            report->problems.append(
                {line, QStringLiteral("\"sentiment\" must be negative, neutral or positive")});
            continue;
        }
        out->append(c);
    }
    return true;
}

QFuture<RelabelStats> Relabeler::start(const QString &storePath, Sink sink, Options options) {
    return QtConcurrent::run([storePath, sink = std::move(sink), options]() {
        RelabelStats stats;
        sql::Connection db;
        if (!Store::openReader(db, storePath, &stats.error))
            return stats;
        QElapsedTimer timer;
        timer.start();
        QList<LabelledExample> examples;
        if (!loadTrainingSet(db, &examples, &stats.error))
            return stats;
        SentimentLearner learner(options.learner);
        learner.train(examples);
        const qint64 trainMs = timer.elapsed();
        stats = rescore(db, learner, options, sink);
        stats.trainingExamples = learner.totalExamples();
        stats.languageModels = learner.languages();
        stats.trainMs = trainMs;
        return stats;
    });
}

} // namespace warroom
