#include "livepanel.h"

namespace warroom {

void LivePanel::markDirty() {
    m_dirty = true;
    if (isVisible()) {
        m_dirty = false;
        reload();
    }
}

void LivePanel::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_dirty) {
        m_dirty = false;
        reload();
    }
}

} // namespace warroom
