#include "clicommands.h"
#include "clicommon.h"

#include "analysis/ingestpipeline.h"
#include "analysis/relabeler.h"
#include "analysis/sentimentmetrics.h"
#include "import/csvreader.h"
#include "import/fileimporter.h"
#include "store/mentionwriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace warroom::cli {

namespace {

const QString kCommand = QStringLiteral("eval");

QString findDataDir(const QString &given) {
    QStringList candidates;
    if (!given.isEmpty())
        return given;
    if (qEnvironmentVariableIsSet("WARROOM_SHARED_DIR"))
        candidates << qEnvironmentVariable("WARROOM_SHARED_DIR") + QStringLiteral("/data");
    candidates << QDir::current().filePath(QStringLiteral("../shared/data"));
    QDir up(QCoreApplication::applicationDirPath());
    for (int i = 0; i < 5 && up.cdUp(); ++i)
        candidates << up.filePath(QStringLiteral("../shared/data"))
                   << up.filePath(QStringLiteral("shared/data"));
    for (const QString &c : candidates)
        if (QFileInfo::exists(c + QStringLiteral("/airline-tweets/Tweets.csv")))
            return QDir::cleanPath(c);
    return QString();
}

QList<Sentiment> storedLabels(MentionWriter &writer, const QStringList &sourceIds,
                              const QString &source) {
    QList<Sentiment> out;
    sql::Statement st = writer.connection().prepare(
        "SELECT sentiment_label FROM mentions WHERE source = ?1 AND source_id = ?2");
    for (const QString &id : sourceIds) {
        st.bind(1, source);
        st.bind(2, id);
        out.append(st.step() == SQLITE_ROW && !st.isNull(0) ? sentimentFromName(st.text(0))
                                                            : Sentiment::Unknown);
        st.reset();
    }
    return out;
}

void printScores(const QString &name, const SentimentScores &s) {
    out() << name << ": macro-F1 " << QString::number(s.macroF1, 'f', 3) << ", accuracy "
          << QString::number(s.accuracy, 'f', 3) << " (" << s.total << " texts, " << s.unknown
          << " unknown)" << Qt::endl;
    const char *names[] = {"negative", "neutral", "positive"};
    for (size_t c = 0; c < 3; ++c)
        out() << "  " << names[c] << ": P " << QString::number(s.classes[c].precision, 'f', 3)
              << " R " << QString::number(s.classes[c].recall, 'f', 3) << " F1 "
              << QString::number(s.classes[c].f1, 'f', 3) << " (" << s.classes[c].support << ")"
              << Qt::endl;
}

// The airline tweets imported as `warroom import` does (lexicon only, no labels used).
bool evalAirline(const QString &data, const QString &storeFile, QJsonObject *result) {
    const QString csv = data + QStringLiteral("/airline-tweets/Tweets.csv");
    MentionWriter writer;
    QString error;
    if (!writer.open(storeFile, &error)) {
        fail(kCommand, error);
        return false;
    }
    FileImporter importer;
    const ImportSummary s =
        importer.run(csv, [&](const MentionBatch &batch) { return writer.write(batch); });
    if (!s.fatal.isEmpty()) {
        fail(kCommand, s.fatal);
        return false;
    }
    // Gold labels from the file itself (airline_sentiment), matched on tweet_id.
    QFile file(csv);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(kCommand, QStringLiteral("cannot read %1").arg(csv));
        return false;
    }
    const QByteArray bytes = file.readAll();
    CsvReader reader(bytes);
    CsvReader::Record record;
    qsizetype idCol = -1;
    qsizetype labelCol = -1;
    QStringList ids;
    QList<Sentiment> gold;
    QSet<QString> seen;
    while (reader.next(&record)) {
        if (!record.error.isEmpty())
            continue;
        if (idCol < 0) {
            for (qsizetype i = 0; i < record.fields.size(); ++i) {
                const QString h = QString::fromUtf8(record.fields.at(i)).trimmed();
                if (h == u"tweet_id")
                    idCol = i;
                else if (h == u"airline_sentiment")
                    labelCol = i;
            }
            if (idCol < 0 || labelCol < 0) {
                fail(kCommand, QStringLiteral("%1 has no tweet_id/airline_sentiment").arg(csv));
                return false;
            }
            continue;
        }
        if (record.fields.size() <= std::max(idCol, labelCol))
            continue;
        const QString id = QString::fromUtf8(record.fields.at(idCol)).trimmed();
        if (seen.contains(id))
            continue;
        seen.insert(id);
        ids.append(id);
        gold.append(sentimentFromName(QString::fromUtf8(record.fields.at(labelCol))));
    }
    const SentimentScores scores =
        SentimentScores::compute(gold, storedLabels(writer, ids, QStringLiteral("twitter")));
    printScores(QStringLiteral("airline-tweets (lexicon, no labels)"), scores);
    result->insert(QStringLiteral("airline_macro_f1"), scores.macroF1);
    return true;
}

