#include "pdfreport.h"

#include "analysis/alertengine.h"
#include "domain/displaytext.h"
#include "report/reportexport.h"
#include "reportcharts.h"

#include <QBuffer>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace warroom::report {

namespace {

constexpr int kResolution = 1200; // device units per inch; every length below is in points

QString pct(double share) {
    if (share > 0 && share < 0.0005)
        return QStringLiteral("<0.1%");
    return QStringLiteral("%1%").arg(share * 100.0, 0, 'f', 1);
}

// "1 repost", "3 reposts".
QString count(qint64 n, const QString &one, const QString &many) {
    return QLocale().toString(n) + u' ' + (n == 1 ? one : many);
}

QString num(qint64 n) {
    return QLocale().toString(n);
}

QString when(const QDateTime &t) {
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                       : QStringLiteral("—");
}

QString followers(qint64 f) {
    return f < 0 ? QStringLiteral("?") : num(f);
}

// The estimated reach, or why there is none.
QString reach(const PostMortem &pm) {
    return pm.authorsWithFollowers > 0 ? num(pm.estimatedReach) : QStringLiteral("unknown");
}

// Network text: one line of plain text, bounded (also in combining marks), control characters
// removed, bidi overrides isolated (FSI…PDI) so they cannot reorder the text around them.
QString clean(const QString &text, int max = 280) {
    return displayLine(text, max);
}

struct Column {
    QString title;
    qreal weight = 1; // share of the table width
    bool right = false;
};

// A page layout over a QPdfWriter: a cursor that flows text, tables and charts down the page,
// breaking pages with a running header and a footer "Page N of M".
class Doc {
public:
    Doc(QPdfWriter &writer, const PostMortem &pm, const PdfOptions &options, int totalPages)
        : m_writer(writer)
        , m_pm(pm)
        , m_options(options)
        , m_total(totalPages) {
        m_painter.begin(&m_writer);
        const QRect page = m_writer.pageLayout().paintRectPixels(kResolution);
        m_page = QRectF(0, 0, page.width(), page.height());
        m_body = m_page.adjusted(0, P(28), 0, -P(26));
        m_y = m_body.top();
        m_base.setFamilies(reportFontFamilies());
        m_base.setStyleStrategy(QFont::PreferOutline);
        m_base.setHintingPreference(QFont::PreferNoHinting);
        m_base.setPointSizeF(9.5);
    }
    ~Doc() {
        if (m_painter.isActive())
            m_painter.end();
    }
    [[nodiscard]] bool ok() const { return m_painter.isActive(); }
    [[nodiscard]] int pages() const { return m_pageNo; }
    QPainter &painter() { return m_painter; }

    [[nodiscard]] qreal P(qreal points) const { return points * kResolution / 72.0; }
    [[nodiscard]] QFont font(qreal pt, bool bold = false) const {
        QFont f = m_base;
        f.setPointSizeF(pt);
        f.setBold(bold);
        return f;
    }
    [[nodiscard]] QRectF body() const { return m_body; }
    [[nodiscard]] qreal y() const { return m_y; }
    void setY(qreal y) { m_y = y; }
    [[nodiscard]] qreal left() const { return m_body.bottom() - m_y; }

    // The first page is the title page: no running header.
    void startFirstPage() {
        m_pageNo = 1;
        footer();
    }
    void newPage() {
        m_writer.newPage();
        ++m_pageNo;
        m_y = m_body.top();
        header();
        footer();
    }
    void ensure(qreal height) {
        if (m_y + height > m_body.bottom())
            newPage();
    }
    void space(qreal pt) { m_y += P(pt); }

    // Wrapped plain text in the body width (or `width`); breaks pages between lines.
    void text(const QString &text, const QFont &f, const QColor &colour = QColor(0x20, 0x24, 0x2a),
              qreal indent = 0) {
        const qreal width = m_body.width() - indent;
        QTextLayout layout(text, f, &m_writer);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        QList<QTextLine> lines;
        for (;;) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(width);
            lines.append(line);
        }
        layout.endLayout();
        m_painter.setPen(colour);
        for (QTextLine &line : lines) {
            ensure(line.height());
            const qreal top = line.y();
            line.draw(&m_painter, QPointF(m_body.left() + indent, m_y - top));
            m_y += line.height();
        }
    }
    void heading(const QString &title) {
        ensure(P(60)); // never a heading alone at the bottom
        space(6);
        const QFont f = font(15, true);
        text(title, f, QColor(0x15, 0x65, 0xc0));
        m_painter.setPen(QPen(QColor(0x15, 0x65, 0xc0), P(0.8)));
        m_painter.drawLine(QPointF(m_body.left(), m_y + P(2)), QPointF(m_body.right(), m_y + P(2)));
        space(8);
    }
    // keepWithPt: the height of what follows, kept on the same page as the title.
    void subheading(const QString &title, qreal keepWithPt = 30) {
        ensure(P(20 + keepWithPt));
        space(4);
        text(title, font(11, true));
        space(3);
    }

