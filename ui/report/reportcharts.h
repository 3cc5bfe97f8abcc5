#pragma once

#include "report/postmortem.h"

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>

// The report's charts as vector painting (paths, lines, text), shared by the report view (a
// widget's paintEvent) and the PDF (QPdfWriter's painter): the same figures on screen and paper.
namespace warroom::report {

struct ChartStyle {
    QFont font;     // labels; its size sets the scale of the chart's text
    qreal unit = 1; // device units per typographic point (pen widths, gaps)
    QColor text = QColor(0x20, 0x24, 0x2a);
    QColor grid = QColor(0xd8, 0xdc, 0xe0);
    QColor negative = QColor(0xc6, 0x28, 0x28);
    QColor neutral = QColor(0x9e, 0xa7, 0xb0);
    QColor positive = QColor(0x2e, 0x7d, 0x32);
    QColor unknown = QColor(0xe0, 0xe3, 0xe6);
    QColor accent = QColor(0x15, 0x65, 0xc0);
    QColor alert = QColor(0xd9, 0x77, 0x06); // our volume-spike alert
};

// Stacked bars per bucket (negative / neutral / positive / unlabelled), the negative share as a
// line, onset / alert / peak / end marks and our statements as numbered flags ("1", "2", ...).
void paintTimeline(QPainter &p, const QRectF &rect, const PostMortem &pm, const ChartStyle &s);

// One 100% bar per row (label, counts): the sentiment mix of each source or language.
void paintSentimentShares(QPainter &p, const QRectF &rect, const QList<KeyedCounts> &rows,
                          const ChartStyle &s, int maxRows = 8);

// Bars of first-response times in bins, with the median and p90 written above.
void paintResponseTimes(QPainter &p, const QRectF &rect, const PostMortem &pm, const ChartStyle &s);

} // namespace warroom::report