struct UmsabSplit {
    QStringList ids;
    QList<Sentiment> gold;
};

QStringList readLines(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString all = QString::fromUtf8(f.readAll());
    all.remove(u'\r');
    return all.split(u'\n');
}

// UMSAB: train, val and test imported as mentions; the train labels applied with the code path
// of `warroom label`; val and test read back after the re-scoring.
bool evalUmsab(const QString &data, const QString &dir, QJsonObject *result) {
    const QStringList languages = {"arabic", "english", "french",     "german",
                                   "hindi",  "italian", "portuguese", "spanish"};
    MentionWriter writer;
    QString error;
    if (!writer.open(dir + QStringLiteral("/umsab.sqlite"), &error)) {
        fail(kCommand, error);
        return false;
    }
    const IngestPipeline pipeline;
    const QString source = QStringLiteral("umsab");
    QHash<QString, UmsabSplit> splits; // "<language>/<split>"
    QFile labels(dir + QStringLiteral("/train-labels.jsonl"));
    if (!labels.open(QIODevice::WriteOnly)) {
        fail(kCommand, QStringLiteral("cannot write %1").arg(labels.fileName()));
        return false;
    }
    const QDateTime base = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    qint64 n = 0;
    for (const QString &language : languages) {
        for (const QString &split :
             {QStringLiteral("train"), QStringLiteral("val"), QStringLiteral("test")}) {
            const QString prefix =
                data + QStringLiteral("/umsab-multilingual-tweets/") + language + u'/' + split;
            const QStringList texts = readLines(prefix + QStringLiteral("_text.txt"));
            const QStringList gold = readLines(prefix + QStringLiteral("_labels.txt"));
            if (texts.isEmpty() || texts.size() != gold.size()) {
                fail(kCommand, QStringLiteral("cannot read %1_{text,labels}.txt").arg(prefix));
                return false;
            }
            MentionBatch batch;
            UmsabSplit &s = splits[language + u'/' + split];
            for (qsizetype i = 0; i < texts.size(); ++i) {
                const QString g = gold.at(i).trimmed();
                const Sentiment label = g == u"0"   ? Sentiment::Negative
                                        : g == u"1" ? Sentiment::Neutral
                                        : g == u"2" ? Sentiment::Positive
                                                    : Sentiment::Unknown;
                Mention m;
                m.source = source;
                m.sourceId = language + u'/' + split + u'/' + QString::number(i);
                m.text = texts.at(i);
                m.createdAt = base.addSecs(n++);
                batch.append(m);
                s.ids.append(m.sourceId);
                s.gold.append(label);
                if (split == u"train" && label != Sentiment::Unknown)
                    labels.write(
                        QJsonDocument(
                            QJsonObject{{QStringLiteral("source"), source},
                                        {QStringLiteral("source_id"), m.sourceId},
                                        {QStringLiteral("sentiment"), sentimentName(label)}})
                            .toJson(QJsonDocument::Compact) +
                        '\n');
            }
            pipeline.analyse(batch);
            const WriteResult w = writer.write(batch);
            if (!w.ok()) {
                fail(kCommand, w.error);
                return false;
            }
        }
    }
    labels.close();

    // Before any label: what the lexicons alone give (Unknown counts as wrong).
    double lexiconSum = 0;
    for (const QString &language : languages) {
        const UmsabSplit &t = splits.value(language + QStringLiteral("/test"));
        lexiconSum += SentimentScores::compute(t.gold, storedLabels(writer, t.ids, source)).macroF1;
    }

    err() << "umsab: labelling the train splits with warroom label's code path..." << Qt::endl;
    QList<SentimentCorrection> corrections;
    CorrectionReport problems;
    if (!Relabeler::readCorrections(labels.fileName(), &corrections, &problems, &error)) {
        fail(kCommand, error);
        return false;
    }
    const LabelRun run = Relabeler::label(writer, corrections, QStringLiteral("umsab-train"));
    if (!run.ok()) {
        fail(kCommand, run.error);
        return false;
    }
    out() << "umsab: " << run.corrections.applied << " train labels applied; model trained in "
          << run.relabel.trainMs
          << " ms (language models: " << run.relabel.languageModels.join(QStringLiteral(", "))
          << "); re-scored " << run.relabel.scored << " in " << run.relabel.scoreMs << " ms"
          << Qt::endl;
    QJsonObject val;
    QJsonObject test;
    double valSum = 0;
    double testSum = 0;
    for (const QString &language : languages) {
        const UmsabSplit &v = splits.value(language + QStringLiteral("/val"));
        const UmsabSplit &t = splits.value(language + QStringLiteral("/test"));
        const SentimentScores vs =
            SentimentScores::compute(v.gold, storedLabels(writer, v.ids, source));
        const SentimentScores ts =
            SentimentScores::compute(t.gold, storedLabels(writer, t.ids, source));
        printScores(QStringLiteral("umsab %1 test (val %2)")
                        .arg(language, QString::number(vs.macroF1, 'f', 3)),
                    ts);
        val.insert(language, vs.macroF1);
        test.insert(language, ts.macroF1);
        valSum += vs.macroF1;
        testSum += ts.macroF1;
    }
    const double n8 = double(languages.size());
    out() << "umsab average macro-F1: test " << QString::number(testSum / n8, 'f', 3) << ", val "
          << QString::number(valSum / n8, 'f', 3) << " (lexicons alone, before labels: test "
          << QString::number(lexiconSum / n8, 'f', 3) << ")" << Qt::endl;
    result->insert(QStringLiteral("umsab_test"), test);
    result->insert(QStringLiteral("umsab_val"), val);
    result->insert(QStringLiteral("umsab_test_average"), testSum / n8);
    result->insert(QStringLiteral("umsab_val_average"), valSum / n8);
    result->insert(QStringLiteral("umsab_lexicon_only_test_average"), lexiconSum / n8);
    return true;
}

} // namespace

