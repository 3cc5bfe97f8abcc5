// bench_analysis_learner: trains SentimentLearner on each UMSAB train split and prints macro-F1
// on val and test (languages as CLD2 detects them, the way the store sees them).
#include "analysis/languagedetector.h"
#include "analysis/sentimentlearner.h"
#include "bench_sentiment_eval.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace warroom;

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QString root = QStringLiteral(WARROOM_BENCH_SHARED_DIR "/data/umsab-multilingual-tweets");
    const QStringList langs = {"arabic", "english", "french",     "german",
                               "hindi",  "italian", "portuguese", "spanish"};
    LanguageDetector detector;
    SentimentLearner::Options o;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--epochs")
            o.epochs = args[i + 1].toInt();
        if (args[i] == u"--lr")
            o.learningRate = args[i + 1].toDouble();
        if (args[i] == u"--l2")
            o.l2 = args[i + 1].toDouble();
        if (args[i] == u"--lex")
            o.lexiconFeatures = args[i + 1].toInt();
        if (args[i] == u"--global")
            o.globalWeight = args[i + 1].toDouble();
        if (args[i] == u"--minlang")
            o.minLanguageExamples = args[i + 1].toInt();
    }
    auto lang = [&](const QString &t) {
        const LanguageGuess g = detector.detect(t);
        return g.reliable ? g.code : g.bestGuess;
    };
    QList<LabelledExample> train;
    QHash<QString, QList<bench::LabelledText>> val, test;
    for (const QString &l : langs) {
        for (const auto &t : bench::loadUmsab(root + u'/' + l, QStringLiteral("train")))
            train.append({t.text, lang(t.text), t.gold});
        val[l] = bench::loadUmsab(root + u'/' + l, QStringLiteral("val"));
        test[l] = bench::loadUmsab(root + u'/' + l, QStringLiteral("test"));
    }
    QElapsedTimer timer;
    timer.start();
    SentimentLearner learner(o);
    learner.train(train);
    out << "trained on " << train.size() << " in " << timer.elapsed()
        << " ms; language models: " << learner.languages().join(u',') << Qt::endl;
    double sumVal = 0, sumTest = 0;
    for (const QString &l : langs) {
        double f[2];
        int k = 0;
        for (const auto *set : {&val[l], &test[l]}) {
            QList<Sentiment> gold, pred;
            for (const auto &t : *set) {
                gold.append(t.gold);
                pred.append(learner.predict(t.text, lang(t.text)).label);
            }
            f[k++] = bench::evaluate(gold, pred).macroF1;
        }
        sumVal += f[0];
        sumTest += f[1];
        out << l << ": val " << QString::number(f[0], 'f', 3) << " test "
            << QString::number(f[1], 'f', 3) << Qt::endl;
    }
    out << "average: val " << QString::number(sumVal / 8, 'f', 3) << " test "
        << QString::number(sumTest / 8, 'f', 3) << Qt::endl;
    return 0;
}
