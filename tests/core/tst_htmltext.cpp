// Tests for warroom::htmlToPlainText / cleanPlainText / extractSafeLinks: untrusted HTML from
// feeds must come out as plain text with nothing executable or deceptive left in it.

#include "connectors/rss/htmltext.h"

#include <QElapsedTimer>
#include <QTest>

using namespace warroom;

class TestHtmlText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plainText_data();
    void plainText();
    void bidiAndControls();
    void cappedOutput();
    void largeInputIsFast_data();
    void largeInputIsFast();
    void cleanPlain();
    void entities();
    void safeLinks();
};

void TestHtmlText::plainText_data() {
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("expected");
    QTest::newRow("inline tags") << "Example <b>Atom</b> <i>x</i>"
                                 << "Example Atom x";
    QTest::newRow("script dropped") << "safe<script>alert(1)</script> description"
                                    << "safe description";
    QTest::newRow("script upper/attrs") << "a<SCRIPT type=\"text/javascript\">x='</p>'</ScRiPt >b"
                                        << "ab";
    QTest::newRow("style dropped") << "<style>p { color: red }</style><p>text</p>"
                                   << "text";
    QTest::newRow("comment dropped") << "a<!-- <b>hidden</b> -->b"
                                     << "ab";
    QTest::newRow("unclosed comment") << "a<!-- never closed <b>x</b>"
                                      << "a";
    QTest::newRow("unclosed script") << "a<script>alert(1) never closed"
                                     << "a";
    QTest::newRow("unclosed tag at end") << "text <a href=\"x"
                                         << "text";
    QTest::newRow("lone lt") << "1 < 2 and 3 > 2"
                             << "1 < 2 and 3 > 2";
    QTest::newRow("lt digit") << "a <3 b"
                              << "a <3 b";
    QTest::newRow("escaped markup stays text") << "History of the &lt;blink&gt; tag"
                                               << "History of the <blink> tag";
    QTest::newRow("blocks to lines") << "<p>One</p><p>Two</p><div>Three</div>"
                                     << "One\nTwo\nThree";
    QTest::newRow("br") << "a<br>b<br/>c<br /><br>d"
                        << "a\nb\nc\n\nd";
    QTest::newRow("list") << "<ul><li>x</li><li>y</li></ul>"
                          << "x\ny";
    QTest::newRow("table cells") << "<table><tr><td>a</td><td>b</td></tr></table>"
                                 << "a b";
    QTest::newRow("whitespace collapse") << "  a \t\n  b\r\n\n  c  "
                                         << "a b c";
    QTest::newRow("pre keeps lines") << "<pre>line 1\nline 2</pre>"
                                     << "line 1\nline 2";
    QTest::newRow("nbsp collapses") << "a&nbsp;&nbsp; b"
                                    << "a b";
    QTest::newRow("head and title dropped")
        << "<html><head><title>T</title><meta charset=utf-8></head><body>Body</body></html>"
        << "Body";
    QTest::newRow("iframe dropped")
        << "safe<iframe src=\"http://x/\">frame text</iframe> description"
        << "safe description";
    QTest::newRow("attribute with >") << "<a title=\"a > b\" href='x'>link</a>"
                                      << "link";
    QTest::newRow("event handler attr") << "<img src=x onerror=\"alert('<b>')\">ok"
                                        << "ok";
    QTest::newRow("doctype and pi") << "<!DOCTYPE html><?xml version=\"1.0\"?>text"
                                    << "text";
    QTest::newRow("cdata-ish") << "<![CDATA[x]]>y"
                               << "y";
    QTest::newRow("end tag garbage") << "a</ b>c</>d"
                                     << "acd";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("only tags") << "<p><br></p>"
                               << "";
    QTest::newRow("windows-1252 C1")
        << QStringLiteral("don\u0092t") << QStringLiteral("don\u2019t");
}

void TestHtmlText::plainText() {
    QFETCH(QString, html);
    QFETCH(QString, expected);
    QCOMPARE(htmlToPlainText(html), expected);
}

