#include "workflow/channellength.h"
#include "workflow/templatelibrary.h"
#include "workflow/toneguard.h"
#include "workflow/worddiff.h"

#include "testdata.h"

#include <QFile>
#include <QTest>

using namespace warroom;

// What the composer shows before anything is submitted: lengths counted the channel's way,
// templates with slots in every language we ship, the tone guard per language, and the word diff
// a reviewer sees.
class TestWorkflowText : public QObject {
    Q_OBJECT

    std::unique_ptr<ToneGuard> m_guard;

    QList<ToneWarning::Kind> kinds(const QString &text, const ToneContext &ctx) const {
        QList<ToneWarning::Kind> out;
        for (const ToneWarning &w : m_guard->check(text, ctx))
            out.append(w.kind);
        return out;
    }

    static ToneContext complaint(const QString &lang, const QString &mention) {
        ToneContext c;
        c.language = lang;
        c.mentionText = mention;
        c.complaint = true;
        return c;
    }

private Q_SLOTS:
    void initTestCase() { m_guard = std::make_unique<ToneGuard>(TemplateLibrary::builtIn()); }

    void graphemes() {
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("abc")), 3);
        // Family: 4 people joined by ZWJ = 1 grapheme, 11 UTF-16 units.
        const QString family = QStringLiteral("👨‍👩‍👧‍👦");
        QCOMPARE(family.size(), 11);
        QCOMPARE(ChannelLength::graphemes(family), 1);
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("👍🏽")), 1); // skin tone modifier
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("🇰🇪🇵🇭")), 2);     // two flags
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("e\u0301")), 1);  // combining accent
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("我们深表歉意")), 6);
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("Ներողություն")), 12);
        QCOMPARE(ChannelLength::graphemes(QStringLiteral("𠀋𠀋")), 2); // outside the BMP
    }

    void mastodonCountsUrlsAs23AndMentionsWithoutDomain() {
        QCOMPARE(ChannelLength::mastodonCount(QStringLiteral(
                     "see https://example.com/a/very/long/path?with=query&and=more")),
                 4 + 23);
        QCOMPARE(ChannelLength::mastodonCount(QStringLiteral("http://x.io")), 23);
        QCOMPARE(ChannelLength::mastodonCount(QStringLiteral("@snellbell@mastodon.social hi")),
                 QStringLiteral("@snellbell hi").size());
        QCOMPARE(ChannelLength::mastodonCount(QStringLiteral("@local hi")), 9);
        // Trailing punctuation is not part of the URL.
        QCOMPARE(ChannelLength::mastodonCount(QStringLiteral("(https://example.com/x).")), 23 + 3);
        // A 500-grapheme emoji post fits; 501 does not.
        QString text;
        for (int i = 0; i < 500; ++i)
            text += QStringLiteral("👩‍🚒");
        QVERIFY(ChannelLength::check(text, QStringLiteral("mastodon")).fits());
        QVERIFY(!ChannelLength::check(text + u'!', QStringLiteral("mastodon")).fits());
        QCOMPARE(ChannelLength::check(text, QStringLiteral("mastodon")).remaining(), 0);
    }

    void blueskyCountsGraphemesAndCapsBytes() {
        const LengthCheck cjk =
            ChannelLength::check(QString(300, QChar(0x6B49)), QStringLiteral("bluesky"));
        QCOMPARE(cjk.count, 300);
        QCOMPARE(cjk.bytes, 900);
        QVERIFY(cjk.fits());
        // 300 graphemes of family emoji = 7500 bytes: over the byte cap though within 300.
        QString families;
        for (int i = 0; i < 300; ++i)
            families += QStringLiteral("👨‍👩‍👧‍👦");
        const LengthCheck heavy = ChannelLength::check(families, QStringLiteral("bluesky"));
        QCOMPARE(heavy.count, 300);
        QCOMPARE(heavy.bytes, 7500);
        QVERIFY(!heavy.fits());
        // Bluesky does not shorten URLs.
        const QString url = QStringLiteral("https://example.com/") + QString(40, u'a');
        QCOMPARE(ChannelLength::check(url, QStringLiteral("bluesky")).count, int(url.size()));
        QCOMPARE(ChannelLength::check(url, QStringLiteral("twitter")).limit, 0);
    }

    void templatesInEveryLanguage() {
        const TemplateLibrary lib = TemplateLibrary::builtIn();
        const QStringList langs = lib.languages();
        for (const char *l : {"en", "fr", "es", "sw", "tl", "hy", "zh"})
            QVERIFY2(langs.contains(QLatin1StringView(l)), l);
        for (const QString &l : langs) {
            const ReplyTemplate *holding = lib.find(QStringLiteral("holding-investigating"), l);
            QVERIFY2(holding, qPrintable(l));
            QCOMPARE(holding->kind, QStringLiteral("holding"));
            QVERIFY(holding->slotNames().contains(QStringLiteral("case")));
            QVERIFY(lib.find(QStringLiteral("reply-apology"), l));
        }
        const ReplyTemplate *sw = lib.find(QStringLiteral("reply-apology"), QStringLiteral("sw"));
        const QString filled = TemplateLibrary::fill(
            sw->text, {{QStringLiteral("name"), QStringLiteral("Amina")},
                       {QStringLiteral("case"), QStringLiteral("mzigo uliopotea")},
                       {QStringLiteral("contact"), QStringLiteral("huduma@example.com")}});
        QVERIFY(
            filled.startsWith(QStringLiteral("Habari Amina, tunaomba radhi kwa mzigo uliopotea.")));
        QCOMPARE(TemplateLibrary::slotsIn(filled), QStringList{QStringLiteral("time")});
        const ReplyTemplate *zh = lib.find(QStringLiteral("reply-apology"), QStringLiteral("zh"));
        QCOMPARE(
            TemplateLibrary::fill(zh->text, {{QStringLiteral("name"), QStringLiteral("王先生")}})
                .left(5),
            QStringLiteral("王先生您好"));
    }

    void toneGuardEnglishOnARealComplaint() {
        // A real complaint from the airline tweets (Crowdflower "Twitter US Airline Sentiment").
        const QString mention = QStringLiteral(
            "@VirginAmerica lost my luggage 4 days ago on flight VX 112 from LAX to IAD & I'm "
            "calling every day, no response.Please give me back my stuff");
        const ToneContext ctx = complaint(QStringLiteral("en"), mention);
        QVERIFY(m_guard->spellingLanguages().contains(QStringLiteral("en")));

        auto k =
            kinds(QStringLiteral("Calm down. As we already said, bags are not our fault."), ctx);
        QVERIFY(k.contains(ToneWarning::Kind::Defensive));
        QVERIFY(k.contains(ToneWarning::Kind::NoApology));
        QVERIFY(k.contains(ToneWarning::Kind::NoNextStep));
        const QList<ToneWarning> w = m_guard->check(
            QStringLiteral("Calm down. As we already said, bags are not our fault."), ctx);
        QCOMPARE(w.first().evidence, QStringLiteral("calm down"));

        k = kinds(
            QStringLiteral("We are so sorry about your luggage on VX 112. Please send us your "
                           "file number and we will trace it today."),
            ctx);
        QVERIFY2(
            k.isEmpty(),
            qPrintable(
                ToneGuard::summary(
                    m_guard->check(
                        QStringLiteral(
                            "We are so sorry about your luggage on VX 112. Please send us your "
                            "file number and we will trace it today."),
                        ctx))
                    .join(u'|')));

        k = kinds(QStringLiteral("We are sory about your lugage. Please send us the file numbr."),
                  ctx);
        QVERIFY(k.contains(ToneWarning::Kind::Spelling));
        const QString spelling =
            m_guard
                ->check(
                    QStringLiteral("We are sory about your lugage. Please send us the file numbr."),
                    ctx)
                .first()
                .evidence;
        QCOMPARE(spelling, QStringLiteral("sory, lugage, numbr"));

        k = kinds(QStringLiteral("WE ARE SORRY AND WE WILL FIX THIS TODAY"), ctx);
        QVERIFY(k.contains(ToneWarning::Kind::Shouting));
        // "calm down" inside another word does not count; a not-complaint needs no apology.
        QVERIFY(kinds(QStringLiteral("Thanks! Our calmdownloads page has the details."), {})
                    .isEmpty() ||
                !kinds(QStringLiteral("Thanks! Our calmdownloads page has the details."), {})
                     .contains(ToneWarning::Kind::Defensive));
    }

    void toneGuardEmptyBoilerplate() {
        const QString mention =
            QStringLiteral("@VirginAmerica everything was fine until you lost my bag");
        ToneContext ctx = complaint(QStringLiteral("en"), mention);
        ctx.mentionAuthor = QStringLiteral("gianagon");
        const TemplateLibrary lib = TemplateLibrary::builtIn();
        // The generic acknowledgement, word for word: hollow (seed 003).
        const QString generic = lib.find(QStringLiteral("generic-ack"), QStringLiteral("en"))->text;
        QVERIFY(kinds(generic, ctx).contains(ToneWarning::Kind::Boilerplate));
        // The apology template with its slots left open: boilerplate and unfilled slots.
        const QString apology =
            lib.find(QStringLiteral("reply-apology"), QStringLiteral("en"))->text;
        auto k = kinds(apology, ctx);
        QVERIFY(k.contains(ToneWarning::Kind::UnfilledSlot));
        QVERIFY(k.contains(ToneWarning::Kind::Boilerplate));
        // Filled with this customer's name and case: specific, no warning of either kind.
        const QString filled = TemplateLibrary::fill(
            apology, {{QStringLiteral("name"), QStringLiteral("@gianagon")},
                      {QStringLiteral("case"), QStringLiteral("your lost bag")},
                      {QStringLiteral("contact"), QStringLiteral("bags@example.com")},
                      {QStringLiteral("time"), QStringLiteral("6 pm")}});
        k = kinds(filled, ctx);
        QVERIFY(!k.contains(ToneWarning::Kind::Boilerplate));
        QVERIFY(!k.contains(ToneWarning::Kind::UnfilledSlot));
        // Chinese generic reply, character-tokenised.
        const QString zhGeneric =
            lib.find(QStringLiteral("generic-ack"), QStringLiteral("zh"))->text;
        QVERIFY(kinds(zhGeneric, complaint(QStringLiteral("zh"), QStringLiteral("我的行李丢了")))
                    .contains(ToneWarning::Kind::Boilerplate));
    }

    void toneGuardOtherLanguages_data() {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("bad");  // defensive, no apology
        QTest::addColumn<QString>("good"); // apology + next step
        QTest::newRow("fr") << QStringLiteral("fr")
                            << QStringLiteral("Calmez-vous, ce n'est pas notre faute.")
                            << QStringLiteral(
                                   "Nous sommes désolés pour votre valise. Envoyez-nous votre "
                                   "numéro de dossier et nous réglerons cela aujourd'hui.");
        QTest::newRow("es") << QStringLiteral("es")
                            << QStringLiteral("Cálmate, como ya dijimos no es nuestra culpa.")
                            << QStringLiteral("Lamentamos lo de tu maleta. Envíanos tu número de "
                                              "reclamo y lo resolveremos hoy.");
        QTest::newRow("sw") << QStringLiteral("sw")
                            << QStringLiteral("Tulia, kama tulivyosema si kosa letu.")
                            << QStringLiteral("Tunaomba radhi kwa mzigo wako. Tafadhali tutumie "
                                              "namba ya tiketi na tutalitatua leo.");
        QTest::newRow("tl")
            << QStringLiteral("tl") << QStringLiteral("Huminahon ka, hindi namin kasalanan ito.")
            << QStringLiteral("Humihingi kami ng paumanhin sa nawawala mong bagahe. Pakipadala ang "
                              "iyong reference number at aayusin namin ito ngayon.");
        QTest::newRow("hy")
            << QStringLiteral("hy") << QStringLiteral("Հանգստացեք, մեր մեղքը չէ։")
            << QStringLiteral(
                   "Ներողություն ենք խնդրում։ Խնդրում ենք գրեք մեզ, և մենք կլուծենք խնդիրը այսօր։");
        QTest::newRow("zh")
            << QStringLiteral("zh") << QStringLiteral("请冷静，这不是我们的错。")
            << QStringLiteral(
                   "对于您的行李问题我们深表歉意，请私信您的订单号，我们会在今天内处理。");
    }

    void toneGuardOtherLanguages() {
        QFETCH(QString, lang);
        QFETCH(QString, bad);
        QFETCH(QString, good);
        const ToneContext ctx = complaint(lang, QString());
        auto k = kinds(bad, ctx);
        QVERIFY2(k.contains(ToneWarning::Kind::Defensive), qPrintable(lang));
        QVERIFY2(k.contains(ToneWarning::Kind::NoApology), qPrintable(lang));
        k = kinds(good, ctx);
        QVERIFY2(!k.contains(ToneWarning::Kind::Defensive), qPrintable(lang));
        QVERIFY2(!k.contains(ToneWarning::Kind::NoApology), qPrintable(lang));
        QVERIFY2(!k.contains(ToneWarning::Kind::NoNextStep), qPrintable(lang));
    }

    void wordDiff() {
        using K = DiffChunk::Kind;
        QCOMPARE(WordDiff::diff(QStringLiteral("We will call you today."),
                                QStringLiteral("We will email you today.")),
                 (QList<DiffChunk>{{K::Same, QStringLiteral("We will ")},
                                   {K::Removed, QStringLiteral("call")},
                                   {K::Added, QStringLiteral("email")},
                                   {K::Same, QStringLiteral(" you today.")}}));
        // Whole words, not letters.
        QCOMPARE(WordDiff::toPlain(WordDiff::diff(QStringLiteral("refund tomorrow"),
                                                  QStringLiteral("refund today"))),
                 QStringLiteral("refund [-tomorrow-]{+today+}"));
        // CJK by character.
        QCOMPARE(WordDiff::toPlain(WordDiff::diff(QStringLiteral("我们明天处理"),
                                                  QStringLiteral("我们今天处理"))),
                 QStringLiteral("我们[-明-]{+今+}天处理"));
        // Armenian words.
        QCOMPARE(WordDiff::toPlain(WordDiff::diff(QStringLiteral("կլուծենք վաղը"),
                                                  QStringLiteral("կլուծենք այսօր"))),
                 QStringLiteral("կլուծենք [-վաղը-]{+այսօր+}"));
        // Escaped for display.
        const QString html =
            WordDiff::toHtml(WordDiff::diff(QStringLiteral("a"), QStringLiteral("<b>x</b>")));
        QVERIFY(html.contains(QStringLiteral("&lt;b&gt;")));
        QVERIFY(!html.contains(QStringLiteral("<b>")));
        QCOMPARE(WordDiff::diff(QStringLiteral("same"), QStringLiteral("same")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowText)
#include "workflow_text.moc"
