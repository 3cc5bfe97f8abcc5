#pragma once

#include "report/postmortem.h"

#include <QPageSize>
#include <QString>

#include <functional>

// The post-mortem as a PDF (QPdfWriter): title page, executive summary, one section per group,
// vector charts (QPainterPath, no bitmaps), tables that split across pages with repeated headers,
// running header and "Page N of M", embedded fonts with fallbacks for every script (Latin, CJK,
// Armenian, ... emoji where a font allows).
//
// Threads: needs a QGuiApplication (fonts) but no widgets; run it on a worker thread (QPdfWriter
// and QPainter on it are safe off the GUI thread), never on the GUI thread.
namespace warroom::report {

struct PdfOptions {
    QString exportedBy; // "who exported" on the title page (default: the login name)
    QPageSize::PageSizeId page = QPageSize::A4;
    std::function<bool()> cancelled;
    std::function<void(int, const QString &)> progress;
};

// A4, or Letter where the locale measures in US units.
[[nodiscard]] QPageSize::PageSizeId defaultPageSize();

// The font families, in fallback order, the report draws with.
[[nodiscard]] QStringList reportFontFamilies();

// False with a one-line reason. Refuses an empty post-mortem ("no mentions in …") rather than
// writing an empty PDF.
bool writePdf(const PostMortem &pm, const QString &path, const PdfOptions &options, QString *error);

// The distribution's bins ("< 5 min", "5–15 min", ...) and counts, shared by view and PDF.
struct Bin {
    QString label;
    int count = 0;
};
[[nodiscard]] QList<Bin> responseTimeBins(const QList<double> &seconds);

} // namespace warroom::report
