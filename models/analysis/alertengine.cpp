#include "alertengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace warroom {

namespace {

constexpr std::array<std::pair<AlertKind, const char *>, 4> kKindNames = {{
    {AlertKind::VolumeSpike, "volume-spike"},
    {AlertKind::NegativitySurge, "negativity-surge"},
    {AlertKind::HighRiskAuthor, "high-risk-author"},
    {AlertKind::WatchWord, "watch-word"},
}};

QString cooldownKey(AlertKind kind, const QString &subject) {
    return QString::number(int(kind)) + QChar(0x1f) + subject;
}

// Scripts written without spaces between words: a watch word there is matched anywhere.
bool isUnspacedScript(QChar c) {
    const QChar::Script s = c.script();
    return s == QChar::Script_Han || s == QChar::Script_Hiragana || s == QChar::Script_Katakana ||
           s == QChar::Script_Thai || s == QChar::Script_Lao || s == QChar::Script_Khmer ||
           s == QChar::Script_Myanmar;
}

} // namespace

QString alertKindName(AlertKind kind) {
    for (const auto &[k, name] : kKindNames)
        if (k == kind)
            return QString::fromLatin1(name);
    return QString();
}

AlertKind alertKindFromName(QStringView name, bool *ok) {
    for (const auto &[k, n] : kKindNames) {
        if (name == QLatin1StringView(n)) {
            if (ok)
                *ok = true;
            return k;
        }
    }
    if (ok)
        *ok = false;
    return AlertKind::VolumeSpike;
}

QStringList AlertOptions::defaultWatchWords() {
    // English first, then the words crises use in the room's other languages (fr, es, pt, de,
    // it, sw, tl, hy, zh, ar). Matched on word starts: "boycott" also finds "#BoycottOrrin".
    return {
        QStringLiteral("boycott"),      QStringLiteral("lawsuit"),  QStringLiteral("recall"),
        QStringLiteral("class action"), QStringLiteral("sue "),     QStringLiteral("boycotter"),
        QStringLiteral("rappel"),       QStringLiteral("procès"),   QStringLiteral("boicot"),
        QStringLiteral("demanda"),      QStringLiteral("retirada"), QStringLiteral("boicote"),
        QStringLiteral("processo"),     QStringLiteral("rückruf"),  QStringLiteral("klage"),
        QStringLiteral("richiamo"),     QStringLiteral("kususia"),  QStringLiteral("i-boycott"),
        QStringLiteral("բոյկոտ"),       QStringLiteral("հետկանչ"),  QStringLiteral("դատական հայց"),
        QStringLiteral("抵制"),         QStringLiteral("召回"),     QStringLiteral("訴訟"),
        QStringLiteral("起訴"),         QStringLiteral("مقاطعة"),   QStringLiteral("دعوى")};
}

AlertEngine::AlertEngine(AlertOptions options)
    : m_options(std::move(options)) {
    for (const QString &w : m_options.watchWords) {
        const QString folded = w.toCaseFolded();
        if (!folded.trimmed().isEmpty())
            m_foldedWords.append(folded);
    }
}

QStringList AlertEngine::watchWordsIn(QStringView text) const {
    QStringList found;
    if (m_foldedWords.isEmpty())
        return found;
    const QString folded = text.toString().toCaseFolded();
    for (qsizetype w = 0; w < m_foldedWords.size(); ++w) {
        const QString &word = m_foldedWords.at(w);
        const bool anywhere = isUnspacedScript(word.at(0));
        qsizetype from = 0;
        while (true) {
            const qsizetype at = folded.indexOf(word, from);
            if (at < 0)
                break;
            // A word start: the text's start, or after anything that is not a letter or digit
            // ('#', '@', space, punctuation).
            if (anywhere || at == 0 || !folded.at(at - 1).isLetterOrNumber()) {
                found.append(m_options.watchWords.at(w).trimmed());
                break;
            }
            from = at + 1;
        }
    }
    return found;
}

