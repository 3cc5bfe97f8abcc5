#pragma once

#include "baseline.h"
#include "domain/mention.h"
#include "riskscorer.h"
#include "store/sqlite.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

// Alerts for the crisis cell: volume spike, negativity surge, a high-risk author speaking, watch
// words. Each alert has a kind, a time, a severity, evidence and (later) an owner who acknowledged
// it. Times are the mentions' own times, not the wall clock, so a replayed drill alerts as it
// happened.
//
// Threads: AlertEngine is stateful (cool-downs) and not thread-safe: one instance per worker
// thread (the analysis worker). AlertStore runs SQL on the connection it is given: save() and
// acknowledge() need the writer's connection (writer thread or a CLI), since() any reader.
namespace warroom {

enum class AlertKind : int { VolumeSpike = 0, NegativitySurge, HighRiskAuthor, WatchWord };

[[nodiscard]] QString alertKindName(AlertKind kind); // "volume-spike", "negativity-surge", ...
[[nodiscard]] AlertKind alertKindFromName(QStringView name, bool *ok = nullptr);

struct Alert {
    qint64 id = 0; // alerts.id once stored
    AlertKind kind = AlertKind::VolumeSpike;
    QDateTime firedAt;    // UTC: the minute / mention time that triggered it
    int severity = 1;     // 1 notice, 2 warning, 3 critical
    QString subject;      // what the cool-down is keyed on: "" (volume), handle, watch word
    QString summary;      // one line for the alert list
    QJsonObject evidence; // figures and mention ids behind it (stored as JSON text)
    QString ackedBy;      // "" until acknowledged
    QDateTime ackedAt;
    [[nodiscard]] bool acknowledged() const { return !ackedBy.isEmpty(); }
};

struct AlertOptions {
    // Volume spike: z >= spikeZ for spikeMinutes consecutive minutes and >= spikeMinCount posts.
    double spikeZ = 4.0;
    int spikeMinutes = 2;
    int spikeMinCount = 5;
    // Negativity surge: negative share >= expected + surgeDelta (and >= surgeMinShare) over the
    // last surgeMinutes minutes pooled, with at least surgeMinLabelled labelled posts.
    double surgeDelta = 0.20;
    double surgeMinShare = 0.5;
    int surgeMinutes = 5;
    int surgeMinLabelled = 10;
    // A high-risk author speaking: their current risk score >= this.
    double highRiskScore = 50;
    // Watch words, matched case-insensitively on word starts ("boycott" finds "#BoycottOrrin"),
    // as substrings in scripts written without spaces (抵制). Any language.
    QStringList watchWords = defaultWatchWords();
    // Per-kind cool-down: after an alert of a kind for a subject, no other for that kind and
    // subject until this many seconds (of mention time) have passed.
    QHash<AlertKind, qint64> cooldownSeconds = {{AlertKind::VolumeSpike, 30 * 60},
                                                {AlertKind::NegativitySurge, 30 * 60},
                                                {AlertKind::HighRiskAuthor, 60 * 60},
                                                {AlertKind::WatchWord, 30 * 60}};
    [[nodiscard]] static QStringList defaultWatchWords();
};

class AlertEngine final {
public:
    // Current risk score (0..100) of an author, or a negative number when unknown.
    using RiskLookup = std::function<double(const QString &source, const QString &handle)>;

    explicit AlertEngine(AlertOptions options = {});

    // A lookup over assessed authors (unknown authors: -1).
    [[nodiscard]] static RiskLookup lookupOf(const QList<RiskAssessment> &assessed);

    // New baseline points (ascending, typically the last minutes after a batch): spikes, surges.
    QList<Alert> onBaseline(const QList<BaselinePoint> &points);
    // A new batch of mentions: watch words and high-risk authors speaking.
    QList<Alert> onMentions(const MentionBatch &batch, const RiskLookup &risk = {});

    // The watch words found in a text (as configured, in order).
    [[nodiscard]] QStringList watchWordsIn(QStringView text) const;
    [[nodiscard]] const AlertOptions &options() const { return m_options; }
    // Cool-down state survives restarts only through the store: seed it from stored alerts.
    void remember(const QList<Alert> &alreadyFired);

private:
    bool coolingDown(AlertKind kind, const QString &subject, const QDateTime &at) const;
    void fired(const Alert &alert);

    AlertOptions m_options;
    QHash<QString, QDateTime> m_lastFired; // kind + '\x1f' + subject -> time
    QList<QString> m_foldedWords;          // watch words, case-folded
    int m_spikeRun = 0;                    // consecutive minutes over the spike threshold
    qint64 m_lastSpikeMinute = 0;
};

// The risk lookup for a batch just committed, on the writer's connection (StoreWriter's
// after-commit hook, or a CLI): the batch's authors are scored over options.windowSeconds
// (default 6 h) ending at the batch's newest post (RankingQuery::assess: their posts by index,
// author_hours for the prolific ones; the batch is in both), and the assessments scoring at
// least `storeAtLeast` (the high-risk alert's threshold) are stored in author_risk with their
// explanation, so the app can show why. When the store cannot be read the lookup knows nobody
// (no high-risk alert) and *error says why.
[[nodiscard]] AlertEngine::RiskLookup
batchRiskLookup(sql::Connection &db, const MentionBatch &batch, QString *error,
                RankingOptions options = {}, double storeAtLeast = AlertOptions().highRiskScore);

// Persistence in the alerts table.
class AlertStore final {
public:
    explicit AlertStore(sql::Connection &db)
        : m_db(db) {}
    // Inserts and sets each alert's id. One transaction.
    bool save(QList<Alert> &alerts, QString *error) const;
    // Alerts fired at or after `since`, newest first (limit <= 0: all).
    bool since(const QDateTime &since, QList<Alert> *out, QString *error, int limit = 500) const;
    // Sets acked_by/acked_at once; false with a reason when unknown or already acknowledged.
    bool acknowledge(qint64 id, const QString &owner, QString *error,
                     const QDateTime &at = QDateTime::currentDateTimeUtc()) const;

private:
    sql::Connection &m_db;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::Alert)
