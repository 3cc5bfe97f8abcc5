#include "testdata.h"

#include <QDir>
#include <QFileInfo>
#include <QtGlobal>

namespace warroom::test {

static QString sharedRoot() {
    const QString env = qEnvironmentVariable("WARROOM_SHARED_DIR");
    return QDir::cleanPath(env.isEmpty() ? QStringLiteral("../shared") : env);
}

QString sharedData(const QString &relative) {
    const QString path = sharedRoot() + QStringLiteral("/data/") + relative;
    if (!QFileInfo::exists(path))
        qFatal("test data missing: %s (set WARROOM_SHARED_DIR)", qPrintable(path));
    return path;
}

QString seedsDir() {
    return sharedRoot() + QStringLiteral("/seeds");
}

QString sourceFile(const QString &relative) {
    return QDir::cleanPath(qEnvironmentVariable("WARROOM_SOURCE_DIR") + QLatin1Char('/') +
                           relative);
}

} // namespace warroom::test
