#pragma once

#include <QWidget>

namespace warroom {

// A panel that follows the store while it changes. The app's coalescing timer calls
// markDirty() (at most every 250 ms); a visible panel reloads, a hidden one (closed, a tab
// behind another, its window minimised) only remembers and reloads when it is shown again (the
// window's owner calls markDirty() again when it is restored). Lives on the GUI thread.
class LivePanel : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    void markDirty();
    [[nodiscard]] bool isDirty() const { return m_dirty; }
    // Reloads now, whatever the visibility (first load, a filter the user just changed).
    virtual void reload() = 0;

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    bool m_dirty = true;
};

} // namespace warroom