bool AlertEngine::coolingDown(AlertKind kind, const QString &subject, const QDateTime &at) const {
    const auto it = m_lastFired.constFind(cooldownKey(kind, subject));
    if (it == m_lastFired.cend())
        return false;
    const qint64 cooldown = m_options.cooldownSeconds.value(kind, 0);
    return it->secsTo(at) < cooldown && it->secsTo(at) > -cooldown;
}

void AlertEngine::fired(const Alert &alert) {
    const QString key = cooldownKey(alert.kind, alert.subject);
    const auto it = m_lastFired.constFind(key);
    if (it == m_lastFired.cend() || *it < alert.firedAt)
        m_lastFired.insert(key, alert.firedAt);
}

void AlertEngine::remember(const QList<Alert> &alreadyFired) {
    for (const Alert &a : alreadyFired)
        fired(a);
}

QList<Alert> AlertEngine::onBaseline(const QList<BaselinePoint> &points) {
    QList<Alert> out;
    const AlertOptions &o = m_options;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const BaselinePoint &p = points.at(i);
        const qint64 minute = p.minute.toMSecsSinceEpoch() / 60000;
        if (minute <= m_lastSpikeMinute)
            continue; // already seen (overlapping windows)
        m_lastSpikeMinute = minute;

        // Volume spike: z >= k for m consecutive minutes.
        const bool over = p.enoughHistory && p.z >= o.spikeZ && p.observed >= o.spikeMinCount;
        m_spikeRun = over ? m_spikeRun + 1 : 0;
        if (m_spikeRun >= std::max(o.spikeMinutes, 1) &&
            !coolingDown(AlertKind::VolumeSpike, QString(), p.minute)) {
            Alert a;
            a.kind = AlertKind::VolumeSpike;
            a.firedAt = p.minute;
            a.severity = p.z >= 3 * o.spikeZ ? 3 : p.z >= 2 * o.spikeZ ? 2 : 1;
            a.summary = QStringLiteral("Volume spike: %1 mentions/min against a baseline of %2 "
                                       "(z = %3, %4 minutes running)")
                            .arg(p.observed)
                            .arg(p.expected, 0, 'f', 1)
                            .arg(p.z, 0, 'f', 1)
                            .arg(m_spikeRun);
            a.evidence = {{QStringLiteral("observed"), p.observed},
                          {QStringLiteral("expected"), p.expected},
                          {QStringLiteral("sigma"), p.sigma},
                          {QStringLiteral("z"), p.z},
                          {QStringLiteral("minutes"), m_spikeRun}};
            fired(a);
            out.append(a);
        }

        // Negativity surge: pooled over the last surgeMinutes points given.
        if (!p.enoughHistory)
            continue;
        int neg = 0;
        int lab = 0;
        const qsizetype start = std::max<qsizetype>(0, i - std::max(o.surgeMinutes, 1) + 1);
        for (qsizetype j = start; j <= i; ++j) {
            neg += points.at(j).negative;
            lab += points.at(j).labelled;
        }
        if (lab < o.surgeMinLabelled)
            continue;
        const double share = double(neg) / lab;
        if (share >= o.surgeMinShare && share >= p.expectedNegativeShare + o.surgeDelta &&
            !coolingDown(AlertKind::NegativitySurge, QString(), p.minute)) {
            Alert a;
            a.kind = AlertKind::NegativitySurge;
            a.firedAt = p.minute;
            const double delta = share - p.expectedNegativeShare;
            a.severity = delta >= 0.4 ? 3 : delta >= 0.3 ? 2 : 1;
            a.summary = QStringLiteral("Negativity surge: %1% negative over %2 min (baseline %3%)")
                            .arg(qRound(share * 100))
                            .arg(i - start + 1)
                            .arg(qRound(p.expectedNegativeShare * 100));
            a.evidence = {{QStringLiteral("negative"), neg},
                          {QStringLiteral("labelled"), lab},
                          {QStringLiteral("share"), share},
                          {QStringLiteral("expectedShare"), p.expectedNegativeShare}};
            fired(a);
            out.append(a);
        }
    }
    return out;
}

AlertEngine::RiskLookup AlertEngine::lookupOf(const QList<RiskAssessment> &assessed) {
    QHash<QString, double> scores;
    for (const RiskAssessment &a : assessed)
        scores.insert(a.author.source + u'\n' + a.author.handle, a.score);
    return [scores](const QString &source, const QString &handle) {
        return scores.value(source + u'\n' + handle, -1.0);
    };
}

