#include "storewriter.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>

namespace warroom {

StoreWriter::StoreWriter(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<warroom::MentionBatch>();
    qRegisterMetaType<warroom::WriteResult>();
    qRegisterMetaType<warroom::MentionStatus>();
    qRegisterMetaType<warroom::AuthorUpdate>();
    qRegisterMetaType<warroom::Sentiment>();
}

void StoreWriter::open() {
    QString error;
    const bool ok = m_writer.open(m_path, &error);
    Q_EMIT opened(ok, error);
}

void StoreWriter::submit(const MentionBatch &batch) {
    if (!m_writer.isOpen()) {
        Q_EMIT failed(
            tr("The store is not open; %n mention(s) were not saved.", nullptr, int(batch.size())));
        return;
    }
    const WriteResult result = m_writer.write(batch);
    if (!result.ok())
        Q_EMIT failed(result.error);
    afterCommit(batch, result);
    Q_EMIT committed(result);
}

void StoreWriter::afterCommit(const MentionBatch &batch, const WriteResult &result) {
    if (m_afterCommit && result.ok() && result.inserted > 0)
        m_afterCommit(m_writer.connection(), batch);
    // New mentions are indexed for search within the writer's lag even when no batch follows
    // (until then the reader scans them).
    if (m_writer.hasPendingIndex() && !m_indexScheduled) {
        m_indexScheduled = true;
        const qint64 due = m_writer.maxIndexLagMs() - m_writer.pendingIndexAgeMs();
        QTimer::singleShot(int(std::max<qint64>(0, due)), this, [this] {
            m_indexScheduled = false;
            QString why;
            if (!m_writer.flushIndex(&why))
                Q_EMIT failed(tr("Could not index the new mentions for search: %1").arg(why));
        });
    }
}

void StoreWriter::submitFrom(const MentionBatch &batch, const QList<MentionChange> &changes,
                             const ConnectorCheckpoint &checkpoint) {
    if (!m_writer.isOpen()) {
        Q_EMIT failed(
            tr("The store is not open; %n mention(s) were not saved.", nullptr, int(batch.size())));
        return;
    }
    const WriteResult result = m_writer.write(batch, changes, checkpoint);
    if (!result.ok())
        Q_EMIT failed(result.error);
    afterCommit(batch, result);
    Q_EMIT committed(result);
}

WriteResult StoreWriter::writeNow(const MentionBatch &batch) {
    WriteResult result;
    if (!m_writer.isOpen()) {
        result.error = tr("the store is not open");
        return result;
    }
    result = m_writer.write(batch);
    if (!result.ok())
        Q_EMIT failed(result.error);
    afterCommit(batch, result);
    Q_EMIT committed(result);
    return result;
}

void StoreWriter::setStatus(const QList<qint64> &ids, MentionStatus status) {
    QString error;
    if (!m_writer.setStatus(ids, status, &error)) {
        Q_EMIT failed(tr("Could not change the status: %1").arg(error));
        return;
    }
    WriteResult changed;
    Q_EMIT committed(changed);
}

bool StoreWriter::transaction(const QString &what, const std::function<bool(QString *)> &body) {
    if (!m_writer.isOpen()) {
        Q_EMIT failed(tr("%1: the store is not open").arg(what));
        return false;
    }
    sql::Connection &db = m_writer.connection();
    QString why;
    if (!db.exec("BEGIN IMMEDIATE", &why)) {
        Q_EMIT failed(tr("%1: %2").arg(what, why));
        return false;
    }
    if (body(&why) && db.exec("COMMIT", &why)) {
        Q_EMIT committed(WriteResult{});
        return true;
    }
    if (why.isEmpty())
        why = db.lastError();
    db.exec("ROLLBACK");
    Q_EMIT failed(tr("%1: %2").arg(what, why));
    return false;
}

namespace {

void bindOptional(sql::Statement &st, int index, const std::optional<bool> &value) {
    if (value)
        st.bind(index, qint64(*value));
    else
        st.bindNull(index);
}

bool stepDone(sql::Statement &st, sql::Connection &db, QString *error) {
    if (st.step() == SQLITE_DONE)
        return true;
    *error = db.lastError();
    return false;
}

} // namespace

bool applyAuthorUpdate(sql::Connection &db, const AuthorUpdate &update, QString *error) {
    static const QStringList stances = {QStringLiteral("unknown"), QStringLiteral("against"),
                                        QStringLiteral("neutral"), QStringLiteral("for")};
    if (update.stance && !stances.contains(*update.stance)) {
        *error =
            QCoreApplication::translate("warroom::StoreWriter", "unknown stance \u201C%1\u201D")
                .arg(*update.stance);
        return false;
    }
    if (update.createSeenMs > 0) {
        sql::Statement create = db.prepare(
            "INSERT INTO authors(source, handle, first_seen, last_seen) VALUES (?1, ?2, ?3, "
            "?3) ON CONFLICT(source, handle) DO NOTHING",
            error);
        if (!create.isValid())
            return false;
        create.bind(1, update.source);
        create.bind(2, update.handle);
        create.bind(3, update.createSeenMs);
        if (!stepDone(create, db, error))
            return false;
    }
    sql::Statement st = db.prepare(R"sql(
UPDATE authors SET
stance = coalesce(?3, stance),
stance_by_analyst = CASE WHEN ?3 IS NULL THEN stance_by_analyst ELSE 1 END,
journalist = coalesce(?4, journalist),
opinion_leader = coalesce(?5, opinion_leader),
brand = coalesce(?6, brand),
watchlist = coalesce(?7, watchlist)
WHERE source = ?1 AND handle = ?2)sql",
                                   error);
    if (!st.isValid())
        return false;
    st.bind(1, update.source);
    st.bind(2, update.handle);
    if (update.stance)
        st.bind(3, *update.stance);
    else
        st.bindNull(3);
    bindOptional(st, 4, update.journalist);
    bindOptional(st, 5, update.opinionLeader);
    bindOptional(st, 6, update.brand);
    bindOptional(st, 7, update.watchlist);
    if (!stepDone(st, db, error))
        return false;
    if (sqlite3_changes(db.handle()) == 0) {
        *error = QCoreApplication::translate("warroom::StoreWriter", "no such author");
        return false;
    }
    return true;
}

