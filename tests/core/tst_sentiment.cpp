// SentimentScorer: the rules a reader of the wall would notice, then the figures on real,
// human-labelled tweets (airline complaints, VADER's rated tweets, UMSAB English and French).
#include "analysis/sentimentscorer.h"
#include "bench_sentiment_eval.h"
#include "testdata.h"

#include <QFile>
#include <QTest>
#include <QtConcurrent/QtConcurrentMap>

#include <cmath>

using namespace warroom;

class TstSentiment : public QObject {
    Q_OBJECT

private:
    SentimentScorer m_scorer;

    [[nodiscard]] double en(const QString &text) const { return m_scorer.score(text, u"en").score; }
    [[nodiscard]] Sentiment enLabel(const QString &text) const {
        return m_scorer.score(text, u"en").label;
    }

    static bench::Evaluation evaluateAirline(const SentimentScorer &scorer, int part) {
        static const QList<bench::LabelledText> rows =
            bench::loadAirlineTweets(test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")));
        QList<Sentiment> gold, predicted;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (part >= 0 && i % 2 != part)
                continue;
            gold.append(rows.at(i).gold);
            predicted.append(scorer.score(rows.at(i).text, u"en").label);
        }
        return bench::evaluate(gold, predicted);
    }

    static void report(const char *what, const bench::Evaluation &e) {
        qInfo("%s: n=%d macro-F1 %.4f accuracy %.4f | negative P %.3f R %.3f F1 %.3f | neutral P "
              "%.3f R %.3f F1 %.3f | positive P %.3f R %.3f F1 %.3f",
              what, e.total, e.macroF1, e.accuracy, e.classes[0].precision, e.classes[0].recall,
              e.classes[0].f1, e.classes[1].precision, e.classes[1].recall, e.classes[1].f1,
              e.classes[2].precision, e.classes[2].recall, e.classes[2].f1);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_scorer.isLoaded(), "lexicon resources not linked into the test executable");
        // The resources of the static warroom_core are reachable from an executable.
        QVERIFY(QFile::exists(QStringLiteral(":/lexicons/vader_lexicon.txt")));
        QCOMPARE(m_scorer.languages(),
                 QStringList({QStringLiteral("da"), QStringLiteral("en"), QStringLiteral("fi"),
                              QStringLiteral("fr"), QStringLiteral("pl"), QStringLiteral("sv"),
                              QStringLiteral("tr")}));
    }

    void basicPolarity() {
        QCOMPARE(enLabel(QStringLiteral("I love this airline, the crew was wonderful")),
                 Sentiment::Positive);
        QCOMPARE(enLabel(QStringLiteral("Worst customer experience ever, I hate this")),
                 Sentiment::Negative);
        QCOMPARE(enLabel(QStringLiteral("The flight departs from gate 12 at 9")),
                 Sentiment::Neutral);
        const SentimentResult r = m_scorer.score(u"The flight departs from gate 12 at 9", u"en");
        QCOMPARE(r.sentimentTerms, 0);
        QCOMPARE(r.score, 0.0);
        QVERIFY(r.lexiconAvailable);
        QCOMPARE(r.lexiconLanguage, QStringLiteral("en"));
    }

    void scoreIsBounded() {
        const double s = en(QStringLiteral(
            "BEST BEST BEST amazing wonderful superb fantastic love love love!!!!!!! 😍😍😍"));
        QVERIFY(s > 0.95 && s <= 1.0);
        const double t = en(QStringLiteral(
            "WORST WORST horrible disgusting awful hate hate hate terrible!!!!!!! 😡😡😡"));
        QVERIFY(t < -0.95 && t >= -1.0);
    }

    void negationFlips() {
        QVERIFY(en(QStringLiteral("The service was good")) > 0.3);
        QVERIFY(en(QStringLiteral("The service was not good")) < 0);
        QVERIFY(en(QStringLiteral("The service wasn't good")) < 0);
        QVERIFY(en(QStringLiteral("The service wasn’t good")) < 0); // typographic apostrophe
        // Three tokens back still negates; four do not.
        QVERIFY(en(QStringLiteral("it is not really that good")) < 0);
        QVERIFY(en(QStringLiteral("not the crew the pilots the food was good")) > 0);
        QVERIFY(en(QStringLiteral("not bad at all")) > 0);
    }

    void boostersAndDampeners() {
        const double plain = en(QStringLiteral("the staff was helpful"));
        QVERIFY(en(QStringLiteral("the staff was extremely helpful")) > plain);
        QVERIFY(en(QStringLiteral("the staff was barely helpful")) < plain);
        QVERIFY(en(QStringLiteral("the food was very bad")) <
                en(QStringLiteral("the food was bad")));
    }

    void butShiftsTheWeight() {
        // The clause after "but" dominates.
        QCOMPARE(enLabel(QStringLiteral("The crew was nice but the delay was awful and horrible")),
                 Sentiment::Negative);
        QVERIFY(en(QStringLiteral("The seats were bad but the crew was great")) > 0);
        QVERIFY(en(QStringLiteral("The seats were bad but the crew was great")) >
                en(QStringLiteral("The seats were bad and the crew was great")));
    }

    void capsAndExclamationsIntensify() {
        QVERIFY(en(QStringLiteral("this is HORRIBLE service")) <
                en(QStringLiteral("this is horrible service")));
        QVERIFY(en(QStringLiteral("great job!!!")) > en(QStringLiteral("great job")));
        QVERIFY(en(QStringLiteral("awful!!!")) < en(QStringLiteral("awful")));
        // All-caps text is not emphasis (VADER's caps differential).
        QCOMPARE(en(QStringLiteral("GREAT JOB")), en(QStringLiteral("great job")));
    }

    void emojiAndEmoticons() {
        QCOMPARE(enLabel(QStringLiteral("on my way to the airport 😍")), Sentiment::Positive);
        QCOMPARE(enLabel(QStringLiteral("on my way to the airport 😡")), Sentiment::Negative);
        QCOMPARE(enLabel(QStringLiteral("on my way to the airport 😂😂")), Sentiment::Positive);
        QVERIFY(en(QStringLiteral("flight boarding now👍")) > 0); // glued to the word
        QVERIFY(en(QStringLiteral("flight boarding now :(")) < 0);
        QVERIFY(en(QStringLiteral("flight boarding now :-)")) > 0);
        QVERIFY(en(QStringLiteral("see you soon <3")) > 0);
        // Skin-tone modifiers do not change the meaning.
        QCOMPARE(en(QStringLiteral("ok 👍🏽")), en(QStringLiteral("ok 👍")));
        // A flag has no sentiment.
        QCOMPARE(en(QStringLiteral("landed 🇰🇪")), 0.0);
        // Flight and order numbers are not VADER's slang codes ("86", "143").
        QCOMPARE(en(QStringLiteral("flight 86 now boarding at gate 143")), 0.0);
    }

    void handlesLinksAndEntities() {
        // "@united" is a handle, not the word "united" (+1.8 in VADER).
        QCOMPARE(en(QStringLiteral("@united flight 1234 to Denver")), 0.0);
        QCOMPARE(en(QStringLiteral("see https://t.co/GreatDeal")), 0.0);
        // The airline export keeps HTML entities: "&lt;3" is a heart, "&amp;" an ampersand.
        QVERIFY(en(QStringLiteral("thanks for the upgrade &lt;3")) >
                en(QStringLiteral("thanks for the upgrade")));
        QCOMPARE(en(QStringLiteral("crew &amp; pilots were awful")),
                 en(QStringLiteral("crew & pilots were awful")));
        // Hashtags count as words, and "#nothappy" as "not happy".
        QVERIFY(en(QStringLiteral("flight delayed again #fail")) <
                en(QStringLiteral("flight delayed again")));
        QVERIFY(en(QStringLiteral("on hold since noon #nothappy")) < -0.5);
    }

    void customerCareVocabulary() {
        // A request is not praise; waiting on a brand is a complaint.
        QVERIFY(en(QStringLiteral("@brand please help me change my booking")) < 0.45);
        QCOMPARE(enLabel(QStringLiteral("@brand 2 hours on hold and still no answer")),
                 Sentiment::Negative);
        QCOMPARE(enLabel(QStringLiteral("@brand thank you so much, the team was amazing!")),
                 Sentiment::Positive);
    }

    void emptyText() {
        const SentimentResult r = m_scorer.score(u"", u"en");
        QCOMPARE(r.label, Sentiment::Neutral);
        QVERIFY(r.lexiconAvailable);
        QCOMPARE(r.sentimentTerms, 0);
    }

    // Languages we cannot read are flagged, not guessed: Unknown, and lexiconAvailable false.
    void languageWithoutLexicon_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("language");
        QTest::newRow("sw") << QStringLiteral("Huduma yenu ni mbaya sana 😡")
                            << QStringLiteral("sw");
        QTest::newRow("hy") << QStringLiteral("Ձեր ծառայությունը շատ վատն է")
                            << QStringLiteral("hy");
        QTest::newRow("zh") << QStringLiteral("你們的產品質量太差了") << QStringLiteral("zh");
        QTest::newRow("tl") << QStringLiteral("Ang galing ng serbisyo ninyo!")
                            << QStringLiteral("tl");
        QTest::newRow("de") << QStringLiteral("Das ist sehr gut") << QStringLiteral("de");
        QTest::newRow("empty language") << QStringLiteral("I love it") << QString();
    }

    void languageWithoutLexicon() {
        QFETCH(QString, text);
        QFETCH(QString, language);
        const SentimentResult r = m_scorer.score(text, language);
        QCOMPARE(r.label, Sentiment::Unknown);
        QVERIFY(!r.lexiconAvailable);
        QCOMPARE(r.score, 0.0);
        QVERIFY(r.lexiconLanguage.isEmpty());
        QVERIFY(!m_scorer.hasLexicon(language));
    }

    void otherLexiconLanguages() {
        QVERIFY(m_scorer.hasLexicon(u"en-GB"));
        QVERIFY(m_scorer.hasLexicon(u"FR"));
        QCOMPARE(m_scorer.score(u"Le service était excellent", u"fr").label, Sentiment::Positive);
        QCOMPARE(m_scorer.score(u"Le service était horrible", u"fr").label, Sentiment::Negative);
        QVERIFY(m_scorer.score(u"Le service n'était pas bon", u"fr").score < 0);
        QVERIFY(m_scorer.score(u"Ce n'est pas mauvais", u"fr").score > 0);
        QVERIFY(m_scorer.score(u"très bon", u"fr").score > m_scorer.score(u"bon", u"fr").score);
        QCOMPARE(m_scorer.score(u"Tjenesten var god", u"da").label, Sentiment::Positive);
        QVERIFY(m_scorer.score(u"Tjenesten var ikke god", u"da").score < 0);
        QCOMPARE(m_scorer.score(u"Palvelu oli huono", u"fi").label, Sentiment::Negative);
        QCOMPARE(m_scorer.score(u"Obsługa była fatalna", u"pl").label, Sentiment::Negative);
        QCOMPARE(m_scorer.score(u"Servicen var dålig", u"sv").label, Sentiment::Negative);
        QCOMPARE(m_scorer.score(u"Harika bir hizmet", u"tr").label, Sentiment::Positive);
    }

    void thresholds() {
        QCOMPARE(SentimentScorer::labelFor(0.05, {0.05, -0.05}), Sentiment::Positive);
        QCOMPARE(SentimentScorer::labelFor(0.0, {0.05, -0.05}), Sentiment::Neutral);
        QCOMPARE(SentimentScorer::labelFor(-0.05, {0.05, -0.05}), Sentiment::Negative);
        const SentimentScorer vader(SentimentScorer::Thresholds{0.05, -0.05});
        QCOMPARE(vader.thresholds(u"en").positive, 0.05);
        QCOMPARE(m_scorer.thresholds(u"en").positive, 0.45);
        QCOMPARE(m_scorer.thresholds(u"fr").positive, 0.05);
        // "Thanks for the update": polite, but below the English positive cut-off.
        const QString polite = QStringLiteral("@brand thanks for the update");
        QCOMPARE(vader.score(polite, u"en").label, Sentiment::Positive);
        QCOMPARE(m_scorer.score(polite, u"en").label, Sentiment::Neutral);
    }

    // One scorer, many threads, same answers.
    void threadSafe() {
        QStringList texts;
        for (int i = 0; i < 2000; ++i)
            texts.append(QStringLiteral("trip %1 was not good but the crew was GREAT!! 😍 :(")
                             .arg(QChar(u'a' + i % 26)));
        const double expected = en(texts.first());
        const QList<double> scores = QtConcurrent::blockingMapped(
            texts, [this](const QString &t) { return m_scorer.score(t, u"en").score; });
        for (qsizetype i = 0; i < scores.size(); ++i)
            QVERIFY2(scores.at(i) == expected, qPrintable(texts.at(i)));
    }

    // The product target: macro-F1 >= 0.60 over negative/neutral/positive on 14,640 airline
    // tweets. The customer-care corrections and the English cut-off were chosen on the even rows
    // only, so the odd rows are a held-out check that must clear the target too.
    void airlineTweetsMacroF1() {
        const bench::Evaluation all = evaluateAirline(m_scorer, -1);
        const bench::Evaluation calibration = evaluateAirline(m_scorer, 0);
        const bench::Evaluation heldOut = evaluateAirline(m_scorer, 1);
        report("airline tweets, all rows", all);
        report("airline tweets, even rows (calibration)", calibration);
        report("airline tweets, odd rows (held out)", heldOut);
        QCOMPARE(all.total, 14640);
        QCOMPARE(all.unknown, 0);
        QVERIFY2(all.macroF1 >= 0.60, qPrintable(QString::number(all.macroF1)));
        QVERIFY2(heldOut.macroF1 >= 0.60, qPrintable(QString::number(heldOut.macroF1)));
        // No class may be given up to buy the average.
        for (const bench::ClassScore &c : all.classes)
            QVERIFY2(c.f1 >= 0.45, qPrintable(QString::number(c.f1)));
        // Plain VADER cut-offs are worse here: the calibration earns its place.
        const bench::Evaluation vader =
            evaluateAirline(SentimentScorer(SentimentScorer::Thresholds{0.05, -0.05}), -1);
        report("airline tweets, VADER's +-0.05 cut-offs", vader);
        QVERIFY(vader.macroF1 < all.macroF1);
    }

    // VADER's 4,200 tweets rated by ~20 people each: the compound score must follow the human
    // mean (the VADER paper reports r = 0.881 for its Python implementation).
    void vaderGroundTruthCorrelation() {
        const auto truth = bench::loadVaderGroundTruth(
            test::sharedData(QStringLiteral("vader/tweets_GroundTruth.txt")));
        QCOMPARE(truth.size(), 4200);
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int signAgree = 0;
        int signed_ = 0;
        for (const auto &[human, text] : truth) {
            const double machine = en(text);
            sx += human;
            sy += machine;
            sxx += human * human;
            syy += machine * machine;
            sxy += human * machine;
            if (std::abs(human) >= 1.0) { // clearly rated texts
                ++signed_;
                signAgree += (human > 0) == (machine > 0) && machine != 0 ? 1 : 0;
            }
        }
        const double n = truth.size();
        const double r = (n * sxy - sx * sy) / std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
        const double agreement = double(signAgree) / signed_;
        qInfo("VADER tweets ground truth: Pearson r %.4f; polarity agreement on %d clearly rated "
              "tweets %.4f",
              r, signed_, agreement);
        QVERIFY2(r >= 0.85, qPrintable(QString::number(r)));
        QVERIFY2(agreement >= 0.85, qPrintable(QString::number(agreement)));
    }

    // General-topic tweets (not about brands): the floors guard against the customer-care
    // corrections hurting ordinary text. French uses the machine-translated AFINN list.
    void umsabTweets_data() {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("language");
        QTest::addColumn<double>("floor");
        QTest::newRow("english") << QStringLiteral("english") << QStringLiteral("en") << 0.55;
        QTest::newRow("french") << QStringLiteral("french") << QStringLiteral("fr") << 0.45;
    }

    void umsabTweets() {
        QFETCH(QString, folder);
        QFETCH(QString, language);
        QFETCH(double, floor);
        const QList<bench::LabelledText> rows = bench::loadUmsab(
            test::sharedData(QStringLiteral("umsab-multilingual-tweets/") + folder),
            QStringLiteral("test"));
        QCOMPARE(rows.size(), 870);
        QList<Sentiment> gold, predicted;
        for (const bench::LabelledText &t : rows) {
            gold.append(t.gold);
            predicted.append(m_scorer.score(t.text, language).label);
        }
        const bench::Evaluation e = bench::evaluate(gold, predicted);
        report(qPrintable(QStringLiteral("UMSAB %1 test").arg(folder)), e);
        QVERIFY2(e.macroF1 >= floor, qPrintable(QString::number(e.macroF1)));
    }
};

QTEST_GUILESS_MAIN(TstSentiment)
#include "tst_sentiment.moc"
