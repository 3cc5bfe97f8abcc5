#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace warroom {

// Server-sent events (text/event-stream) with bounded memory: feed bytes as they arrive, take
// complete events out. A line longer than maxLineBytes (a stream that never ends a line) is an
// error; the parser then stays failed. No thread affinity.
class SseParser final {
public:
    struct Event {
        QString event; // "message" when the stream gave no event: line
        QByteArray data;
    };
    explicit SseParser(qsizetype maxLineBytes = 1024 * 1024)
        : m_maxLine(maxLineBytes) {}

    // Returns false once the stream broke a limit (see error()).
    bool feed(const QByteArray &bytes);
    [[nodiscard]] QList<Event> takeEvents();
    [[nodiscard]] int heartbeats() const { return m_heartbeats; } // comment lines seen
    [[nodiscard]] QString error() const { return m_error; }

private:
    void line(QByteArrayView l);
    qsizetype m_maxLine;
    QByteArray m_buffer;
    QString m_event;
    QByteArray m_data;
    bool m_hasData = false;
    QList<Event> m_ready;
    int m_heartbeats = 0;
    QString m_error;
};

} // namespace warroom
