#include "analysis/analysiswriter.h"
#include "analysis/languagedetector.h"
#include "analysis/relabeler.h"
#include "analysis/sentimentlearner.h"
#include "analysis/sentimentmetrics.h"
#include "store/mentionwriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace warroom;

namespace {

QStringList readLines(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString all = QString::fromUtf8(f.readAll());
    all.remove(u'\r');
    return all.split(u'\n');
}

struct Labelled {
    QString text;
    Sentiment gold;
};

QList<Labelled> umsab(const QString &language, const QString &split) {
    const QString prefix =
        test::sharedData(QStringLiteral("umsab-multilingual-tweets/") + language) + u'/' + split;
    const QStringList texts = readLines(prefix + QStringLiteral("_text.txt"));
    const QStringList labels = readLines(prefix + QStringLiteral("_labels.txt"));
    QList<Labelled> out;
    for (qsizetype i = 0; i < texts.size() && i < labels.size(); ++i) {
        const QString l = labels.at(i).trimmed();
        out.append({texts.at(i), l == u"0"   ? Sentiment::Negative
                                 : l == u"1" ? Sentiment::Neutral
                                             : Sentiment::Positive});
    }
    return out;
}

QString detect(const LanguageDetector &d, const QString &text) {
    const LanguageGuess g = d.detect(text);
    return g.reliable ? g.code : g.bestGuess;
}

// The per-minute aggregates the writer keeps, and a full recount from the mentions.
QMap<QString, qint64> minutesStored(sql::Connection &db) {
    QMap<QString, qint64> out;
    sql::Statement st = db.prepare("SELECT minute, source, sentiment, sum(n) FROM mention_minutes "
                                   "GROUP BY 1, 2, 3");
    while (st.step() == SQLITE_ROW)
        if (st.int64(3) != 0)
            out.insert(QString::number(st.int64(0)) + u'|' + st.text(1) + u'|' + st.text(2),
                       st.int64(3));
    return out;
}
QMap<QString, qint64> minutesRecount(sql::Connection &db) {
    QMap<QString, qint64> out;
    sql::Statement st = db.prepare("SELECT created_at / 60000, source, "
                                   "coalesce(sentiment_label, ''), count(*) FROM mentions "
                                   "GROUP BY 1, 2, 3");
    while (st.step() == SQLITE_ROW)
        out.insert(QString::number(st.int64(0)) + u'|' + st.text(1) + u'|' + st.text(2),
                   st.int64(3));
    return out;
}

struct DrillPost {
    QString sourceId;
    QString lang;
    QString role;
    QString text;
};

QList<DrillPost> drillPosts() {
    QList<DrillPost> out;
    QFile f(test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (!o.isEmpty())
            out.append({o.value(QStringLiteral("source_id")).toString(),
                        o.value(QStringLiteral("lang")).toString(),
                        o.value(QStringLiteral("role")).toString(),
                        o.value(QStringLiteral("text")).toString()});
    }
    return out;
}

// What an analyst would say of a drill post, from the script's role (critics and trolls attack,
// supporters defend, everyone else is neutral): the stand-in for a real analyst's keystrokes.
Sentiment analystVerdict(const QString &role) {
    if (role == u"critic" || role == u"troll" || role == u"spark")
        return Sentiment::Negative;
    if (role == u"supporter")
        return Sentiment::Positive;
    return Sentiment::Neutral;
}

} // namespace

