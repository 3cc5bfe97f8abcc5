#include "livepanel.h"

#include <QEvent>

namespace warroom {

void LivePanel::markDirty() {
    m_dirty = true;
    // Hidden (closed, a tab behind another) or minimised: nobody sees it, nothing to redraw.
    if (isVisible() && !window()->isMinimized()) {
        m_dirty = false;
        reload();
    }
}

void LivePanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    // A panel that is a window of its own (the wall): restored from minimised, it catches up.
    if (event->type() == QEvent::WindowStateChange && isWindow() && m_dirty)
        markDirty();
}

void LivePanel::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_dirty) {
        m_dirty = false;
        reload();
    }
}

} // namespace warroom