void StoreWriter::updateAuthor(const AuthorUpdate &update) {
    transaction(tr("Could not update @%1").arg(update.handle), [&](QString *error) {
        return applyAuthorUpdate(m_writer.connection(), update, error);
    });
}

void StoreWriter::correctSentiment(const QList<qint64> &ids, Sentiment sentiment) {
    if (sentiment == Sentiment::Unknown)
        return;
    transaction(tr("Could not correct the sentiment"), [&](QString *error) {
        // The analyst's label with the score `warroom label` gives it (-1, 0, 1); the per-minute
        // and per-author counts move with it (MentionWriter::updateSentiment).
        const double score = sentiment == Sentiment::Negative   ? -1.0
                             : sentiment == Sentiment::Positive ? 1.0
                                                                : 0.0;
        for (qint64 id : ids) {
            SentimentUpdateResult moved;
            if (!m_writer.updateSentiment({id, sentiment, score, true}, &moved, error))
                return false; // an id that is gone is skipped (moved.found false), not an error
        }
        return true;
    });
}

void StoreWriter::declareIncident(const QString &name, const QDateTime &startedAt,
                                  const QString &by) {
    transaction(tr("Could not declare the incident"), [&](QString *error) {
        sql::Connection &db = m_writer.connection();
        if (db.scalar("SELECT count(*) FROM incidents WHERE closed_at IS NULL") > 0) {
            *error = tr("an incident is already open; close it first");
            return false;
        }
        if (name.trimmed().isEmpty() || !startedAt.isValid()) {
            *error = tr("an incident needs a name and a start time");
            return false;
        }
        sql::Statement st = db.prepare("INSERT INTO incidents(name, started_at, declared_at, "
                                       "declared_by) VALUES (?1, ?2, ?3, ?4)",
                                       error);
        if (!st.isValid())
            return false;
        st.bind(1, name.trimmed());
        st.bind(2, startedAt.toMSecsSinceEpoch());
        st.bind(3, QDateTime::currentMSecsSinceEpoch());
        st.bind(4, by.isEmpty() ? QString() : by);
        return stepDone(st, db, error);
    });
}