    // Label/value pairs in two columns.
    void figures(const QList<std::pair<QString, QString>> &pairs) {
        const QFont lf = font(9);
        const QFont vf = font(9.5, true);
        const QFontMetricsF fm(vf, &m_writer);
        const qreal colW = m_body.width() / 2;
        const qreal rowH = fm.height() * 1.35;
        // Labels in a column as wide as the widest label (at most 55% of the half page).
        const QFontMetricsF lfm(lf, &m_writer);
        qreal lw = 0;
        for (const auto &pair : pairs)
            lw = std::max(lw, lfm.horizontalAdvance(pair.first));
        lw = std::min(lw + P(10), colW * 0.55);
        for (int i = 0; i < pairs.size(); i += 2) {
            ensure(rowH);
            for (int k = 0; k < 2 && i + k < pairs.size(); ++k) {
                const qreal x = m_body.left() + k * colW;
                m_painter.setFont(lf);
                m_painter.setPen(QColor(0x5f, 0x67, 0x70));
                const QString label =
                    lfm.elidedText(pairs.at(i + k).first, Qt::ElideRight, lw - P(6));
                m_painter.drawText(QPointF(x, m_y + fm.ascent()), label);
                m_painter.setFont(vf);
                m_painter.setPen(QColor(0x20, 0x24, 0x2a));
                const QString value =
                    QFontMetricsF(vf, &m_writer)
                        .elidedText(pairs.at(i + k).second, Qt::ElideRight, colW - lw - P(8));
                m_painter.drawText(QPointF(x + lw, m_y + fm.ascent()), value);
            }
            m_y += rowH;
        }
    }