AlertEngine::RiskLookup batchRiskLookup(sql::Connection &db, const MentionBatch &batch,
                                        QString *error, RankingOptions options,
                                        double storeAtLeast) {
    QList<QPair<QString, QString>> authors;
    QSet<QPair<QString, QString>> seen;
    QDateTime newest;
    for (const Mention &m : batch) {
        if (m.authorHandle.isEmpty() || m.deleted || !m.createdAt.isValid())
            continue;
        if (!newest.isValid() || m.createdAt > newest)
            newest = m.createdAt;
        const QPair<QString, QString> key{m.source, m.authorHandle};
        if (!seen.contains(key)) {
            seen.insert(key);
            authors.append(key);
        }
    }
    if (authors.isEmpty())
        return AlertEngine::lookupOf({});
    if (!options.end.isValid())
        options.end = newest;
    Ranking assessed;
    if (!RankingQuery(db).assess(authors, options, &assessed, error, /*withExplanation=*/false))
        return AlertEngine::lookupOf({});
    QList<RiskAssessment> keep;
    const RiskScorer scorer;
    const qint64 windowSeconds = std::max<qint64>(options.windowSeconds, 60);
    for (const RiskAssessment &a : std::as_const(assessed.authors)) {
        if (a.score < storeAtLeast)
            continue;
        keep.append(a);
        scorer.explain(keep.last(), windowSeconds);
    }
    RiskStore(db).save(keep, error);
    return AlertEngine::lookupOf(assessed.authors);
}

QList<Alert> AlertEngine::onMentions(const MentionBatch &batch, const RiskLookup &risk) {
    QList<Alert> out;
    // In time order, so cool-downs follow the mentions' own clock.
    QList<const Mention *> ordered;
    ordered.reserve(batch.size());
    for (const Mention &m : batch)
        if (!m.deleted && m.createdAt.isValid())
            ordered.append(&m);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Mention *a, const Mention *b) {
        return a->createdAt < b->createdAt;
    });
    for (const Mention *m : ordered) {
        const QString text = m->title.isEmpty() ? m->text : m->title + u'\n' + m->text;
        for (const QString &word : watchWordsIn(text)) {
            if (coolingDown(AlertKind::WatchWord, word, m->createdAt))
                continue;
            Alert a;
            a.kind = AlertKind::WatchWord;
            a.firedAt = m->createdAt;
            a.subject = word;
            a.severity = m->sentiment == Sentiment::Negative ? 2 : 1;
            a.summary = QStringLiteral("Watch word \"%1\" from @%2: %3")
                            .arg(word, m->authorHandle, text.left(120).simplified());
            a.evidence = {{QStringLiteral("word"), word},
                          {QStringLiteral("source"), m->source},
                          {QStringLiteral("sourceId"), m->sourceId},
                          {QStringLiteral("mentionId"), double(m->id)},
                          {QStringLiteral("author"), m->authorHandle},
                          {QStringLiteral("language"), m->language}};
            fired(a);
            out.append(a);
        }
        if (risk && !m->authorHandle.isEmpty()) {
            const double score = risk(m->source, m->authorHandle);
            const QString subject = m->source + u'/' + m->authorHandle;
            if (score >= m_options.highRiskScore &&
                !coolingDown(AlertKind::HighRiskAuthor, subject, m->createdAt)) {
                Alert a;
                a.kind = AlertKind::HighRiskAuthor;
                a.firedAt = m->createdAt;
                a.subject = subject;
                a.severity = score >= 75 ? 3 : score >= 60 ? 2 : 1;
                a.summary = QStringLiteral("High-risk author @%1 (risk %2) posted: %3")
                                .arg(m->authorHandle)
                                .arg(qRound(score))
                                .arg(text.left(120).simplified());
                a.evidence = {{QStringLiteral("score"), score},
                              {QStringLiteral("source"), m->source},
                              {QStringLiteral("sourceId"), m->sourceId},
                              {QStringLiteral("mentionId"), double(m->id)},
                              {QStringLiteral("author"), m->authorHandle}};
                fired(a);
                out.append(a);
            }
        }
    }
    return out;
}