class TestAnalysisLearning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { initAnalysisResources(); }

    // The learner trained on UMSAB's train splits (languages as CLD2 sees them, as in the store)
    // reads every language's test split, Arabic and romanised Hindi included. Floors are the
    // figures measured when it was written (ar .55 en .61 fr .62 de .64 hi .49 it .57 pt .62
    // es .56, average .58) minus 0.04: a regression shows, noise does not.
    void learnerOnUmsab() {
        const QStringList languages = {"arabic", "english", "french",     "german",
                                       "hindi",  "italian", "portuguese", "spanish"};
        const QHash<QString, double> floors = {
            {"arabic", 0.51}, {"english", 0.57}, {"french", 0.58},     {"german", 0.60},
            {"hindi", 0.45},  {"italian", 0.53}, {"portuguese", 0.58}, {"spanish", 0.52}};
        const LanguageDetector detector;
        QList<LabelledExample> train;
        for (const QString &l : languages)
            for (const Labelled &t : umsab(l, QStringLiteral("train")))
                train.append({t.text, detect(detector, t.text), t.gold});
        QCOMPARE(train.size(), 8 * 1839);
        SentimentLearner learner;
        learner.train(train);
        QVERIFY(learner.isTrained());
        QVERIFY(learner.languages().contains(QStringLiteral("ar")));
        double sum = 0;
        for (const QString &l : languages) {
            QList<Sentiment> gold;
            QList<Sentiment> predicted;
            for (const Labelled &t : umsab(l, QStringLiteral("test"))) {
                gold.append(t.gold);
                predicted.append(learner.predict(t.text, detect(detector, t.text)).label);
            }
            const double f1 = SentimentScores::compute(gold, predicted).macroF1;
            qInfo("%s test macro-F1 %.3f", qPrintable(l), f1);
            QVERIFY2(f1 >= floors.value(l), qPrintable(QStringLiteral("%1: %2").arg(l).arg(f1)));
            sum += f1;
        }
        QVERIFY2(sum / 8 >= 0.55, qPrintable(QString::number(sum / 8)));
    }

    // With nothing learned there is no model: predictions are Unknown and the blend keeps the
    // lexicon's answer (the airline figure cannot move without labels).
    void untrainedLearnerChangesNothing() {
        const SentimentLearner learner;
        const LearnedPrediction p = learner.predict(u"worst flight ever", u"en");
        QCOMPARE(p.label, Sentiment::Unknown);
        SentimentResult lexicon;
        lexicon.label = Sentiment::Negative;
        lexicon.lexiconAvailable = true;
        lexicon.score = -0.6;
        const SentimentBlend::Result r = SentimentBlend().combine(lexicon, p);
        QCOMPARE(r.label, Sentiment::Negative);
        QVERIFY(!r.learned);
        // No lexicon and no model: Unknown, not a guess.
        QCOMPARE(SentimentBlend().combine(SentimentResult(), p).label, Sentiment::Unknown);
    }

    // The drill in a store; an analyst labels two thirds of the Swahili, Armenian, Chinese and
    // Tagalog posts (no lexicon reads them); `label` retrains and the rest get sentiment they
    // did not have, mostly right; corrected posts keep the analyst's label even when it
    // contradicts the model; the per-minute counts still equal a full recount.
    void relabelDrillStore() {
        test::TempStore store;
        const ImportSummary s = store.import(
            test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")));
        QCOMPARE(s.inserted, 2719);
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        sql::Connection &db = writer.connection();
        const qint64 unknownBefore =
            db.scalar("SELECT count(*) FROM mentions WHERE lang IN ('sw','hy','zh','tl') AND "
                      "sentiment_label IS NULL");
        QVERIFY2(unknownBefore > 700, qPrintable(QString::number(unknownBefore)));

        const QList<DrillPost> posts = drillPosts();
        QList<SentimentCorrection> corrections;
        QList<DrillPost> heldOut;
        int i = 0;
        for (const DrillPost &p : posts) {
            if (p.lang != u"sw" && p.lang != u"hy" && p.lang != u"zh" && p.lang != u"tl")
                continue;
            if (i++ % 3 == 2)
                heldOut.append(p);
            else
                corrections.append({QStringLiteral("drill"), p.sourceId, analystVerdict(p.role)});
        }
        // One deliberately contrary verdict: an obvious attack the analyst marks positive.
        SentimentCorrection contrary = corrections.first();
        for (const DrillPost &p : posts)
            if (p.sourceId == contrary.sourceId)
                QCOMPARE(analystVerdict(p.role), contrary.label);
        contrary.label =
            contrary.label == Sentiment::Positive ? Sentiment::Negative : Sentiment::Positive;
        corrections.first() = contrary;
        corrections.append({QStringLiteral("drill"), QStringLiteral("okg-99999"),
                            Sentiment::Negative, 4242}); // not in the store

        const LabelRun run = Relabeler::label(writer, corrections, QStringLiteral("tester"));
        QVERIFY2(run.ok(), qPrintable(run.error));
        QCOMPARE(run.corrections.applied, int(corrections.size()) - 1);
        QCOMPARE(run.corrections.problems.size(), 1);
        QCOMPARE(run.corrections.problems.first().line, qint64(4242));
        QVERIFY(run.relabel.languageModels.contains(QStringLiteral("sw")));
        QVERIFY(run.relabel.languageModels.contains(QStringLiteral("hy")));
        QVERIFY(run.relabel.learnedDecisions > 0);
        QCOMPARE(db.scalar("SELECT count(*) FROM sentiment_corrections"),
                 qint64(corrections.size() - 1));

        // Held-out posts in those languages now carry sentiment, mostly what the analyst would say.
        int right = 0;
        int labelled = 0;
        sql::Statement st = db.prepare(
            "SELECT sentiment_label, sentiment_by_analyst FROM mentions WHERE source = 'drill' "
            "AND source_id = ?1");
        for (const DrillPost &p : heldOut) {
            st.bind(1, p.sourceId);
            QCOMPARE(st.step(), SQLITE_ROW);
            QCOMPARE(st.int64(1), qint64(0));
            if (!st.isNull(0)) {
                ++labelled;
                right += sentimentFromName(st.text(0)) == analystVerdict(p.role);
            }
            st.reset();
        }
        QCOMPARE(labelled, int(heldOut.size()));
        const double accuracy = double(right) / labelled;
        qInfo("held-out sw/hy/zh/tl accuracy after label: %.3f on %d", accuracy, labelled);
        QVERIFY2(accuracy >= 0.70, qPrintable(QString::number(accuracy)));

        // The contrary verdict stands, through a second re-scoring too.
        QVERIFY(Relabeler::run(writer).ok());
        st.bind(1, contrary.sourceId);
        QCOMPARE(st.step(), SQLITE_ROW);
        QCOMPARE(sentimentFromName(st.text(0)), contrary.label);
        QCOMPARE(st.int64(1), qint64(1));
        st.reset();

        QCOMPARE(minutesStored(db), minutesRecount(db));
    }

    // The corrections file format, with its problems reported by line, never fatal.
    void readCorrectionsFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"source\":\"twitter\",\"source_id\":\"1\",\"sentiment\":\"negative\"}\n"
                "not json\n"
                "\n"
                "{\"source\":\"twitter\",\"source_id\":2,\"sentiment\":\"angry\"}\n"
                "{\"source\":\"twitter\",\"source_id\":3,\"sentiment\":\"positive\"}\n");
        f.close();
        QList<SentimentCorrection> out;
        CorrectionReport report;
        QString error;
        QVERIFY(Relabeler::readCorrections(path, &out, &report, &error));
        QCOMPARE(out.size(), 2);
        QCOMPARE(out.at(1).sourceId, QStringLiteral("3"));
        QCOMPARE(out.at(1).line, qint64(5));
        QCOMPARE(report.problems.size(), 2);
        QCOMPARE(report.problems.at(0).line, qint64(2));
        QCOMPARE(report.problems.at(1).line, qint64(4));
        QVERIFY(!Relabeler::readCorrections(dir.filePath(QStringLiteral("missing.jsonl")), &out,
                                            &report, &error));
    }
};

QTEST_GUILESS_MAIN(TestAnalysisLearning)
#include "tst_analysis_learning.moc"