// warroom eval [--data DIR] [--skip-airline] [--skip-umsab]
int runEval(const QStringList &args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Sentiment quality on the labelled corpora: macro-F1 on airline-tweets (lexicons, no "
        "labels) and per language on UMSAB's val/test splits after `warroom label` with its "
        "train splits. Works in temporary stores; prints a final JSON line."));
    p.addOption({QStringLiteral("data"), QStringLiteral("The shared data folder (../shared/data)."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("skip-airline"), QStringLiteral("Skip the airline tweets.")});
    p.addOption({QStringLiteral("skip-umsab"), QStringLiteral("Skip UMSAB.")});
    int code = 0;
    if (!parse(p, kCommand, args, &code))
        return code;
    const QString data = findDataDir(p.value(QStringLiteral("data")));
    if (data.isEmpty())
        return fail(kCommand, QStringLiteral("cannot find the shared data folder; give --data DIR"),
                    2);
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(kCommand, QStringLiteral("cannot create a temporary folder"));
    QElapsedTimer timer;
    timer.start();
    QJsonObject result;
    if (!p.isSet(QStringLiteral("skip-airline"))) {
        err() << "airline-tweets: importing..." << Qt::endl;
        if (!evalAirline(data, dir.filePath(QStringLiteral("airline.sqlite")), &result))
            return 1;
    }
    if (!p.isSet(QStringLiteral("skip-umsab")) && !evalUmsab(data, dir.path(), &result))
        return 1;
    result.insert(QStringLiteral("seconds"), timer.elapsed() / 1000.0);
    out() << QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)) << Qt::endl;
    return 0;
}

} // namespace warroom::cli
