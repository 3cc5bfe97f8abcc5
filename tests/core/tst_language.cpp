// LanguageDetector on real text: the five seed documents (Swahili, Swahili, Armenian, Chinese,
// Tagalog) and the UMSAB tweets in eight languages. Figures are printed with qInfo; the floors
// asserted are a little under what was measured (see the report in each function).
#include "analysis/languagedetector.h"
#include "bench_sentiment_eval.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace warroom;

class TstLanguage : public QObject {
    Q_OBJECT

private:
    static QString seedText(const QString &prefix) {
        const QDir dir(test::seedsDir());
        const QStringList files = dir.entryList({prefix + QStringLiteral("_*.txt")}, QDir::Files);
        if (files.size() != 1)
            return {};
        QFile f(dir.filePath(files.first()));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll());
    }

    // Paragraphs (blank-line or line separated) with at least `minLetters` letters.
    static QStringList paragraphs(const QString &text, int minLetters) {
        QStringList out;
        for (const QString &p :
             text.split(QRegularExpression(QStringLiteral("\\n\\s*\\n|\\n")), Qt::SkipEmptyParts)) {
            int letters = 0;
            for (const QChar c : p)
                letters += c.isLetter() ? 1 : 0;
            if (letters >= minLetters)
                out.append(p.trimmed());
        }
        return out;
    }

