#include "crisisgen.h"

#include <QDateTime>
#include <QFile>

#include <cmath>
#include <random>
#include <vector>

namespace warroom::bench {

namespace {

// Texts in the scripts our users write in; slots make most lines distinct.
const char *const kTemplates[] = {
    "The %1 kettle lid flew open again, batch B25%2, this is dangerous #KettleGate",
    "@OrrinHome why is nobody answering? %2 hours on hold now. Boycott until recall",
    "Honestly my %1 has worked fine for %2 years, wait for the facts people",
    "Lawsuit incoming? Lawyers are already asking owners of batch B25%2 to get in touch",
    "Birika la %1 limeungua jikoni kwangu, watoto walikuwa karibu sana (%2)",
    "Ang takip ng %1 ay bumukas habang kumukulo, batch B25%2 ba sa inyo?",
    "Orrin %1 թեյնիկի կափարիչը բացվեց, խմբաքանակ B25%2, վտանգավոր է",
    "Orrin %1 水壺蓋子突然彈開，批次 B25%2，品牌危機處理得很差",
    "Rappel demandé : la bouilloire %1 du lot B25%2 s'ouvre toute seule 😡",
    "¿Alguien más con la tetera %1 del lote B25%2? Se abrió sola 🔥🔥",
    "Replacement for my %1 arrived in %2 days, decent response from the brand 👍",
    "Just checked: batch B25%2, not affected. Still not buying another %1",
};
const char *const kModels[] = {"Aurora", "Aurora 1.7L", "Nimbus", "Glow", "AK-170", "Fog"};

QByteArray csvField(const QString &value) {
    QByteArray utf8 = value.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

} // namespace

bool writeCrisisCsv(const CrisisSpec &spec, const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = file.errorString();
        return false;
    }
    std::mt19937_64 rng(spec.seed);
    // Zipf(1.1) author activity via a cumulative table.
    std::vector<double> cumulative(size_t(spec.authors));
    double total = 0;
    for (qint64 i = 0; i < spec.authors; ++i) {
        total += 1.0 / std::pow(double(i + 1), 1.1);
        cumulative[size_t(i)] = total;
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // Followers: log-normal, a few huge accounts (the amplifiers).
    std::lognormal_distribution<double> followers(5.0, 2.0);
    std::vector<qint64> authorFollowers(size_t(spec.authors));
    for (auto &f : authorFollowers)
        f = qint64(std::min(followers(rng), 5e6));

    // Time: 20% baseline spread evenly, 80% in a wave (fast rise after the spark, slow decay).
    const qint64 spark = spec.startMs + spec.durationMs / 6;
    std::exponential_distribution<double> decay(1.0 / (double(spec.durationMs) / 5.0));
    std::vector<qint64> times(size_t(spec.mentions));
    for (auto &t : times) {
        if (unit(rng) < 0.2)
            t = spec.startMs + qint64(unit(rng) * double(spec.durationMs));
        else
            t = std::min(spark + qint64(decay(rng)), spec.startMs + spec.durationMs - 1);
    }
    std::sort(times.begin(), times.end());

    QByteArray out = "id,created_at,author_handle,author_followers,text,reposts,likes\n";
    out.reserve(1 << 22);
    std::uniform_int_distribution<int> templ(0, int(std::size(kTemplates)) - 1);
    std::uniform_int_distribution<int> model(0, int(std::size(kModels)) - 1);
    std::uniform_int_distribution<int> number(1, 99);
    for (qint64 i = 0; i < spec.mentions; ++i) {
        const double pick = unit(rng) * total;
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), pick);
        const qint64 author = qint64(it - cumulative.begin());
        const qint64 f = authorFollowers[size_t(author)];
        QString text = QString::fromUtf8(kTemplates[templ(rng)]);
        text.replace(QStringLiteral("%1"), QString::fromLatin1(kModels[model(rng)]));
        text.replace(QStringLiteral("%2"), QString::number(number(rng)));
        const qint64 reposts = f > 100000 ? qint64(unit(rng) * 2000) : qint64(unit(rng) * 3);
        out += "g" + QByteArray::number(i) + ',' +
               QDateTime::fromMSecsSinceEpoch(times[size_t(i)], Qt::UTC)
                   .toString(Qt::ISODateWithMs)
                   .toLatin1() +
               ",user" + QByteArray::number(author) + ',' + QByteArray::number(f) + ',' +
               csvField(text) + ',' + QByteArray::number(reposts) + ',' +
               QByteArray::number(reposts * 3) + '\n';
        if (out.size() > (1 << 22)) {
            if (file.write(out) != out.size()) {
                *error = file.errorString();
                return false;
            }
            out.clear();
        }
    }
    if (file.write(out) != out.size()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace warroom::bench
