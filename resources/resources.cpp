// Anchors the resource library (the drill scenario is added by qt_add_resources).
namespace warroom {
int resourcesAnchor() {
    return 0;
}
} // namespace warroom
