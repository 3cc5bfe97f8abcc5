#include "analysiswriter.h"

#include <QDateTime>

namespace warroom {

namespace {

class Transaction {
public:
    explicit Transaction(sql::Connection &db)
        : m_db(db) {}
    ~Transaction() {
        if (m_open)
            m_db.exec("ROLLBACK");
    }
    bool begin(QString *error) {
        m_open = m_db.exec("BEGIN IMMEDIATE", error);
        return m_open;
    }
    bool commit(QString *error) {
        if (!m_db.exec("COMMIT", error))
            return false;
        m_open = false;
        return true;
    }

private:
    sql::Connection &m_db;
    bool m_open = false;
};

double analystScore(Sentiment s) {
    return s == Sentiment::Negative ? -1.0 : s == Sentiment::Positive ? 1.0 : 0.0;
}

} // namespace

bool AnalysisWriter::applyCorrections(const QList<SentimentCorrection> &corrections,
                                      const QString &analyst, CorrectionReport *report,
                                      QString *error) {
    sql::Connection &db = m_writer.connection();
    Transaction tx(db);
    if (!tx.begin(error))
        return false;
    sql::Statement find = db.prepare(
        "SELECT id, sentiment_label FROM mentions WHERE source = ?1 AND source_id = ?2", error);
    sql::Statement history =
        db.prepare("INSERT INTO sentiment_corrections(mention_id, label, previous, analyst, at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                   error);
    if (!find.isValid() || !history.isValid())
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const SentimentCorrection &c : corrections) {
        if (c.label == Sentiment::Unknown) {
            report->problems.append(
                {c.line, QStringLiteral("sentiment must be negative, neutral or positive")});
            continue;
        }
        find.bind(1, c.source);
        find.bind(2, c.sourceId);
        if (find.step() != SQLITE_ROW) {
            find.reset();
            report->problems.append(
                {c.line,
                 QStringLiteral("no mention %1/%2 in the store").arg(c.source, c.sourceId)});
            continue;
        }
        const qint64 id = find.int64(0);
        const QString previous = find.isNull(1) ? QString() : find.text(1);
        find.reset();
        // The label, the score and the aggregates that count them move together.
        SentimentUpdateResult moved;
        if (!m_writer.updateSentiment({id, c.label, analystScore(c.label), true}, &moved, error))
            return false;
        const QString label = sentimentName(c.label);
        history.bind(1, id);
        history.bind(2, label);
        history.bind(3, previous);
        history.bind(4, analyst.isNull() ? QStringLiteral("") : analyst);
        history.bind(5, now);
        if (history.step() != SQLITE_DONE) {
            if (error)
                *error = db.lastError();
            return false;
        }
        history.reset();
        ++report->applied;
        if (previous != label)
            ++report->changed;
    }
    return tx.commit(error);
}

bool AnalysisWriter::applyRelabels(const QList<Relabel> &relabels, int *changed, QString *error) {
    if (changed)
        *changed = 0;
    if (relabels.isEmpty())
        return true;
    sql::Connection &db = m_writer.connection();
    Transaction tx(db);
    if (!tx.begin(error))
        return false;
    for (const Relabel &r : relabels) {
        // Rows gone, or labelled by an analyst meanwhile, are skipped: theirs stands.
        SentimentUpdateResult moved;
        if (!m_writer.updateSentiment({r.id, r.label, r.score, false}, &moved, error))
            return false;
        if (changed && moved.labelChanged(r.label))
            ++*changed;
    }
    return tx.commit(error);
}

bool AnalysisWriter::setAuthorStance(const QString &source, const QString &handle, Stance stance,
                                     bool byAnalyst, QString *error) {
    sql::Connection &db = m_writer.connection();
    sql::Statement st = db.prepare(
        "UPDATE authors SET stance = ?3, stance_by_analyst = ?4 WHERE source = ?1 AND handle = ?2",
        error);
    if (!st.isValid())
        return false;
    st.bind(1, source);
    st.bind(2, handle);
    st.bind(3, stanceName(stance));
    st.bind(4, qint64(byAnalyst));
    if (st.step() != SQLITE_DONE) {
        if (error)
            *error = db.lastError();
        return false;
    }
    if (sqlite3_changes(db.handle()) == 0) {
        if (error)
            *error = QStringLiteral("no author %1/%2 in the store").arg(source, handle);
        return false;
    }
    return true;
}

bool AnalysisWriter::setAuthorFlags(const QString &source, const QString &handle,
                                    const AuthorFlags &f, QString *error) {
    sql::Connection &db = m_writer.connection();
    sql::Statement st = db.prepare(
        "UPDATE authors SET journalist = ?3, opinion_leader = ?4, verified = ?5, brand = ?6, "
        "watchlist = ?7 WHERE source = ?1 AND handle = ?2",
        error);
    if (!st.isValid())
        return false;
    st.bind(1, source);
    st.bind(2, handle);
    st.bind(3, qint64(f.journalist));
    st.bind(4, qint64(f.opinionLeader));
    st.bind(5, qint64(f.verified));
    st.bind(6, qint64(f.brand));
    st.bind(7, qint64(f.watchlist));
    if (st.step() != SQLITE_DONE) {
        if (error)
            *error = db.lastError();
        return false;
    }
    if (sqlite3_changes(db.handle()) == 0) {
        if (error)
            *error = QStringLiteral("no author %1/%2 in the store").arg(source, handle);
        return false;
    }
    return true;
}

bool AnalysisWriter::recomputeStances(const StanceRule &rule, int *updated, QString *error) {
    if (updated)
        *updated = 0;
    sql::Connection &db = m_writer.connection();
    Transaction tx(db);
    if (!tx.begin(error))
        return false;
    sql::Statement counts = db.prepare(
        "SELECT a.id, a.stance, "
        "  (SELECT count(*) FROM mentions m WHERE m.source = a.source AND "
        "     m.author_handle = a.handle AND m.deleted = 0 AND m.sentiment_label = 'negative'), "
        "  (SELECT count(*) FROM mentions m WHERE m.source = a.source AND "
        "     m.author_handle = a.handle AND m.deleted = 0 AND m.sentiment_label = 'neutral'), "
        "  (SELECT count(*) FROM mentions m WHERE m.source = a.source AND "
        "     m.author_handle = a.handle AND m.deleted = 0 AND m.sentiment_label = 'positive') "
        "FROM authors a WHERE a.stance_by_analyst = 0",
        error);
    if (!counts.isValid())
        return false;
    QList<std::pair<qint64, QString>> changes;
    int rc;
    while ((rc = counts.step()) == SQLITE_ROW) {
        const QString stance = stanceName(
            rule.infer(int(counts.int64(2)), int(counts.int64(3)), int(counts.int64(4))));
        if (stance != counts.text(1))
            changes.append({counts.int64(0), stance});
    }
    counts.reset();
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(db.handle(), rc);
        return false;
    }
    sql::Statement set = db.prepare("UPDATE authors SET stance = ?2 WHERE id = ?1", error);
    if (!set.isValid())
        return false;
    for (const auto &[id, stance] : changes) {
        set.bind(1, id);
        set.bind(2, stance);
        if (set.step() != SQLITE_DONE) {
            if (error)
                *error = db.lastError();
            return false;
        }
        set.reset();
    }
    if (!tx.commit(error))
        return false;
    if (updated)
        *updated = int(changes.size());
    return true;
}

} // namespace warroom
