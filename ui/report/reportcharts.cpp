#include "reportcharts.h"

#include "pdfreport.h"
#include "report/reportexport.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace warroom::report {

namespace {

QFont sized(const QFont &base, qreal factor, bool bold = false) {
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * factor);
    else
        f.setPixelSize(std::max(1, int(std::lround(base.pixelSize() * factor))));
    f.setBold(bold);
    return f;
}

qreal niceStep(qreal max, int ticks) {
    if (max <= 0)
        return 1;
    const qreal raw = max / ticks;
    const qreal mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (qreal m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * mag)
            return std::max<qreal>(1, m * mag);
    return std::max<qreal>(1, 10 * mag);
}

void legendItem(QPainter &p, qreal &x, qreal y, const QColor &c, const QString &label,
                const ChartStyle &s) {
    const QFontMetricsF fm(p.font(), p.device());
    const qreal box = fm.ascent() * 0.8;
    p.fillRect(QRectF(x, y - box, box, box), c);
    x += box + 3 * s.unit;
    p.setPen(s.text);
    p.drawText(QPointF(x, y), label);
    x += fm.horizontalAdvance(label) + 10 * s.unit;
}

} // namespace

void paintTimeline(QPainter &p, const QRectF &rect, const PostMortem &pm, const ChartStyle &s) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QFont small = sized(s.font, 0.85);
    p.setFont(small);
    const QFontMetricsF fm(small, p.device());
    const qreal lineH = fm.height();

    // Legend on top, axis labels left and bottom, share axis right.
    const QRectF plot =
        rect.adjusted(fm.horizontalAdvance(QStringLiteral("00000")) + 4 * s.unit, lineH * 3.5,
                      -fm.horizontalAdvance(QStringLiteral("100%")) - 4 * s.unit, -lineH * 1.6);
    qreal lx = rect.left();
    const qreal ly = rect.top() + fm.ascent();
    legendItem(p, lx, ly, s.negative, QStringLiteral("negative"), s);
    legendItem(p, lx, ly, s.neutral, QStringLiteral("neutral"), s);
    legendItem(p, lx, ly, s.positive, QStringLiteral("positive"), s);
    legendItem(p, lx, ly, s.unknown, QStringLiteral("no sentiment"), s);
    p.setPen(QPen(s.accent, 1.4 * s.unit));
    p.drawLine(QPointF(lx, ly - fm.ascent() / 3), QPointF(lx + 14 * s.unit, ly - fm.ascent() / 3));
    lx += 17 * s.unit;
    p.setPen(s.text);
    p.drawText(QPointF(lx, ly), QStringLiteral("negative share"));

    const int n = int(pm.timeline.size());
    if (n == 0 || plot.width() <= 0 || plot.height() <= 0) {
        p.restore();
        return;
    }
    qint64 maxTotal = 1;
    for (const TimeBucket &b : pm.timeline)
        maxTotal = std::max(maxTotal, b.counts.total);
    const qreal step = niceStep(qreal(maxTotal), 4);
    const qreal top = std::ceil(qreal(maxTotal) / step) * step;
    auto yOf = [&](qreal v) {
        return plot.bottom() - v / top * plot.height();
    };

    // Grid and left axis.
    p.setPen(QPen(s.grid, 0.5 * s.unit));
    for (qreal v = 0; v <= top + 0.5; v += step) {
        const qreal y = yOf(v);
        p.setPen(QPen(s.grid, 0.5 * s.unit));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(s.text);
        const QString label = QLocale().toString(qint64(v));
        p.drawText(QPointF(plot.left() - 3 * s.unit - fm.horizontalAdvance(label),
                           y + fm.ascent() / 2 - fm.descent() / 2),
                   label);
    }
    for (int pct : {0, 50, 100}) {
        const qreal y = plot.bottom() - pct / 100.0 * plot.height();
        p.drawText(QPointF(plot.right() + 3 * s.unit, y + fm.ascent() / 2 - fm.descent() / 2),
                   QStringLiteral("%1%").arg(pct));
    }

    // Stacked bars.
    const qreal bw = plot.width() / n;
    const qreal gap = bw > 4 * s.unit ? bw * 0.12 : 0;
    for (int i = 0; i < n; ++i) {
        const SentimentCounts &c = pm.timeline.at(i).counts;
        const qreal x = plot.left() + i * bw + gap / 2;
        qreal base = 0;
        const std::pair<qint64, QColor> parts[] = {{c.negative, s.negative},
                                                   {c.neutral, s.neutral},
                                                   {c.positive, s.positive},
                                                   {c.total - c.labelled(), s.unknown}};
        for (const auto &[v, colour] : parts) {
            if (v <= 0)
                continue;
            const QRectF bar(QPointF(x, yOf(base + v)), QPointF(x + bw - gap, yOf(base)));
            p.fillRect(bar, colour);
            base += v;
        }
    }
    // Negative share line (only where something is labelled).
    QPainterPath share;
    bool drawing = false;
    for (int i = 0; i < n; ++i) {
        const SentimentCounts &c = pm.timeline.at(i).counts;
        if (c.labelled() < 3) {
            drawing = false;
            continue;
        }
        const QPointF pt(plot.left() + (i + 0.5) * bw,
                         plot.bottom() - c.negativeShare() * plot.height());
        if (drawing)
            share.lineTo(pt);
        else
            share.moveTo(pt);
        drawing = true;
    }
    p.setPen(QPen(s.accent, 1.4 * s.unit));
    p.setBrush(Qt::NoBrush);
    p.drawPath(share);

    // Time axis.
    const qint64 spanMs = pm.from.msecsTo(pm.to);
    auto xOf = [&](const QDateTime &t) {
        return plot.left() +
               qreal(pm.from.msecsTo(t)) / qreal(std::max<qint64>(1, spanMs)) * plot.width();
    };
    p.setPen(QPen(s.text, 0.6 * s.unit));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    const bool multiDay = spanMs > 36LL * 3600 * 1000;
    const QString fmt = multiDay ? QStringLiteral("dd MMM HH:mm") : QStringLiteral("HH:mm");
    const int labels = std::max(2, int(plot.width() / (fm.horizontalAdvance(fmt) * 1.8)));
    for (int i = 0; i <= labels; ++i) {
        const QDateTime t = pm.from.addMSecs(spanMs * i / labels);
        const QString label = t.toString(fmt);
        const qreal x = xOf(t);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 2 * s.unit));
        const qreal w = fm.horizontalAdvance(label);
        p.drawText(QPointF(std::clamp(x - w / 2, rect.left(), rect.right() - w),
                           plot.bottom() + 2 * s.unit + fm.ascent()),
                   label);
    }

    // Marks: onset, alert, peak, end (dashed), statements (numbered flags). A label stays over
    // the plot and takes the second row when the first is taken there.
    QList<QRectF> taken;
    auto mark = [&](const QDateTime &t, const QString &label, const QColor &colour) {
        if (!t.isValid() || t < pm.from || t > pm.to)
            return;
        const qreal x = xOf(t);
        p.setPen(QPen(colour, 0.8 * s.unit, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(colour);
        const qreal w = fm.horizontalAdvance(label);
        const qreal left =
            std::clamp(x - w / 2, plot.left(), std::max(plot.left(), plot.right() - w));
        QRectF box;
        for (qreal row : {0.1, 1.1}) {
            box = QRectF(left - 2 * s.unit, plot.top() - lineH * (row + 1), w + 4 * s.unit, lineH);
            if (std::none_of(taken.cbegin(), taken.cend(),
                             [&](const QRectF &o) { return o.intersects(box); }))
                break;
        }
        taken.append(box);
        p.drawText(QPointF(left, box.bottom() - fm.descent()), label);
    };
    mark(pm.onset, QStringLiteral("onset"), s.text);
    mark(pm.detected, QStringLiteral("alert"), s.alert);
    mark(pm.peakMinute, QStringLiteral("peak"), s.negative);
    mark(pm.end, QStringLiteral("back to baseline"), s.positive);
    // Flags of statements close together stack downwards instead of covering each other.
    QList<QPointF> flags;
    for (int i = 0; i < pm.statements.size(); ++i) {
        const QDateTime t = pm.statements.at(i).at;
        if (t < pm.from || t > pm.to)
            continue;
        const qreal x = xOf(t);
        const qreal r = fm.ascent() * 0.62;
        int row = 0;
        while (row < 8 && std::any_of(flags.cbegin(), flags.cend(), [&](const QPointF &f) {
                   return int(f.y()) == row && std::abs(f.x() - x) < 2.2 * r;
               }))
            ++row;
        flags.append(QPointF(x, row));
        p.setPen(QPen(s.accent, 1.0 * s.unit));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QString label = QString::number(i + 1);
        const QPointF centre(x, plot.top() + r + row * r * 2.1);
        p.setBrush(s.accent);
        p.drawEllipse(centre, r, r);
        p.setPen(Qt::white);
        const QFont tiny = sized(small, 0.8, true);
        p.setFont(tiny);
        const QFontMetricsF tfm(tiny, p.device());
        p.drawText(QPointF(centre.x() - tfm.horizontalAdvance(label) / 2,
                           centre.y() + tfm.ascent() / 2 - tfm.descent() / 2),
                   label);
        p.setFont(small);
        p.setBrush(Qt::NoBrush);
    }
    p.restore();
}

void paintSentimentShares(QPainter &p, const QRectF &rect, const QList<KeyedCounts> &rows,
                          const ChartStyle &s, int maxRows) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QFont small = sized(s.font, 0.85);
    p.setFont(small);
    const QFontMetricsF fm(small, p.device());
    const int count = int(std::min<qsizetype>(rows.size(), maxRows));
    if (count == 0) {
        p.restore();
        return;
    }
    qreal labelW = 0;
    for (int i = 0; i < count; ++i)
        labelW = std::max(labelW, fm.horizontalAdvance(rows.at(i).key.isEmpty()
                                                           ? QStringLiteral("(unknown)")
                                                           : rows.at(i).key));
    const qreal right = std::max(fm.horizontalAdvance(QStringLiteral("0000000 · 100% neg")),
                                 fm.horizontalAdvance(QStringLiteral("0000000 · not scored")));
    const qreal rowH = rect.height() / count;
    const qreal barH = std::min(rowH * 0.7, fm.height() * 1.2);
    const QRectF bars(rect.left() + labelW + 6 * s.unit, rect.top(),
                      rect.width() - labelW - right - 12 * s.unit, rect.height());
    for (int i = 0; i < count; ++i) {
        const KeyedCounts &r = rows.at(i);
        const qreal cy = rect.top() + (i + 0.5) * rowH;
        p.setPen(s.text);
        p.drawText(QPointF(rect.left(), cy + fm.ascent() / 2 - fm.descent() / 2),
                   r.key.isEmpty() ? QStringLiteral("(unknown)") : r.key);
        const qint64 total = std::max<qint64>(1, r.counts.total);
        qreal x = bars.left();
        const std::pair<qint64, QColor> parts[] = {
            {r.counts.negative, s.negative},
            {r.counts.neutral, s.neutral},
            {r.counts.positive, s.positive},
            {r.counts.total - r.counts.labelled(), s.unknown}};
        for (const auto &[v, colour] : parts) {
            const qreal w = bars.width() * qreal(v) / qreal(total);
            if (w > 0)
                p.fillRect(QRectF(x, cy - barH / 2, w, barH), colour);
            x += w;
        }
        // A language we hold no lexicon for is "not scored", never "0% neg".
        const QString figure =
            r.counts.scored()
                ? QStringLiteral("%1 · %2 neg")
                      .arg(QLocale().toString(r.counts.total), negativeShareText(r.counts, 0))
                : QStringLiteral("%1 · not scored").arg(QLocale().toString(r.counts.total));
        p.setPen(s.text);
        p.drawText(QPointF(bars.right() + 6 * s.unit, cy + fm.ascent() / 2 - fm.descent() / 2),
                   figure);
    }
    p.restore();
}

