// GUI event-loop latency of the war room while mentions are written at a fixed rate.
// A 5 ms timer probe on the GUI thread measures how late each tick fires; the writer thread
// commits a batch every 50 ms (rate × 0.05 mentions) and the panels follow on their 250 ms
// coalescing timer, as in production. Offscreen platform by default.
// BENCH_TRACE=1 also times every event the GUI thread dispatches and prints the receivers
// (class, object name, event type) that held the loop longest: where the time goes, per cause.
#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "mainwindow.h"
#include "panels/timelinepanel.h"
#include "store/storewriter.h"
#include "tempstore.h"
#include "warroomapp.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <QHash>
#include <QMetaObject>

#include <atomic>
#include <memory>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace warroom;

namespace {

// Times each top-level event dispatch on the GUI thread (nested sendEvent calls belong to
// the event that made them), keyed by receiver class, object name and event type.
class TracingApp final : public QApplication {
public:
    using QApplication::QApplication;
    struct Cost {
        int count = 0;
        double totalMs = 0;
        double maxMs = 0;
        double maxCpuMs = 0; // GUI-thread CPU time of the longest one: the rest is waiting
    };
    bool tracing = false;
    QHash<QString, Cost> costs;

    bool notify(QObject *receiver, QEvent *event) override {
        if (!tracing || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        const bool result = QApplication::notify(receiver, event);
        const double ms = t.nsecsElapsed() / 1e6;
        const double cpu = threadCpuMs() - cpu0;
        --m_depth;
        if (ms >= 1.0) {
            const QString key =
                QStringLiteral("%1 '%2' event %3")
                    .arg(QLatin1String(receiver->metaObject()->className()), receiver->objectName())
                    .arg(int(event->type()));
            Cost &c = costs[key];
            ++c.count;
            c.totalMs += ms;
            if (ms > c.maxMs)
                c.maxCpuMs = cpu;
            c.maxMs = std::max(c.maxMs, ms);
        }
        return result;
    }

    void printTop(int n) {
        QList<QPair<QString, Cost>> all;
        for (auto it = costs.cbegin(); it != costs.cend(); ++it)
            all.append({it.key(), it.value()});
        std::sort(all.begin(), all.end(),
                  [](const auto &a, const auto &b) { return a.second.totalMs > b.second.totalMs; });
        std::printf("  GUI-thread dispatches of >= 1 ms, by receiver (total / count / max):\n");
        for (int i = 0; i < std::min<int>(n, int(all.size())); ++i)
            std::printf("    %8.1f ms %5d× max %6.1f ms (cpu %5.1f)  %s\n",
                        all.at(i).second.totalMs, all.at(i).second.count, all.at(i).second.maxMs,
                        all.at(i).second.maxCpuMs, qPrintable(all.at(i).first));
        costs.clear();
    }

private:
    static double threadCpuMs() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    }
    int m_depth = 0;
};

struct Figures {
    int rate = 0;
    double seconds = 0;
    qint64 written = 0;
    double p50 = 0, p99 = 0, max = 0;
    int redraws = 0;
};

MentionBatch makeBatch(int n, qint64 &serial, QRandomGenerator &rng) {
    static const char *const words[] = {"kettle", "lid",    "boycott", "recall", "refund", "Aurora",
                                        "love",   "broken", "support", "safety", "batch",  "tea"};
    MentionBatch batch;
    batch.reserve(n);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < n; ++i) {
        Mention m;
        m.source = QStringLiteral("bench");
        m.sourceId = QString::number(++serial);
        m.authorHandle = QStringLiteral("user%1").arg(rng.bounded(5000));
        m.authorFollowers = rng.bounded(200000);
        QStringList t;
        for (int w = 0; w < 12; ++w)
            t << QLatin1String(words[rng.bounded(12)]);
        m.text = t.join(u' ');
        m.language = QStringLiteral("en");
        m.createdAt = now.addMSecs(-rng.bounded(5000));
        m.ingestedAt = now;
        m.sentiment = static_cast<Sentiment>(1 + rng.bounded(3));
        m.sentimentScore = 0.1;
        batch << m;
    }
    return batch;
}

Figures run(WarRoomApp &app, int rate, int seconds, qint64 &serial) {
    Figures f;
    f.rate = rate;
    QRandomGenerator rng(42 + rate);
    QVector<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness << std::max(0.0, (now - last) / 1e6 - 5.0);
        last = now;
    });
    // The ingest side runs off the GUI thread, as connectors do: a feeder thread builds a
    // batch every 50 ms and commits it through the single writer (blocking that thread only).
    const int perBatch = rate / 20;
    std::atomic_bool stop{false};
    std::atomic<qint64> written{0};
    WriterThread *writer = app.writer();
    std::unique_ptr<QThread> feeder(QThread::create([&] {
        QElapsedTimer pace;
        pace.start();
        qint64 batches = 0;
        while (!stop.load()) {
            const WriteResult r = writer->writeFromWorker(makeBatch(perBatch, serial, rng));
            written += r.inserted;
            ++batches;
            const qint64 due = batches * 50 - pace.elapsed();
            if (due > 0)
                QThread::msleep(static_cast<unsigned long>(due));
        }
    }));
    QObject::connect(app.window()->timelinePanel(), &TimelinePanel::loaded, &app,
                     [&] { ++f.redraws; });
    probe.start();
    feeder->start();
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    stop = true;
    feeder->wait();
    probe.stop();
    f.written = written.load();
    f.seconds = clock.elapsed() / 1000.0;
    std::sort(lateness.begin(), lateness.end());
    if (!lateness.isEmpty()) {
        f.p50 = lateness.at(lateness.size() / 2);
        f.p99 = lateness.at(std::min<qsizetype>(lateness.size() - 1, lateness.size() * 99 / 100));
        f.max = lateness.last();
    }
    return f;
}

} // namespace

int main(int argc, char **argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApp qapp(argc, argv);
    const bool trace = qEnvironmentVariableIntValue("BENCH_TRACE") > 0;
    QStandardPaths::setTestModeEnabled(true);
    const int seconds = qEnvironmentVariableIntValue("BENCH_SECONDS") > 0
                            ? qEnvironmentVariableIntValue("BENCH_SECONDS")
                            : 10;
    test::TempStore store;
    WarRoomApp app({store.path(), false});
    app.start();
    app.window()->resize(1920, 1080);
    QEventLoop settle;
    QTimer::singleShot(1500, &settle, &QEventLoop::quit);
    settle.exec();

    qint64 serial = 0;
    QList<Figures> all;
    for (int rate : {2000, 10000}) {
        qapp.tracing = trace;
        const Figures f = run(app, rate, seconds, serial);
        qapp.tracing = false;
        std::printf("rate %5d/s for %.1f s: written %lld, timeline redraws %d, probe lateness "
                    "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    f.rate, f.seconds, static_cast<long long>(f.written), f.redraws, f.p50, f.p99,
                    f.max);
        if (trace)
            qapp.printTop(14);
        std::fflush(stdout);
        all << f;
        // Drain the writer before the next rate.
        QEventLoop drain;
        QTimer::singleShot(2000, &drain, &QEventLoop::quit);
        drain.exec();
    }
    std::printf("{\"bench\":\"screens_latency\",\"seconds\":%d", seconds);
    for (const Figures &f : all)
        std::printf(",\"r%d\":{\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"written\":%lld,"
                    "\"redraws\":%d}",
                    f.rate, f.p50, f.p99, f.max, static_cast<long long>(f.written), f.redraws);
    std::printf("}\n");
    return 0;
}