void StoreWriter::closeIncident(qint64 id, const QDateTime &closedAt) {
    transaction(tr("Could not close the incident"), [&](QString *error) {
        sql::Connection &db = m_writer.connection();
        sql::Statement st = db.prepare(
            "UPDATE incidents SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL", error);
        if (!st.isValid())
            return false;
        st.bind(1, id);
        st.bind(2, closedAt.toMSecsSinceEpoch());
        return stepDone(st, db, error);
    });
}

void StoreWriter::acknowledgeAlert(qint64 id, const QString &owner, const QDateTime &at) {
    transaction(tr("Could not acknowledge the alert"), [&](QString *error) {
        sql::Connection &db = m_writer.connection();
        if (owner.trimmed().isEmpty()) {
            *error = tr("an acknowledgement needs an owner");
            return false;
        }
        sql::Statement st = db.prepare("UPDATE alerts SET acked_by = ?2, acked_at = ?3 "
                                       "WHERE id = ?1 AND acked_at IS NULL",
                                       error);
        if (!st.isValid())
            return false;
        st.bind(1, id);
        st.bind(2, owner.trimmed());
        st.bind(3, at.toMSecsSinceEpoch());
        return stepDone(st, db, error);
    });
}

WriterThread::WriterThread(const QString &path, QObject *parent)
    : QObject(parent)
    , m_writer(new StoreWriter(path)) {
    m_thread.setObjectName(QStringLiteral("store-writer"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
}

WriterThread::~WriterThread() {
    m_thread.quit();
    m_thread.wait(); // the writer finishes its current batch: nothing half-written
}

void WriterThread::start() {
    m_thread.start();
    QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::QueuedConnection);
}

void WriterThread::submit(const MentionBatch &batch) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, batch] { w->submit(batch); }, Qt::QueuedConnection);
}

void WriterThread::setStatus(const QList<qint64> &ids, MentionStatus status) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, ids, status] { w->setStatus(ids, status); }, Qt::QueuedConnection);
}

void WriterThread::updateAuthor(const AuthorUpdate &update) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, update] { w->updateAuthor(update); }, Qt::QueuedConnection);
}

void WriterThread::correctSentiment(const QList<qint64> &ids, Sentiment sentiment) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, ids, sentiment] { w->correctSentiment(ids, sentiment); },
        Qt::QueuedConnection);
}

void WriterThread::declareIncident(const QString &name, const QDateTime &startedAt,
                                   const QString &by) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, name, startedAt, by] { w->declareIncident(name, startedAt, by); },
        Qt::QueuedConnection);
}

void WriterThread::closeIncident(qint64 id, const QDateTime &closedAt) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, id, closedAt] { w->closeIncident(id, closedAt); },
        Qt::QueuedConnection);
}

void WriterThread::acknowledgeAlert(qint64 id, const QString &owner, const QDateTime &at) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, id, owner, at] { w->acknowledgeAlert(id, owner, at); },
        Qt::QueuedConnection);
}

WriteResult WriterThread::writeFromWorker(const MentionBatch &batch) {
    Q_ASSERT(QThread::currentThread() != thread());
    WriteResult result;
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, &batch] { return w->writeNow(batch); },
        Qt::BlockingQueuedConnection, &result);
    return result;
}

} // namespace warroom