void TestHtmlText::bidiAndControls() {
    // RIGHT-TO-LEFT OVERRIDE can make "exe.txt" look like "txt.exe"; isolates and embeddings too.
    const QString hostile =
        QStringLiteral("invoice\u202Etxt.exe\u202C \u2066a\u2069 \u202Ab\u202B"
                       "c\u202D\u2067d\u2068 nul\u0000byte bell\u0007 \uFEFFbom");
    const QString out = htmlToPlainText(hostile);
    QCOMPARE(out, QStringLiteral("invoicetxt.exe a bcd nulbyte bell bom"));
    for (QChar c : out) {
        const char16_t u = c.unicode();
        QVERIFY(!(u >= 0x202A && u <= 0x202E));
        QVERIFY(!(u >= 0x2066 && u <= 0x2069));
        QVERIFY(u >= 0x20 || u == u'\n');
    }
    // Entities cannot smuggle them back in.
    QCOMPARE(htmlToPlainText(u"a&#x202E;b&#8238;c&#0;d&#x2066;e"), QStringLiteral("abc&#0;de"));
    // Lone surrogates are dropped, pairs kept.
    QString pair = QStringLiteral("x");
    pair += QChar(0xD83D);
    pair += QChar(0xDE00);
    QString lone = QStringLiteral("y");
    lone += QChar(0xD83D);
    QCOMPARE(htmlToPlainText(pair + lone), QStringLiteral("x\U0001F600y"));
}