    // A table that splits across pages, repeating its header row on each.
    void table(const QList<Column> &columns, const QList<QStringList> &rows,
               const QString &emptyText = QStringLiteral("None.")) {
        if (rows.isEmpty()) {
            text(emptyText, font(9), QColor(0x5f, 0x67, 0x70));
            space(4);
            return;
        }
        const QFont hf = font(8.5, true);
        const QFont cf = font(8.5);
        const QFontMetricsF hfm(hf, &m_writer);
        const QFontMetricsF cfm(cf, &m_writer);
        qreal totalWeight = 0;
        for (const Column &c : columns)
            totalWeight += c.weight;
        QList<qreal> widths;
        for (const Column &c : columns)
            widths.append(m_body.width() * c.weight / totalWeight);
        const qreal pad = P(3);
        const qreal headerH = hfm.height() + 2 * pad;
        auto drawHeader = [&]() {
            m_painter.fillRect(QRectF(m_body.left(), m_y, m_body.width(), headerH),
                               QColor(0xe8, 0xee, 0xf6));
            m_painter.setFont(hf);
            m_painter.setPen(QColor(0x20, 0x24, 0x2a));
            qreal x = m_body.left();
            for (int i = 0; i < columns.size(); ++i) {
                const QRectF cell(x + pad, m_y + pad, widths.at(i) - 2 * pad, hfm.height());
                m_painter.drawText(
                    cell, (columns.at(i).right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                    hfm.elidedText(columns.at(i).title, Qt::ElideRight, cell.width()));
                x += widths.at(i);
            }
            m_y += headerH;
        };
        ensure(headerH + cfm.height() * 2 + 2 * pad);
        drawHeader();
        const int maxLines = 4;
        for (int r = 0; r < rows.size(); ++r) {
            const QStringList &row = rows.at(r);
            // Row height: the tallest wrapped cell, at most maxLines lines.
            qreal h = cfm.height();
            QList<QString> cells;
            for (int i = 0; i < columns.size(); ++i) {
                const QString cellText = row.value(i);
                const QRectF box(0, 0, widths.at(i) - 2 * pad, cfm.height() * maxLines);
                const QRectF need = cfm.boundingRect(box, Qt::TextWordWrap, cellText);
                h = std::max(h, std::min(need.height(), box.height()));
                cells.append(cellText);
            }
            const qreal rowH = h + 2 * pad;
            if (m_y + rowH > m_body.bottom()) {
                newPage();
                drawHeader();
            }
            if (r % 2 == 1)
                m_painter.fillRect(QRectF(m_body.left(), m_y, m_body.width(), rowH),
                                   QColor(0xf6, 0xf7, 0xf9));
            m_painter.setFont(cf);
            m_painter.setPen(QColor(0x20, 0x24, 0x2a));
            qreal x = m_body.left();
            for (int i = 0; i < columns.size(); ++i) {
                const QRectF cell(x + pad, m_y + pad, widths.at(i) - 2 * pad, h);
                m_painter.save();
                m_painter.setClipRect(cell.adjusted(0, 0, 0, P(0.5)));
                m_painter.drawText(cell,
                                   (columns.at(i).right ? Qt::AlignRight : Qt::AlignLeft) |
                                       Qt::AlignTop | Qt::TextWordWrap,
                                   cells.at(i));
                m_painter.restore();
                x += widths.at(i);
            }
            m_painter.setPen(QPen(QColor(0xe0, 0xe3, 0xe6), P(0.4)));
            m_painter.drawLine(QPointF(m_body.left(), m_y + rowH),
                               QPointF(m_body.right(), m_y + rowH));
            m_y += rowH;
        }
        space(6);
    }

    // Reserves `height` points for a chart and hands back its rectangle.
    QRectF chartArea(qreal heightPt) {
        ensure(P(heightPt));
        const QRectF r(m_body.left(), m_y, m_body.width(), P(heightPt));
        m_y += P(heightPt) + P(6);
        return r;
    }
    ChartStyle chartStyle() const {
        ChartStyle s;
        s.font = font(9);
        s.unit = P(1);
        return s;
    }

private:
    void header() {
        m_painter.save();
        const QFont f = font(8);
        m_painter.setFont(f);
        m_painter.setPen(QColor(0x5f, 0x67, 0x70));
        const QFontMetricsF fm(f, &m_writer);
        const qreal base = P(12);
        const QString right = QStringLiteral("Post-mortem · %1 – %2")
                                  .arg(m_pm.from.toString(QStringLiteral("yyyy-MM-dd")),
                                       m_pm.to.toString(QStringLiteral("yyyy-MM-dd")));
        const qreal rw = fm.horizontalAdvance(right);
        m_painter.drawText(QPointF(m_page.right() - rw, base), right);
        m_painter.drawText(
            QPointF(m_page.left(), base),
            fm.elidedText(clean(m_pm.title, 200), Qt::ElideRight, m_page.width() - rw - P(20)));
        m_painter.setPen(QPen(QColor(0xc8, 0xcd, 0xd3), P(0.5)));
        m_painter.drawLine(QPointF(m_page.left(), base + P(5)),
                           QPointF(m_page.right(), base + P(5)));
        m_painter.restore();
    }
    void footer() {
        m_painter.save();
        const QFont f = font(8);
        m_painter.setFont(f);
        m_painter.setPen(QColor(0x5f, 0x67, 0x70));
        const QFontMetricsF fm(f, &m_writer);
        const QString label = m_total > 0
                                  ? QStringLiteral("Page %1 of %2").arg(m_pageNo).arg(m_total)
                                  : QStringLiteral("Page %1").arg(m_pageNo);
        const qreal base = m_page.bottom() - P(6);
        m_painter.drawText(QPointF(m_page.center().x() - fm.horizontalAdvance(label) / 2, base),
                           label);
        m_painter.drawText(QPointF(m_page.left(), base), QStringLiteral("warroom"));
        m_painter.restore();
    }

    QPdfWriter &m_writer;
    const PostMortem &m_pm;
    const PdfOptions &m_options;
    QPainter m_painter;
    QRectF m_page;
    QRectF m_body;
    QFont m_base;
    qreal m_y = 0;
    int m_pageNo = 0;
    int m_total = 0;
};

// "62.0% of the 2,400 scored mentions were negative; 300 not scored (no lexicon for their
// language)."
QString sentimentSentence(const SentimentCounts &c) {
    if (!c.scored())
        return QStringLiteral("No mention could be scored for sentiment (no lexicon for their "
                              "languages): negative shares are not scored.");
    QString line = QStringLiteral("%1 of the %2 mentions scored for sentiment were negative")
                       .arg(negativeShareText(c), num(c.labelled()));
    if (c.unscored() > 0)
        line += QStringLiteral("; %1 not scored (no lexicon for their language)")
                    .arg(num(c.unscored()));
    return line + u'.';
}

QString stanceText(Stance s) {
    return stanceName(s);
}

QList<Column> authorColumns() {
    return {{QStringLiteral("Author"), 2.4},
            {QStringLiteral("Name"), 2.2},
            {QStringLiteral("Followers"), 1.2, true},
            {QStringLiteral("Posts"), 0.8, true},
            {QStringLiteral("Neg / Pos"), 1.1, true},
            {QStringLiteral("Stance"), 1.0},
            {QStringLiteral("Flags"), 1.6}};
}

QStringList authorRow(const ReportAuthor &a, bool withSource) {
    QStringList flags;
    if (a.journalist)
        flags << QStringLiteral("journalist");
    if (a.opinionLeader)
        flags << QStringLiteral("opinion leader");
    if (a.verified)
        flags << QStringLiteral("verified");
    if (a.watchlist)
        flags << QStringLiteral("watchlist");
    return {withSource ? QStringLiteral("@%1 (%2)").arg(clean(a.handle, 60), a.source)
                       : QStringLiteral("@") + clean(a.handle, 60),
            clean(a.name, 80),
            followers(a.followers),
            num(a.mentions),
            QStringLiteral("%1 / %2").arg(a.negative).arg(a.positive),
            stanceText(a.stance) + (a.stanceByAnalyst ? QStringLiteral(" (analyst)") : QString()),
            flags.join(QStringLiteral(", "))};
}

bool step(const PdfOptions &o, int percent, const QString &what, QString *error) {
    if (o.progress)
        o.progress(percent, what);
    if (o.cancelled && o.cancelled()) {
        if (error)
            *error = QStringLiteral("cancelled");
        return false;
    }
    return true;
}

// Lays the whole report out on `writer`. Returns the page count, or -1 when cancelled.
int render(QPdfWriter &writer, const PostMortem &pm, const PdfOptions &o, int totalPages,
           QString *error) {
    Doc d(writer, pm, o, totalPages);
    if (!d.ok()) {
        if (error)
            *error = QStringLiteral("cannot start the PDF");
        return -1;
    }
    QPainter &p = d.painter();
    const QColor muted(0x5f, 0x67, 0x70);

    // ---- Title page --------------------------------------------------------------------------
    d.startFirstPage();
    d.setY(d.body().top() + d.P(150));
    d.text(QStringLiteral("Post-mortem"), d.font(13), muted);
    d.space(4);
    d.text(clean(pm.title, 300), d.font(26, true));
    d.space(10);
    d.text(QStringLiteral("%1  →  %2").arg(when(pm.from), when(pm.to)), d.font(12));
    if (pm.incidentId > 0)
        d.text(QStringLiteral("Incident #%1").arg(pm.incidentId), d.font(11), muted);
    d.space(30);
    d.text(QStringLiteral("Exported by %1 on %2")
               .arg(o.exportedBy.isEmpty() ? QStringLiteral("(unknown)") : clean(o.exportedBy, 80),
                    when(pm.generatedAt)),
           d.font(10), muted);
    d.text(QStringLiteral("%1 mentions · %2 authors · peak %3/min at %4")
               .arg(num(pm.totalMentions), num(pm.uniqueAuthors), num(pm.peakPerMinute),
                    when(pm.peakMinute)),
           d.font(10), muted);
    d.space(40);
    d.text(
        QStringLiteral("Contains text written by the public, reproduced as posted. Times are UTC."),
        d.font(8.5), muted);

    // ---- Executive summary ----------------------------------------------------------------------
    d.newPage();
    if (!step(o, 10, QStringLiteral("summary"), error))
        return -1;
    d.heading(QStringLiteral("Executive summary"));
    QStringList summary;
    summary << QStringLiteral("%1 mentions from %2 authors (%3), peaking at %4 a minute at %5.")
                   .arg(num(pm.totalMentions), num(pm.uniqueAuthors),
                        pm.authorsWithFollowers > 0
                            ? QStringLiteral("estimated reach ") + num(pm.estimatedReach)
                            : QStringLiteral("reach unknown: no follower counts"),
                        num(pm.peakPerMinute), when(pm.peakMinute));
    summary << (pm.end.isValid()
                    ? QStringLiteral("Onset %1 (%2); back under the baseline at %3 — %4.")
                          .arg(when(pm.onset), pm.onsetBasis, when(pm.end),
                               formatDuration(double(pm.durationSeconds())))
                    : QStringLiteral("Onset %1 (%2); not back under the baseline by the end of "
                                     "the data — at least %3.")
                          .arg(when(pm.onset), pm.onsetBasis,
                               formatDuration(double(pm.durationSeconds()))));
    if (pm.detected.isValid())
        summary << QStringLiteral("%1 %2 (%3 after the onset).")
                       .arg(pm.detectedFromStore
                                ? QStringLiteral("Our volume-spike alert fired at")
                                : QStringLiteral("Our volume-spike alert would have fired at"),
                            when(pm.detected),
                            formatDuration(double(pm.onset.secsTo(pm.detected))));
    else
        summary << QStringLiteral("No volume spike: our alert would not have fired.");
    summary << sentimentSentence(pm.sentiment);
    if (pm.spark)
        summary << QStringLiteral("The spark: @%1%2 at %3.")
                       .arg(clean(pm.spark->handle, 60),
                            pm.spark->followers >= 0
                                ? QStringLiteral(" (%1)").arg(count(pm.spark->followers,
                                                                    QStringLiteral("follower"),
                                                                    QStringLiteral("followers")))
                                : QString(),
                            when(pm.spark->at));
    if (!pm.amplifiers.isEmpty()) {
        QStringList names;
        for (int i = 0; i < std::min<qsizetype>(3, pm.amplifiers.size()); ++i)
            names << QStringLiteral("@") + clean(pm.amplifiers.at(i).handle, 60);
        summary << QStringLiteral("First amplified by %1.").arg(names.join(QStringLiteral(", ")));
    }
    summary << (pm.needingResponse == 0
                    ? QStringLiteral("No mention was marked as needing an answer, and we answered "
                                     "none.")
                    : QStringLiteral("%1 needed an answer; %2 answered (%3). First response: "
                                     "median %4, p90 %5.")
                          .arg(count(pm.needingResponse, QStringLiteral("mention"),
                                     QStringLiteral("mentions")),
                               num(pm.answered), pct(pm.shareAnswered()),
                               formatDuration(pm.medianResponseSeconds),
                               formatDuration(pm.p90ResponseSeconds)));
    const QString statements =
        count(pm.statements.size(), QStringLiteral("statement"), QStringLiteral("statements"));
    if (pm.reception.total == 0)
        summary
            << QStringLiteral("%1 published; no reply to our posts in the store.").arg(statements);
    else if (pm.reception.scored())
        summary << QStringLiteral("%1 published; replies to our posts were %2 negative (%3).")
                       .arg(statements, negativeShareText(pm.reception),
                            count(pm.reception.total, QStringLiteral("reply"),
                                  QStringLiteral("replies")));
    else
        summary << QStringLiteral("%1 published; %2 to our posts, none scored for sentiment.")
                       .arg(statements, count(pm.reception.total, QStringLiteral("reply"),
                                              QStringLiteral("replies")));
    for (const QString &line : std::as_const(summary)) {
        d.text(QStringLiteral("•  ") + line, d.font(10.5));
        d.space(3);
    }
    if (!pm.caveats.isEmpty()) {
        d.space(6);
        for (const QString &c : pm.caveats)
            d.text(QStringLiteral("Note: ") + c, d.font(8.5), muted);
    }

    // ---- Scale
    // ------------------------------------------------------------------------------------
    if (!step(o, 25, QStringLiteral("scale"), error))
        return -1;
    d.heading(QStringLiteral("1. Scale"));
    d.figures({{QStringLiteral("Mentions"), num(pm.totalMentions)},
               {QStringLiteral("Unique authors"), num(pm.uniqueAuthors)},
               {QStringLiteral("Estimated reach"), reach(pm)},
               {QStringLiteral("Peak per minute"), num(pm.peakPerMinute)},
               {QStringLiteral("Peak at"), when(pm.peakMinute)},
               {QStringLiteral("Onset"), when(pm.onset)},
               {pm.detectedFromStore ? QStringLiteral("Spike alert fired")
                                     : QStringLiteral("Spike alert (replayed)"),
                pm.detected.isValid() ? when(pm.detected) : QStringLiteral("none")},
               {QStringLiteral("Back under baseline"),
                pm.end.isValid() ? when(pm.end) : QStringLiteral("not in the range")},
               {QStringLiteral("Duration"), formatDuration(double(pm.durationSeconds()))},
               {QStringLiteral("Baseline"), QStringLiteral("%1 / min (quiet %2 h)")
                                                .arg(pm.baselinePerMinute, 0, 'f', 2)
                                                .arg(pm.quietHours)},
               {QStringLiteral("Negative share"), negativeShareText(pm.sentiment)},
               {QStringLiteral("Negative / neutral / positive"),
                QStringLiteral("%1 / %2 / %3")
                    .arg(num(pm.sentiment.negative), num(pm.sentiment.neutral),
                         num(pm.sentiment.positive))}});
    {
        const AlertOptions alert;      // the rule the app alerts with, replayed when none is
        const BaselineOptions history; // stored
        d.text(QStringLiteral("Onset: %1. The volume-spike alert: at least %2 posts a minute, "
                              "%3 standard deviations over the median of the %4 minutes before, "
                              "%5 minutes running.")
                   .arg(pm.onsetBasis)
                   .arg(alert.spikeMinCount)
                   .arg(alert.spikeZ)
                   .arg(history.historyMinutes)
                   .arg(alert.spikeMinutes),
               d.font(8), muted);
    }
    d.subheading(QStringLiteral("Timeline (per %1 min) with our statements").arg(pm.bucketMinutes),
                 210);
    paintTimeline(p, d.chartArea(210), pm, d.chartStyle());
    if (!pm.statements.isEmpty()) {
        QStringList marks;
        for (int i = 0; i < pm.statements.size(); ++i)
            marks << QStringLiteral("%1 = %2").arg(i + 1).arg(
                pm.statements.at(i).at.toString(QStringLiteral("HH:mm")));
        d.text(QStringLiteral("Statements: ") + marks.join(QStringLiteral(" · ")), d.font(8),
               muted);
        d.space(4);
    }
    d.subheading(QStringLiteral("Sentiment by source"),
                 std::min<qreal>(8, pm.bySource.size()) * 18 + 6);
    paintSentimentShares(p, d.chartArea(std::min<qreal>(8, pm.bySource.size()) * 18 + 6),
                         pm.bySource, d.chartStyle());
    d.subheading(QStringLiteral("Sentiment by language"),
                 std::min<qreal>(10, pm.byLanguage.size()) * 18 + 6);
    paintSentimentShares(p, d.chartArea(std::min<qreal>(10, pm.byLanguage.size()) * 18 + 6),
                         pm.byLanguage, d.chartStyle(), 10);
    {
        QList<QStringList> rows;
        for (const KeyedCounts &k : pm.byLanguage)
            rows << QStringList{
                k.key.isEmpty() ? QStringLiteral("(unknown)") : k.key, num(k.counts.total),
                pct(double(k.counts.total) / double(std::max<qint64>(1, pm.totalMentions))),
                k.counts.scored() ? num(k.counts.negative) : QStringLiteral("—"),
                negativeShareText(k.counts)};
        d.table({{QStringLiteral("Language"), 2},
                 {QStringLiteral("Mentions"), 1.5, true},
                 {QStringLiteral("Share"), 1.2, true},
                 {QStringLiteral("Negative"), 1.5, true},
                 {QStringLiteral("Negative share"), 1.5, true}},
                rows);
    }

    // ---- The spark
    // ---------------------------------------------------------------------------------
    if (!step(o, 45, QStringLiteral("spark"), error))
        return -1;
    d.heading(QStringLiteral("2. The spark"));
    if (pm.spark) {
        QStringList facts{QStringLiteral("@") + clean(pm.spark->handle, 60), when(pm.spark->at)};
        if (pm.spark->followers >= 0)
            facts << count(pm.spark->followers, QStringLiteral("follower"),
                           QStringLiteral("followers"));
        facts << count(pm.spark->reposts, QStringLiteral("repost"), QStringLiteral("reposts"))
              << count(pm.spark->repliesInStore, QStringLiteral("reply in the store"),
                       QStringLiteral("replies in the store"));
        d.text(facts.join(QStringLiteral(" · ")), d.font(10, true));
        d.space(2);
        d.text(clean(pm.spark->text, 600), d.font(10));
        d.space(6);
    } else {
        d.text(QStringLiteral("No spark found before the onset."), d.font(10), muted);
    }
    d.subheading(QStringLiteral("Earliest mentions of the wave"));
    {
        QList<QStringList> rows;
        for (const ReportMention &m : pm.earliest)
            rows << QStringList{m.at.toString(QStringLiteral("HH:mm:ss")),
                                QStringLiteral("@") + clean(m.handle, 60), m.language,
                                clean(m.text)};
        d.table({{QStringLiteral("Time"), 1},
                 {QStringLiteral("Author"), 2},
                 {QStringLiteral("Lang"), 0.6},
                 {QStringLiteral("Text"), 7}},
                rows);
    }
    d.subheading(QStringLiteral("First amplifiers (first %1 min)").arg(pm.firstWindowMinutes));
    {
        QList<QStringList> rows;
        for (const ReportAuthor &a : pm.amplifiers)
            rows << QStringList{QStringLiteral("@") + clean(a.handle, 60),
                                clean(a.name, 80),
                                followers(a.followers),
                                num(a.reposts),
                                num(a.mentions),
                                a.firstPost.toString(QStringLiteral("HH:mm:ss"))};
        d.table({{QStringLiteral("Author"), 2.2},
                 {QStringLiteral("Name"), 2.4},
                 {QStringLiteral("Followers"), 1.3, true},
                 {QStringLiteral("Reposts"), 1.1, true},
                 {QStringLiteral("Posts"), 0.8, true},
                 {QStringLiteral("First post"), 1.2}},
                rows);
    }

    // ---- Our answers ----------------------------------------------------------------------------
    if (!step(o, 60, QStringLiteral("answers"), error))
        return -1;
    d.heading(QStringLiteral("3. Our answers"));
    d.figures({{QStringLiteral("Needed an answer"), num(pm.needingResponse)},
               {QStringLiteral("Answered"),
                QStringLiteral("%1 (%2)").arg(num(pm.answered), pct(pm.shareAnswered()))},
               {QStringLiteral("First response, median"), formatDuration(pm.medianResponseSeconds)},
               {QStringLiteral("First response, p90"), formatDuration(pm.p90ResponseSeconds)}});
    d.subheading(QStringLiteral("Time to first response"), pm.responseSeconds.isEmpty() ? 20 : 140);
    if (pm.responseSeconds.isEmpty())
        d.text(QStringLiteral("No first response with a known time."), d.font(9), muted);
    else
        paintResponseTimes(p, d.chartArea(140), pm, d.chartStyle());
    d.subheading(QStringLiteral("Internal latencies (audit log)"));
    {
        QList<QStringList> rows;
        for (const StageLatency &l : pm.latencies)
            rows << QStringList{l.stage, num(l.count), formatDuration(l.medianSeconds),
                                formatDuration(l.p90Seconds)};
        d.table({{QStringLiteral("Stage"), 3},
                 {QStringLiteral("Replies"), 1, true},
                 {QStringLiteral("Median"), 1.5, true},
                 {QStringLiteral("p90"), 1.5, true}},
                rows);
    }
    d.subheading(QStringLiteral("Statements and the hour around them"));
    {
        QList<QStringList> rows;
        for (int i = 0; i < pm.statements.size(); ++i) {
            const Statement &s = pm.statements.at(i);
            rows << QStringList{QString::number(i + 1), s.at.toString(QStringLiteral("HH:mm")),
                                QStringLiteral("@") + clean(s.handle, 40) + u'\n' +
                                    clean(s.text, 200),
                                QStringLiteral("%1 · %2").arg(num(s.hourBefore.total),
                                                              negativeShareText(s.hourBefore)),
                                QStringLiteral("%1 · %2").arg(num(s.hourAfter.total),
                                                              negativeShareText(s.hourAfter))};
        }
        d.table({{QStringLiteral("#"), 0.4},
                 {QStringLiteral("Time"), 0.8},
                 {QStringLiteral("Statement"), 6},
                 {QStringLiteral("Hour before (n · neg)"), 1.7, true},
                 {QStringLiteral("Hour after (n · neg)"), 1.7, true}},
                rows, QStringLiteral("No statement of ours in this period."));
    }

    // ---- Reception
    // -------------------------------------------------------------------------------
    if (!step(o, 70, QStringLiteral("reception"), error))
        return -1;
    d.heading(QStringLiteral("4. Reception"));
    d.figures({{QStringLiteral("Replies to our posts"), num(pm.reception.total)},
               {QStringLiteral("Negative share"), negativeShareText(pm.reception)},
               {QStringLiteral("Negative / neutral / positive"),
                QStringLiteral("%1 / %2 / %3")
                    .arg(num(pm.reception.negative), num(pm.reception.neutral),
                         num(pm.reception.positive))}});
    {
        QList<KeyedCounts> rows;
        for (int i = 0; i < pm.statements.size(); ++i)
            if (pm.statements.at(i).replies.total > 0)
                rows.append({QStringLiteral("#%1 %2").arg(i + 1).arg(
                                 pm.statements.at(i).at.toString(QStringLiteral("HH:mm"))),
                             pm.statements.at(i).replies});
        if (!rows.isEmpty()) {
            d.subheading(QStringLiteral("Replies to each statement"),
                         std::min<qreal>(12, rows.size()) * 18 + 6);
            paintSentimentShares(p, d.chartArea(std::min<qreal>(12, rows.size()) * 18 + 6), rows,
                                 d.chartStyle(), 12);
        }
    }

    // ---- People
    // -----------------------------------------------------------------------------------
    if (!step(o, 80, QStringLiteral("people"), error))
        return -1;
    d.heading(QStringLiteral("5. People"));
    const std::pair<QString, const QList<ReportAuthor> *> groups[] = {
        {QStringLiteral("Journalists"), &pm.journalists},
        {QStringLiteral("Opinion leaders"), &pm.opinionLeaders},
        {QStringLiteral("Top critics"), &pm.critics},
        {QStringLiteral("Top supporters"), &pm.supporters}};
    for (const auto &[title, list] : groups) {
        d.subheading(title);
        QList<QStringList> rows;
        for (const ReportAuthor &a : *list)
            rows << authorRow(a, pm.bySource.size() > 1);
        d.table(authorColumns(), rows);
    }

    // ---- Lessons
    // -----------------------------------------------------------------------------------
    if (!step(o, 90, QStringLiteral("lessons"), error))
        return -1;
    d.heading(QStringLiteral("6. Lessons"));
    if (pm.lessons.trimmed().isEmpty()) {
        d.text(QStringLiteral("No lessons written yet."), d.font(10), muted);
    } else {
        for (const QString &para : pm.lessons.split(u'\n')) {
            d.text(para.isEmpty() ? QStringLiteral(" ") : para, d.font(10));
        }
    }
    return d.pages();
}

} // namespace