private Q_SLOTS:
    void isoCodes() {
        QCOMPARE(LanguageDetector::isoCodeFromCld2("en"), QStringLiteral("en"));
        QCOMPARE(LanguageDetector::isoCodeFromCld2("iw"), QStringLiteral("he"));
        QCOMPARE(LanguageDetector::isoCodeFromCld2("zh-Hant"), QStringLiteral("zh"));
        QCOMPARE(LanguageDetector::isoCodeFromCld2("tl"), QStringLiteral("tl"));
        QCOMPARE(LanguageDetector::isoCodeFromCld2("un"), QString());
        QCOMPARE(LanguageDetector::isoCodeFromCld2("xx-Qaai"), QString());
    }

    void cleaningRemovesSocialMarkup() {
        QCOMPARE(LanguageDetector::cleanForDetection(
                     u"RT @user_1: Habari za asubuhi https://t.co/abc #Kenya &amp; www.x.co http"),
                 QStringLiteral("Habari za asubuhi &"));
    }

    void emptyAndSymbolOnlyTextIsUnknown() {
        const LanguageDetector detector;
        for (const QString &text :
             {QString(), QStringLiteral("   "), QStringLiteral("@user https://t.co/x #tag"),
              QStringLiteral("😡😡 12:45 !!!")}) {
            const LanguageGuess g = detector.detect(text);
            QVERIFY2(g.code.isEmpty(), qPrintable(text + QStringLiteral(" -> ") + g.code));
            QVERIFY(!g.reliable);
        }
    }

    void seedDocuments_data() {
        QTest::addColumn<QString>("seed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("000 Swahili") << QStringLiteral("000") << QStringLiteral("sw");
        QTest::newRow("001 Swahili") << QStringLiteral("001") << QStringLiteral("sw");
        QTest::newRow("002 Armenian") << QStringLiteral("002") << QStringLiteral("hy");
        QTest::newRow("003 Chinese") << QStringLiteral("003") << QStringLiteral("zh");
        QTest::newRow("004 Tagalog") << QStringLiteral("004") << QStringLiteral("tl");
    }

    // The whole document, and then each paragraph of it as if it had been posted alone.
    void seedDocuments() {
        QFETCH(QString, seed);
        QFETCH(QString, expected);
        const QString text = seedText(seed);
        QVERIFY2(text.size() > 1000, qPrintable(QStringLiteral("seed missing: ") + seed));
        const LanguageDetector detector;

        const LanguageGuess whole = detector.detect(text);
        QCOMPARE(whole.code, expected);
        QVERIFY(whole.reliable);

        // Seeds 002 and 003 carry a few lines in English (a slogan, a byline): those paragraphs
        // are English, so they are not held against the detector.
        const bool latinScript = expected == u"sw" || expected == u"tl";
        QStringList paras;
        for (const QString &p : paragraphs(text, 40)) {
            const bool asciiOnly =
                std::all_of(p.cbegin(), p.cend(), [](QChar c) { return c.unicode() < 0x80; });
            if (latinScript || !asciiOnly)
                paras.append(p);
        }
        QVERIFY(paras.size() >= 5);
        int right = 0;
        int reliableRight = 0;
        QStringList wrong;
        for (const QString &p : paras) {
            const LanguageGuess g = detector.detect(p);
            right += g.bestGuess == expected ? 1 : 0;
            reliableRight += g.code == expected ? 1 : 0;
            if (g.bestGuess != expected)
                wrong.append(g.bestGuess + QStringLiteral(": ") + p.left(60));
        }
        const double accuracy = double(right) / paras.size();
        qInfo("seed %s (%s): %d paragraphs, best guess right %.3f, reliable and right %.3f",
              qPrintable(seed), qPrintable(expected), int(paras.size()), accuracy,
              double(reliableRight) / paras.size());
        for (const QString &w : std::as_const(wrong))
            qInfo("  missed %s", qPrintable(w));
        QVERIFY2(accuracy >= 0.95, qPrintable(QString::number(accuracy)));
    }

    // A declared language helps a short, ambiguous post, but never overrides clear text.
    void hintsBoostButDoNotOverride() {
        const LanguageDetector detector;
        const QString english = QStringLiteral(
            "The flight was cancelled and nobody at the desk could tell us when the next one "
            "leaves, so we are sleeping at the airport tonight.");
        const LanguageGuess g =
            detector.detect(english, {QStringLiteral("fr"), QStringLiteral("fr")});
        QCOMPARE(g.code, QStringLiteral("en"));
    }

    void umsabTweets_data() {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<double>("floor");
        // Floors: the best-guess accuracy measured with Debian 12's libcld2 0.0.197
        // (ar .992, en .989, fr .959, de .883, it .970, pt .887, es .963) minus about 0.03.
        // Hindi is left out: UMSAB's Hindi tweets are romanised ("kabhi bani hoti"), which CLD2
        // only recognises in Devanagari; they come back as English or unknown.
        QTest::newRow("arabic") << QStringLiteral("arabic") << QStringLiteral("ar") << 0.96;
        QTest::newRow("english") << QStringLiteral("english") << QStringLiteral("en") << 0.96;
        QTest::newRow("french") << QStringLiteral("french") << QStringLiteral("fr") << 0.93;
        QTest::newRow("german") << QStringLiteral("german") << QStringLiteral("de") << 0.85;
        QTest::newRow("italian") << QStringLiteral("italian") << QStringLiteral("it") << 0.94;
        QTest::newRow("portuguese") << QStringLiteral("portuguese") << QStringLiteral("pt") << 0.85;
        QTest::newRow("spanish") << QStringLiteral("spanish") << QStringLiteral("es") << 0.93;
    }

    void umsabTweets() {
        QFETCH(QString, folder);
        QFETCH(QString, expected);
        QFETCH(double, floor);
        const QList<bench::LabelledText> tweets = bench::loadUmsab(
            test::sharedData(QStringLiteral("umsab-multilingual-tweets/") + folder),
            QStringLiteral("test"));
        QVERIFY(tweets.size() >= 800);
        const LanguageDetector detector;
        int right = 0;
        int reliable = 0;
        int reliableRight = 0;
        QHash<QString, int> confusions;
        for (const bench::LabelledText &t : tweets) {
            const LanguageGuess g = detector.detect(t.text);
            right += g.bestGuess == expected ? 1 : 0;
            reliable += g.reliable ? 1 : 0;
            reliableRight += g.code == expected ? 1 : 0;
            if (g.bestGuess != expected)
                ++confusions[g.bestGuess.isEmpty() ? QStringLiteral("(none)") : g.bestGuess];
        }
        const double n = tweets.size();
        const double accuracy = right / n;
        QStringList top;
        for (auto it = confusions.cbegin(); it != confusions.cend(); ++it)
            top.append(it.key() + u'=' + QString::number(it.value()));
        top.sort();
        qInfo("umsab %s test (%s): n=%d best-guess accuracy %.3f; reliable %.3f of tweets, "
              "precision when reliable %.3f; misses: %s",
              qPrintable(folder), qPrintable(expected), int(n), accuracy, reliable / n,
              reliable ? double(reliableRight) / reliable : 0.0, qPrintable(top.join(u' ')));
        QVERIFY2(accuracy >= floor, qPrintable(QString::number(accuracy)));
        // `code` (the reliable answer) is what the pipeline stores without a second thought: it
        // must be right when given (measured 0.947..0.999) and given for most tweets (0.87..0.98).
        QVERIFY2(reliable ? double(reliableRight) / reliable >= 0.93 : false,
                 qPrintable(QString::number(double(reliableRight) / std::max(reliable, 1))));
        QVERIFY2(reliable / n >= 0.83, qPrintable(QString::number(reliable / n)));
    }

    // Posts as a connector delivers them: handles, links and tags around a short sentence.
    void shortPosts_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("sw") << QStringLiteral("@SafaricomCare huduma yenu ni mbaya sana, "
                                              "nimesubiri kwa masaa matatu bila jibu "
                                              "https://t.co/x1 #huduma")
                            << QStringLiteral("sw");
        QTest::newRow("tl") << QStringLiteral("@PLDT_Cares tatlong araw na po kaming walang "
                                              "internet, wala pa rin pong sumasagot "
                                              "sa amin #PLDTfail")
                            << QStringLiteral("tl");
        QTest::newRow("hy")
            << QStringLiteral(
                   "@brand Ձեր ծառայությունը շատ վատն է, երեք օր է սպասում ենք պատասխանի")
            << QStringLiteral("hy");
        QTest::newRow("zh")
            << QStringLiteral(
                   "@品牌 你們的產品質量太差了，客服也不回覆，我要退貨！ http://t.cn/abc")
            << QStringLiteral("zh");
        QTest::newRow("en with French tag")
            << QStringLiteral("RT @AirFrance: still no refund after six weeks, this is a joke "
                              "#remboursement #service")
            << QStringLiteral("en");
    }

    void shortPosts() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const LanguageGuess g = LanguageDetector().detect(text);
        QCOMPARE(g.bestGuess, expected);
        QCOMPARE(g.code, expected);
    }
};

QTEST_GUILESS_MAIN(TstLanguage)
#include "tst_language.moc"