void paintResponseTimes(QPainter &p, const QRectF &rect, const PostMortem &pm,
                        const ChartStyle &s) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QFont small = sized(s.font, 0.85);
    p.setFont(small);
    const QFontMetricsF fm(small, p.device());
    const QList<Bin> bins = responseTimeBins(pm.responseSeconds);
    int maxCount = 1;
    for (const Bin &b : bins)
        maxCount = std::max(maxCount, b.count);
    p.setPen(s.text);
    const QString head = pm.responseSeconds.isEmpty()
                             ? QStringLiteral("No first response with a known time.")
                             : QStringLiteral("%1 first responses · median %2 · p90 %3")
                                   .arg(QLocale().toString(qint64(pm.responseSeconds.size())),
                                        formatDuration(pm.medianResponseSeconds),
                                        formatDuration(pm.p90ResponseSeconds));
    p.drawText(QPointF(rect.left(), rect.top() + fm.ascent()), head);
    const QRectF plot = rect.adjusted(0, fm.height() * 2.2, 0, -fm.height() * 1.4);
    const qreal bw = plot.width() / std::max<qsizetype>(1, bins.size());
    for (int i = 0; i < bins.size(); ++i) {
        const Bin &b = bins.at(i);
        const qreal h = plot.height() * b.count / maxCount;
        const QRectF bar(plot.left() + i * bw + bw * 0.12, plot.bottom() - h, bw * 0.76, h);
        p.fillRect(bar, s.accent);
        p.setPen(s.text);
        const QString n = QString::number(b.count);
        p.drawText(QPointF(bar.center().x() - fm.horizontalAdvance(n) / 2,
                           bar.top() - fm.descent() - 1 * s.unit),
                   n);
        const qreal w = fm.horizontalAdvance(b.label);
        p.drawText(
            QPointF(plot.left() + (i + 0.5) * bw - w / 2, plot.bottom() + fm.ascent() + 2 * s.unit),
            b.label);
    }
    p.setPen(QPen(s.text, 0.6 * s.unit));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.restore();
}

QList<Bin> responseTimeBins(const QList<double> &seconds) {
    struct Edge {
        double upTo;
        const char *label;
    };
    static constexpr Edge kEdges[] = {
        {5 * 60, "< 5 min"}, {15 * 60, "5–15 min"}, {30 * 60, "15–30 min"}, {60 * 60, "30–60 min"},
        {2 * 3600, "1–2 h"}, {4 * 3600, "2–4 h"},   {8 * 3600, "4–8 h"},    {1e300, "≥ 8 h"}};
    QList<Bin> bins;
    for (const Edge &e : kEdges)
        bins.append({QString::fromUtf8(e.label), 0});
    for (double s : seconds) {
        for (int i = 0; i < int(std::size(kEdges)); ++i) {
            if (s < kEdges[i].upTo) {
                ++bins[i].count;
                break;
            }
        }
    }
    return bins;
}

} // namespace warroom::report