QPageSize::PageSizeId defaultPageSize() {
    return QLocale().measurementSystem() == QLocale::ImperialUSSystem ? QPageSize::Letter
                                                                      : QPageSize::A4;
}

QStringList reportFontFamilies() {
    // Latin/Cyrillic/Greek first, then the scripts the users write in, then emoji.
    static const QStringList wanted = {
        QStringLiteral("Noto Sans"),          QStringLiteral("Noto Sans Armenian"),
        QStringLiteral("Noto Sans CJK SC"),   QStringLiteral("Noto Sans CJK TC"),
        QStringLiteral("Noto Sans Georgian"), QStringLiteral("Noto Sans Hebrew"),
        QStringLiteral("Noto Sans Arabic"),   QStringLiteral("Noto Sans Devanagari"),
        QStringLiteral("Noto Sans Thai"),     QStringLiteral("Noto Sans Symbols"),
        QStringLiteral("Noto Sans Symbols2"), QStringLiteral("Noto Color Emoji"),
        QStringLiteral("DejaVu Sans")};
    QStringList available;
    const QStringList families = QFontDatabase::families();
    for (const QString &f : wanted)
        if (families.contains(f))
            available << f;
    if (available.isEmpty())
        available << QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
    return available;
}

bool writePdf(const PostMortem &pm, const QString &path, const PdfOptions &options,
              QString *error) {
    if (pm.isEmpty()) {
        if (error)
            *error = QStringLiteral("no mentions between %1 and %2: nothing to report")
                         .arg(when(pm.from), when(pm.to));
        return false;
    }
    auto configure = [&](QPdfWriter &w) {
        w.setResolution(kResolution);
        w.setPageSize(QPageSize(options.page));
        w.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
        w.setTitle(QStringLiteral("Post-mortem: ") + clean(pm.title, 200));
        w.setCreator(QStringLiteral("warroom " WARROOM_VERSION));
    };
    // Pass 1 lays out into memory to count the pages for "Page N of M".
    int pages = 0;
    {
        QBuffer scratch;
        scratch.open(QIODevice::WriteOnly);
        QPdfWriter w(&scratch);
        configure(w);
        PdfOptions quiet = options;
        quiet.progress = [&](int pct, const QString &what) {
            if (options.progress)
                options.progress(pct / 2, what);
        };
        pages = render(w, pm, quiet, 0, error);
        if (pages < 0)
            return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    {
        QPdfWriter w(&file);
        configure(w);
        PdfOptions second = options;
        second.progress = [&](int pct, const QString &what) {
            if (options.progress)
                options.progress(50 + pct / 2, what);
        };
        if (render(w, pm, second, pages, error) < 0) {
            file.cancelWriting();
            return false;
        }
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace warroom::report
