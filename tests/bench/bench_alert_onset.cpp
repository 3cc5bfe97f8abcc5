// bench_alert_onset: when the alerts fire on the six CrisisLex T6 crises (../shared/data,
// times from tweet ids), relative to the visible onset. Each crisis is imported into its own
// store; the per-minute baseline (BaselineQuery) over the whole sample feeds an AlertEngine with
// the default options, as the app does. Prints, per crisis: the onset (the event time for the
// sudden ones, Boston and West Texas; the minute volume first reaches a third of its peak hour
// for the slow ones), the first volume spike, the first alert of any kind, the peak hour. Ends
// with a JSON line; asserts nothing (tst_analysis_risk holds the limits).
//   bench_alert_onset [--shared DIR]
#include "analysis/alertengine.h"
#include "analysis/baseline.h"
#include "import/fileimporter.h"
#include "store/mentionwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>

using namespace warroom;

namespace {

void print(const QString &line) {
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

QString minutesAfter(const QDateTime &onset, const QDateTime &at) {
    if (!at.isValid())
        return QStringLiteral("none");
    const qint64 m = onset.secsTo(at) / 60;
    return QStringLiteral("%1 (%2%3 min)")
        .arg(at.toString(Qt::ISODate), m >= 0 ? QStringLiteral("+") : QString())
        .arg(m);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOption({QStringLiteral("shared"), QStringLiteral("The shared/ folder."),
                 QStringLiteral("DIR"), QStringLiteral(WARROOM_BENCH_SHARED_DIR)});
    // `make bench BENCH_ARGS="--mentions N"` reaches every bench: the CrisisLex samples have
    // their own size, so N is accepted and not used here.
    p.addOption({QStringLiteral("mentions"), QStringLiteral("Not used (the samples' own size)."),
                 QStringLiteral("N")});
    p.addHelpOption();
    p.process(app);
    const QString root = p.value(QStringLiteral("shared")) + QStringLiteral("/data/crisislex-t6/");
    // Sudden events: the documented time of the event (UTC).
    const QHash<QString, QDateTime> events = {
        {QStringLiteral("2013_Boston_Bombings"),
         QDateTime::fromString(QStringLiteral("2013-04-15T18:49:00Z"), Qt::ISODate)},
        {QStringLiteral("2013_West_Texas_Explosion"),
         QDateTime::fromString(QStringLiteral("2013-04-18T00:50:00Z"), Qt::ISODate)}};

    QJsonArray results;
    for (const QString &crisis :
         QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QTemporaryDir dir;
        MentionWriter writer;
        QString error;
        if (!writer.open(dir.filePath(QStringLiteral("s.sqlite")), &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        FileImporter importer;
        const ImportSummary s =
            importer.run(root + crisis + u'/' + crisis + QStringLiteral("-ontopic_offtopic.csv"),
                         [&](const MentionBatch &b) { return writer.write(b); });
        sql::Connection &db = writer.connection();
        const qint64 first = db.scalar("SELECT min(minute) FROM mention_minutes");
        const qint64 last = db.scalar("SELECT max(minute) FROM mention_minutes");
        // The peak hour (60-minute window with the most mentions) and the slow onset.
        QList<MinuteCount> minutes;
        BaselineQuery q(db);
        q.minutes(first, last, &minutes, &error);
        QHash<qint64, int> perMinute;
        for (const MinuteCount &m : minutes)
            perMinute.insert(m.minute, m.total);
        qint64 peakStart = first;
        int peak = 0;
        int window = 0;
        for (qint64 m = first; m <= last; ++m) {
            window += perMinute.value(m) - perMinute.value(m - 60);
            if (window > peak) {
                peak = window;
                peakStart = m - 59;
            }
        }
        QDateTime onset = events.value(crisis);
        QString onsetKind = QStringLiteral("event time");
        if (!onset.isValid()) {
            // The first minute whose trailing hour holds a third of the peak hour's volume.
            window = 0;
            for (qint64 m = first; m <= last && !onset.isValid(); ++m) {
                window += perMinute.value(m) - perMinute.value(m - 60);
                if (window * 3 >= peak)
                    onset = QDateTime::fromSecsSinceEpoch(m * 60, Qt::UTC);
            }
            onsetKind = QStringLiteral("volume reaches 1/3 of the peak hour");
        }
        onset = onset.toUTC();
        QList<BaselinePoint> points;
        q.baselineFor(QDateTime::fromSecsSinceEpoch(last * 60, Qt::UTC), (last - first + 1) * 60,
                      &points, &error);
        AlertEngine engine;
        const QList<Alert> alerts = engine.onBaseline(points);
        QDateTime firstSpike;
        QDateTime firstAny;
        QString firstKind;
        int spikesBefore = 0;
        for (const Alert &a : alerts) {
            if (!firstAny.isValid() || a.firedAt < firstAny) {
                firstAny = a.firedAt;
                firstKind = alertKindName(a.kind);
            }
            if (a.kind == AlertKind::VolumeSpike) {
                if (!firstSpike.isValid() || a.firedAt < firstSpike)
                    firstSpike = a.firedAt;
                spikesBefore += a.firedAt < onset;
            }
        }
        // The first spike at or after the onset (an earlier one is a false alarm).
        QDateTime spikeAfter;
        for (const Alert &a : alerts)
            if (a.kind == AlertKind::VolumeSpike && a.firedAt >= onset &&
                (!spikeAfter.isValid() || a.firedAt < spikeAfter))
                spikeAfter = a.firedAt;
        print(QStringLiteral("%1: %2 mentions over %3 h; onset %4 (%5); peak hour from %6 "
                             "(%7 mentions)")
                  .arg(crisis)
                  .arg(s.inserted)
                  .arg((last - first) / 60)
                  .arg(onset.toString(Qt::ISODate), onsetKind,
                       QDateTime::fromSecsSinceEpoch(peakStart * 60, Qt::UTC).toString(Qt::ISODate))
                  .arg(peak));
        print(QStringLiteral("  first volume spike %1; first after the onset %2; spikes before "
                             "the onset %3; first alert %4 %5")
                  .arg(minutesAfter(onset, firstSpike), minutesAfter(onset, spikeAfter))
                  .arg(spikesBefore)
                  .arg(firstKind, minutesAfter(onset, firstAny)));
        results.append(QJsonObject{
            {QStringLiteral("crisis"), crisis},
            {QStringLiteral("onset"), onset.toString(Qt::ISODate)},
            {QStringLiteral("onset_kind"), onsetKind},
            {QStringLiteral("first_spike_min"),
             firstSpike.isValid() ? QJsonValue(double(onset.secsTo(firstSpike) / 60))
                                  : QJsonValue()},
            {QStringLiteral("first_spike_after_onset_min"),
             spikeAfter.isValid() ? QJsonValue(double(onset.secsTo(spikeAfter) / 60))
                                  : QJsonValue()},
            {QStringLiteral("spikes_before_onset"), spikesBefore},
            {QStringLiteral("first_alert_kind"), firstKind},
            {QStringLiteral("first_alert_min"),
             firstAny.isValid() ? QJsonValue(double(onset.secsTo(firstAny) / 60)) : QJsonValue()}});
    }
    print(QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("bench"), QStringLiteral("alert_onset")},
                                  {QStringLiteral("crises"), results}})
            .toJson(QJsonDocument::Compact)));
    return 0;
}