void TestHtmlText::cappedOutput() {
    const QString big = QStringLiteral("word ").repeated(100'000);
    const QString out = htmlToPlainText(big);
    QCOMPARE(out.size(), kMaxPlainTextChars);
    QCOMPARE(htmlToPlainText(big, 10), QStringLiteral("word word "));
    QCOMPARE(cleanPlainText(big, 7), QStringLiteral("word wo"));
    // The cap never splits a surrogate pair.
    const QString emoji = QStringLiteral("\U0001F600").repeated(10);
    const QString capped = htmlToPlainText(emoji, 5);
    QCOMPARE(capped.size(), 4);
    QVERIFY(!capped.back().isHighSurrogate());
}

void TestHtmlText::largeInputIsFast_data() {
    QTest::addColumn<QString>("html");
    const int n = 1 << 20; // 1 MB of characters each
    QTest::newRow("many tags") << QStringLiteral("<b>x</b>").repeated(n / 8);
    QTest::newRow("unclosed lt run") << QStringLiteral("<a").repeated(n / 2);
    QTest::newRow("lt without tags") << QStringLiteral("< ").repeated(n / 2);
    QTest::newRow("comment openers") << QStringLiteral("<!--").repeated(n / 4);
    QTest::newRow("script openers") << QStringLiteral("<script>").repeated(n / 8);
    QTest::newRow("end script lookalikes")
        << QStringLiteral("<script>") + QStringLiteral("</scrip").repeated(n / 7);
    QTest::newRow("entities") << QStringLiteral("&amp;&#x41;&bogus;&").repeated(n / 20);
    QTest::newRow("quotes in tag") << QStringLiteral("<a title=\"") + QString(n, u'"');
    QTest::newRow("nested divs") << QStringLiteral("<div>").repeated(n / 5);
}

void TestHtmlText::largeInputIsFast() {
    QFETCH(QString, html);
    QElapsedTimer timer;
    timer.start();
    const QString out = htmlToPlainText(html);
    const QList<QUrl> links = extractSafeLinks(html);
    // Linear work takes a few milliseconds; quadratic work on 1 MB would take minutes.
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(out.size() <= kMaxPlainTextChars);
    QVERIFY(links.isEmpty());
}

void TestHtmlText::cleanPlain() {
    QCOMPARE(cleanPlainText(u"  History of the <blink> tag &amp; more \u202E "),
             QStringLiteral("History of the <blink> tag &amp; more"));
    QCOMPARE(cleanPlainText(u"line 1\n\n\n\nline 2\r\n  line 3"),
             QStringLiteral("line 1\nline 2\nline 3"));
}

void TestHtmlText::entities() {
    QCOMPARE(decodeHtmlEntities(u"&amp; &lt; &gt; &quot; &apos; &eacute; &hellip; &nbsp;"),
             QStringLiteral("& < > \" ' \u00E9 \u2026 \u00A0"));
    QCOMPARE(decodeHtmlEntities(u"&#65;&#x42;&#X43;&#x1F600;"), QStringLiteral("ABC\U0001F600"));
    // Invalid references stay literal: unknown names, surrogates, out of range, no digits.
    QCOMPARE(decodeHtmlEntities(u"&bogus; &#xD800; &#x110000; &#; &#x; & &amp"),
             QStringLiteral("&bogus; &#xD800; &#x110000; &#; &#x; & &amp"));
    // Windows-1252 numeric references, as browsers read them.
    QCOMPARE(decodeHtmlEntities(u"&#150;&#147;x&#148;"), QStringLiteral("\u2013\u201Cx\u201D"));
    // Double-escaped text is decoded once only.
    QCOMPARE(htmlToPlainText(u"&amp;lt;b&amp;gt;"), QStringLiteral("&lt;b&gt;"));
    QCOMPARE(htmlNamedEntity(u"copy"), QStringLiteral("\u00A9"));
    QVERIFY(htmlNamedEntity(u"notanentity").isEmpty());
}

void TestHtmlText::safeLinks() {
    const QString html =
        QStringLiteral("<a href=\"http://example.com/a\">a</a>"
                       "<a href='javascript:alert(1)'>js</a>"
                       "<a href=\"JaVaScRiPt:alert(1)\">js2</a>"
                       "<a href=\"java&#x0A;script:alert(1)\">js3</a>"
                       "<a href=\" &#106;avascript:alert(1)\">js4</a>"
                       "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">data</a>"
                       "<a href=\"vbscript:msgbox\">vb</a>"
                       "<a href=\"file:///etc/passwd\">file</a>"
                       "<a href=\"/relative?x=1&amp;y=2\">rel</a>"
                       "<a href=https://example.org/unquoted>unq</a>"
                       "<A HREF=\"http://example.com/a\">dup</A>"
                       "<area href=\"https://example.net/map\">"
                       "<img src=\"http://example.com/img.png\">"
                       "<script>document.write('<a href=\"http://evil.example/\">')</script>"
                       "<!-- <a href=\"http://hidden.example/\"> -->"
                       "<a href=\"\">empty</a><a>none</a>");
    const QList<QUrl> links =
        extractSafeLinks(html, QUrl(QStringLiteral("https://base.example/dir/")));
    const QList<QUrl> expected = {QUrl(QStringLiteral("http://example.com/a")),
                                  QUrl(QStringLiteral("https://base.example/relative?x=1&y=2")),
                                  QUrl(QStringLiteral("https://example.org/unquoted")),
                                  QUrl(QStringLiteral("https://example.net/map"))};
    QCOMPARE(links, expected);
    // Without a base, relative links cannot be opened and are dropped.
    QCOMPARE(extractSafeLinks(u"<a href=\"/x\">x</a>").size(), 0);
    // And the text of the same HTML holds no script.
    const QString text = htmlToPlainText(html);
    QVERIFY(!text.contains(u"document.write"));
    QVERIFY(!text.contains(u"hidden"));
    // Duplicates collapse, and the cap holds.
    QCOMPARE(
        extractSafeLinks(QStringLiteral("<a href=\"http://e.example/\">x</a>").repeated(50)).size(),
        1);
    QString many;
    for (int i = 0; i < 500; ++i)
        many += QStringLiteral("<a href=\"http://e.example/%1\">x</a>").arg(i);
    QCOMPARE(extractSafeLinks(many, {}, 3).size(), 3);
    QCOMPARE(extractSafeLinks(many).size(), 200);
}

QTEST_GUILESS_MAIN(TestHtmlText)
#include "tst_htmltext.moc"