bool AlertStore::save(QList<Alert> &alerts, QString *error) const {
    if (alerts.isEmpty())
        return true;
    if (!m_db.exec("BEGIN IMMEDIATE", error))
        return false;
    sql::Statement st =
        m_db.prepare("INSERT INTO alerts(kind, fired_at, severity, evidence, subject, summary) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                     error);
    bool ok = st.isValid();
    for (Alert &a : alerts) {
        if (!ok)
            break;
        st.bind(1, alertKindName(a.kind));
        st.bind(2, a.firedAt.toMSecsSinceEpoch());
        st.bind(3, a.severity);
        st.bindText(4, QJsonDocument(a.evidence).toJson(QJsonDocument::Compact));
        st.bind(5, a.subject.isNull() ? QStringLiteral("") : a.subject);
        st.bind(6, a.summary.isNull() ? QStringLiteral("") : a.summary);
        const int rc = st.step();
        st.reset();
        if (rc != SQLITE_DONE) {
            if (error)
                *error = sql::describe(m_db.handle(), rc);
            ok = false;
        } else {
            a.id = sqlite3_last_insert_rowid(m_db.handle());
        }
    }
    if (!ok || !m_db.exec("COMMIT", error)) {
        m_db.exec("ROLLBACK");
        for (Alert &a : alerts)
            a.id = 0;
        return false;
    }
    return true;
}

bool AlertStore::since(const QDateTime &since, QList<Alert> *out, QString *error, int limit) const {
    out->clear();
    sql::Statement st = m_db.prepare(
        "SELECT id, kind, fired_at, severity, evidence, subject, summary, acked_by, acked_at "
        "FROM alerts WHERE fired_at >= ?1 ORDER BY fired_at DESC, id DESC LIMIT ?2",
        error);
    if (!st.isValid())
        return false;
    st.bind(1, since.isValid() ? since.toMSecsSinceEpoch() : qint64(0));
    st.bind(2, limit > 0 ? qint64(limit) : qint64(-1));
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        Alert a;
        a.id = st.int64(0);
        a.kind = alertKindFromName(st.text(1));
        a.firedAt = QDateTime::fromMSecsSinceEpoch(st.int64(2), Qt::UTC);
        a.severity = int(st.int64(3));
        a.evidence = QJsonDocument::fromJson(st.text(4).toUtf8()).object();
        a.subject = st.text(5);
        a.summary = st.text(6);
        a.ackedBy = st.isNull(7) ? QString() : st.text(7);
        if (!st.isNull(8))
            a.ackedAt = QDateTime::fromMSecsSinceEpoch(st.int64(8), Qt::UTC);
        out->append(a);
    }
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(m_db.handle(), rc);
        return false;
    }
    return true;
}

bool AlertStore::acknowledge(qint64 id, const QString &owner, QString *error,
                             const QDateTime &at) const {
    if (owner.trimmed().isEmpty()) {
        if (error)
            *error = QStringLiteral("an acknowledgement needs the name of who owns the alert");
        return false;
    }
    sql::Statement st = m_db.prepare(
        "UPDATE alerts SET acked_by = ?2, acked_at = ?3 WHERE id = ?1 AND acked_by IS NULL", error);
    if (!st.isValid())
        return false;
    st.bind(1, id);
    st.bind(2, owner.trimmed());
    st.bind(3, at.toMSecsSinceEpoch());
    const int rc = st.step();
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(m_db.handle(), rc);
        return false;
    }
    if (sqlite3_changes(m_db.handle()) == 0) {
        if (error) {
            sql::Statement exists = m_db.prepare("SELECT count(*) FROM alerts WHERE id = ?1");
            exists.bind(1, id);
            const bool known =
                exists.isValid() && exists.step() == SQLITE_ROW && exists.int64(0) > 0;
            *error = known ? QStringLiteral("alert %1 was already acknowledged").arg(id)
                           : QStringLiteral("there is no alert %1").arg(id);
        }
        return false;
    }
    return true;
}

} // namespace warroom
