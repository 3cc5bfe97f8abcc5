#include "mastodon/sseparser.h"

namespace warroom {

bool SseParser::feed(const QByteArray &bytes) {
    if (!m_error.isEmpty())
        return false;
    m_buffer += bytes;
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = m_buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        qsizetype end = nl;
        if (end > start && m_buffer.at(end - 1) == '\r')
            --end;
        if (end - start > m_maxLine) {
            m_error = QStringLiteral("a stream line exceeded %1 bytes").arg(m_maxLine);
            m_buffer.clear();
            return false;
        }
        line(QByteArrayView(m_buffer).sliced(start, end - start));
        start = nl + 1;
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > m_maxLine) {
        m_error =
            QStringLiteral("the stream sent %1 bytes without ending a line").arg(m_buffer.size());
        m_buffer.clear();
        return false;
    }
    if (m_data.size() > 4 * m_maxLine) {
        m_error = QStringLiteral("a stream event exceeded %1 bytes").arg(4 * m_maxLine);
        return false;
    }
    return true;
}

void SseParser::line(QByteArrayView l) {
    if (l.isEmpty()) {
        if (m_hasData || !m_event.isEmpty()) {
            if (m_hasData)
                m_ready.append({m_event.isEmpty() ? QStringLiteral("message") : m_event, m_data});
            m_event.clear();
            m_data.clear();
            m_hasData = false;
        }
        return;
    }
    if (l.startsWith(':')) {
        ++m_heartbeats;
        return;
    }
    const qsizetype colon = l.indexOf(':');
    QByteArrayView field = colon < 0 ? l : l.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : l.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "event") {
        m_event = QString::fromUtf8(value);
    } else if (field == "data") {
        if (m_hasData)
            m_data += '\n';
        m_data += value;
        m_hasData = true;
    }
}

QList<SseParser::Event> SseParser::takeEvents() {
    QList<Event> out;
    out.swap(m_ready);
    return out;
}

} // namespace warroom
