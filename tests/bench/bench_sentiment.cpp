// bench_sentiment: throughput and quality of warroom::SentimentScorer on real labelled tweets.
// Prints figures (it asserts nothing; tst_sentiment holds the floors). Usage:
//   bench_sentiment [path/to/shared]      (default: the WARROOM_SHARED_DIR the build was given)
#include "bench_sentiment_eval.h"

#include "analysis/sentimentscorer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>

using namespace warroom;

namespace {

void print(const QString &line) {
    std::fputs(qPrintable(line + u'\n'), stdout);
}

QJsonObject toJson(const bench::Evaluation &e) {
    static const char *names[] = {"negative", "neutral", "positive"};
    QJsonObject perClass;
    for (int c = 0; c < 3; ++c) {
        const bench::ClassScore &s = e.classes[c];
        perClass.insert(QLatin1String(names[c]),
                        QJsonObject{{QStringLiteral("precision"), s.precision},
                                    {QStringLiteral("recall"), s.recall},
                                    {QStringLiteral("f1"), s.f1},
                                    {QStringLiteral("support"), s.support}});
    }
    return QJsonObject{{QStringLiteral("macro_f1"), e.macroF1},
                       {QStringLiteral("accuracy"), e.accuracy},
                       {QStringLiteral("n"), e.total},
                       {QStringLiteral("classes"), perClass}};
}

void printEvaluation(const QString &title, const bench::Evaluation &e) {
    static const char *names[] = {"negative", "neutral", "positive"};
    print(QStringLiteral("%1: n=%2 macro-F1=%3 accuracy=%4")
              .arg(title)
              .arg(e.total)
              .arg(e.macroF1, 0, 'f', 4)
              .arg(e.accuracy, 0, 'f', 4));
    for (int c = 0; c < 3; ++c) {
        const bench::ClassScore &s = e.classes[c];
        print(QStringLiteral("  %1 P=%2 R=%3 F1=%4 support=%5")
                  .arg(QLatin1String(names[c]), -9)
                  .arg(s.precision, 0, 'f', 4)
                  .arg(s.recall, 0, 'f', 4)
                  .arg(s.f1, 0, 'f', 4)
                  .arg(s.support));
    }
}

double pearson(const QList<double> &x, const QList<double> &y) {
    const qsizetype n = x.size();
    double mx = 0, my = 0;
    for (qsizetype i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (qsizetype i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QString shared = app.arguments().value(1, QStringLiteral(WARROOM_BENCH_SHARED_DIR));
    const QString airlinePath = shared + QStringLiteral("/data/airline-tweets/Tweets.csv");
    if (!QFileInfo::exists(airlinePath)) {
        std::fprintf(stderr, "missing %s (pass the shared/ folder as first argument)\n",
                     qPrintable(airlinePath));
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    const SentimentScorer scorer;
    const qint64 loadMs = timer.elapsed();
    if (!scorer.isLoaded()) {
        std::fprintf(stderr, "lexicon resources not loaded\n");
        return 1;
    }
    print(QStringLiteral("lexicons loaded in %1 ms: %2")
              .arg(loadMs)
              .arg(scorer.languages().join(u',')));

    const QList<bench::LabelledText> airline = bench::loadAirlineTweets(airlinePath);
    QList<Sentiment> gold, predicted;
    for (const bench::LabelledText &t : airline) {
        gold.append(t.gold);
        predicted.append(scorer.score(t.text, u"en").label);
    }
    const bench::Evaluation airlineEval = bench::evaluate(gold, predicted);
    printEvaluation(QStringLiteral("airline-tweets (en)"), airlineEval);

    // Throughput: one core, repeat the corpus until at least two seconds have passed.
    qint64 chars = 0;
    for (const bench::LabelledText &t : airline)
        chars += t.text.size();
    qint64 texts = 0;
    double checksum = 0;
    timer.restart();
    while (timer.elapsed() < 2000) {
        for (const bench::LabelledText &t : airline)
            checksum += scorer.score(t.text, u"en").score;
        texts += airline.size();
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    const double textsPerSecond = texts / seconds;
    print(QStringLiteral("throughput: %1 texts/s (%2 MB/s of UTF-16 text, mean %3 chars), "
                         "checksum %4")
              .arg(textsPerSecond, 0, 'f', 0)
              .arg(textsPerSecond * (double(chars) / airline.size()) * 2 / 1e6, 0, 'f', 1)
              .arg(double(chars) / airline.size(), 0, 'f', 1)
              .arg(checksum, 0, 'f', 1));

    // No-lexicon path (the language is looked up and refused): the cost of a Swahili post.
    timer.restart();
    qint64 refused = 0;
    for (int rep = 0; rep < 20; ++rep) {
        for (const bench::LabelledText &t : airline)
            refused += scorer.score(t.text, u"sw").lexiconAvailable ? 0 : 1;
    }
    const double refusedPerSecond = refused / (timer.nsecsElapsed() / 1e9);

    // VADER's human-rated tweets: Pearson r between compound score and mean human rating.
    const auto truth =
        bench::loadVaderGroundTruth(shared + QStringLiteral("/data/vader/tweets_GroundTruth.txt"));
    QList<double> human, machine;
    for (const auto &[rating, text] : truth) {
        human.append(rating);
        machine.append(scorer.score(text, u"en").score);
    }
    const double r = truth.isEmpty() ? 0.0 : pearson(human, machine);
    print(QStringLiteral("vader tweets_GroundTruth: n=%1 pearson r=%2")
              .arg(truth.size())
              .arg(r, 0, 'f', 4));

    // UMSAB test splits: English and French have lexicons; the others must come back Unknown.
    QJsonObject umsabJson;
    for (const QString &lang : {QStringLiteral("english"), QStringLiteral("french"),
                                QStringLiteral("german"), QStringLiteral("spanish")}) {
        const QString code = lang.left(2) == u"en"   ? QStringLiteral("en")
                             : lang.left(2) == u"fr" ? QStringLiteral("fr")
                             : lang.left(2) == u"ge" ? QStringLiteral("de")
                                                     : QStringLiteral("es");
        const auto rows =
            bench::loadUmsab(shared + QStringLiteral("/data/umsab-multilingual-tweets/") + lang,
                             QStringLiteral("test"));
        QList<Sentiment> g, p;
        for (const bench::LabelledText &t : rows) {
            g.append(t.gold);
            p.append(scorer.score(t.text, code).label);
        }
        const bench::Evaluation e = bench::evaluate(g, p);
        printEvaluation(
            QStringLiteral("umsab %1 test (%2), unknown=%3").arg(lang, code).arg(e.unknown), e);
        QJsonObject o = toJson(e);
        o.insert(QStringLiteral("unknown"), e.unknown);
        umsabJson.insert(code, o);
    }

    const QJsonObject json{
        {QStringLiteral("bench"), QStringLiteral("sentiment")},
        {QStringLiteral("thresholds_en"),
         QJsonArray{scorer.thresholds(u"en").negative, scorer.thresholds(u"en").positive}},
        {QStringLiteral("load_ms"), loadMs},
        {QStringLiteral("texts_per_second"), std::round(textsPerSecond)},
        {QStringLiteral("no_lexicon_texts_per_second"), std::round(refusedPerSecond)},
        {QStringLiteral("airline"), toJson(airlineEval)},
        {QStringLiteral("vader_tweets_pearson"), r},
        {QStringLiteral("umsab_test"), umsabJson}};
    print(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    return 0;
}
