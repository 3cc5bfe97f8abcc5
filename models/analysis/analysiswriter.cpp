#include "analysiswriter.h"

#include <QDateTime>

namespace warroom {

namespace {

// One mention moves from one sentiment to another: its per-minute count follows it.
bool moveMinute(sql::Connection &db, qint64 minute, const QString &source, const QString &from,
                const QString &to, QString *error) {
    if (from == to)
        return true;
    sql::Statement dec = db.prepare(
        "UPDATE mention_minutes SET n = n - 1 WHERE minute = ?1 AND source = ?2 AND sentiment = ?3",
        error);
    sql::Statement del = db.prepare("DELETE FROM mention_minutes WHERE minute = ?1 AND source = ?2 "
                                    "AND sentiment = ?3 AND n <= 0",
                                    error);
    sql::Statement inc = db.prepare(
        "INSERT INTO mention_minutes(minute, source, sentiment, n) VALUES (?1, ?2, ?3, 1) "
        "ON CONFLICT(minute, source, sentiment) DO UPDATE SET n = mention_minutes.n + 1",
        error);
    if (!dec.isValid() || !del.isValid() || !inc.isValid())
        return false;
    for (sql::Statement *st : {&dec, &del}) {
        st->bind(1, minute);
        st->bind(2, source);
        st->bindText(3, from.toUtf8());
        if (st->step() != SQLITE_DONE) {
            if (error)
                *error = db.lastError();
            return false;
        }
    }
    inc.bind(1, minute);
    inc.bind(2, source);
    inc.bindText(3, to.toUtf8());
    if (inc.step() != SQLITE_DONE) {
        if (error)
            *error = db.lastError();
        return false;
    }
    return true;
}

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
        "SELECT id, created_at, sentiment_label FROM mentions WHERE source = ?1 AND source_id = ?2",
        error);
    sql::Statement update = db.prepare(
        "UPDATE mentions SET sentiment_label = ?2, sentiment_score = ?3, sentiment_by_analyst = 1 "
        "WHERE id = ?1",
        error);
    sql::Statement history =
        db.prepare("INSERT INTO sentiment_corrections(mention_id, label, previous, analyst, at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                   error);
    if (!find.isValid() || !update.isValid() || !history.isValid())
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
        const qint64 minute = find.int64(1) / 60000;
        const QString previous = find.isNull(2) ? QString() : find.text(2);
        find.reset();
        const QString label = sentimentName(c.label);
        update.bind(1, id);
        update.bind(2, label);
        update.bind(3, analystScore(c.label));
        history.bind(1, id);
        history.bind(2, label);
        history.bind(3, previous);
        history.bind(4, analyst.isNull() ? QStringLiteral("") : analyst);
        history.bind(5, now);
        if (update.step() != SQLITE_DONE || history.step() != SQLITE_DONE) {
            if (error)
                *error = db.lastError();
            return false;
        }
        update.reset();
        history.reset();
        if (!moveMinute(db, minute, c.source, previous.isNull() ? QStringLiteral("") : previous,
                        label, error))
            return false;
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
    sql::Statement find = db.prepare("SELECT created_at, source, sentiment_label FROM mentions "
                                     "WHERE id = ?1 AND sentiment_by_analyst = 0",
                                     error);
    sql::Statement update =
        db.prepare("UPDATE mentions SET sentiment_label = ?2, sentiment_score = ?3 "
                   "WHERE id = ?1 AND sentiment_by_analyst = 0",
                   error);
    if (!find.isValid() || !update.isValid())
        return false;
    for (const Relabel &r : relabels) {
        find.bind(1, r.id);
        if (find.step() != SQLITE_ROW) {
            find.reset();
            continue; // gone, or an analyst labelled it meanwhile: theirs stands
        }
        const qint64 minute = find.int64(0) / 60000;
        const QString source = find.text(1);
        const QString previous = find.isNull(2) ? QStringLiteral("") : find.text(2);
        find.reset();
        update.bind(1, r.id);
        if (r.label == Sentiment::Unknown) {
            update.bindNull(2);
            update.bindNull(3);
        } else {
            update.bind(2, sentimentName(r.label));
            update.bind(3, r.score);
        }
        if (update.step() != SQLITE_DONE) {
            if (error)
                *error = db.lastError();
            return false;
        }
        update.reset();
        const QString label = sentimentName(r.label);
        if (!moveMinute(db, minute, source, previous, label, error))
            return false;
        if (changed && previous != label)
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
