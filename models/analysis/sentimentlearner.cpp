#include "sentimentlearner.h"

#include "socialtext.h"

#include <QHash>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace warroom {

namespace {

constexpr int kClasses = 3; // negative, neutral, positive

int classOf(Sentiment s) {
    switch (s) {
    case Sentiment::Negative:
        return 0;
    case Sentiment::Neutral:
        return 1;
    case Sentiment::Positive:
        return 2;
    case Sentiment::Unknown:
        break;
    }
    return -1;
}

constexpr std::array<Sentiment, 3> kLabels = {Sentiment::Negative, Sentiment::Neutral,
                                              Sentiment::Positive};

quint32 fnv(const QChar *data, qsizetype n, quint32 seed) {
    quint32 h = 2166136261u ^ seed;
    for (qsizetype i = 0; i < n; ++i) {
        h ^= data[i].unicode();
        h *= 16777619u;
    }
    // Final avalanche (murmur3 fmix) so nearby inputs spread over the table.
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

// Lower case, links and handles replaced by one placeholder each, digits folded to 0, runs of
// one character cut to three ("soooooo" -> "sooo"), single spaces, padded with a space.
QString normalise(QStringView raw) {
    const QString text = socialtext::decodeHtmlEntities(raw);
    QString out;
    out.reserve(text.size() + 2);
    out.append(u' ');
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && text.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        qsizetype j = i;
        while (j < n && !text.at(j).isSpace())
            ++j;
        const QStringView token = QStringView(text).mid(i, j - i);
        if (socialtext::isUrlToken(token)) {
            out.append(QStringLiteral("\x01 "));
        } else if (socialtext::isHandleToken(token)) {
            out.append(QStringLiteral("\x02 "));
        } else {
            QChar last;
            int run = 0;
            for (QChar c : token) {
                c = c.isDigit() ? QChar(u'0') : c.toLower();
                run = c == last ? run + 1 : 1;
                last = c;
                if (run <= 3)
                    out.append(c);
            }
            out.append(u' ');
        }
        i = j;
    }
    if (out.size() == 1)
        out.append(u' ');
    return out;
}

bool isWordChar(QChar c) {
    return c.isLetterOrNumber() || c.isMark() || c == u'\'' || c == u'#';
}

struct FeatureVector {
    std::vector<quint32> keys;
    std::vector<float> values;
};

void textFeatures(QStringView raw, std::vector<quint32> *keys) {
    const QString s = normalise(raw);
    const QChar *d = s.constData();
    const qsizetype n = s.size();
    // Character n-grams, 1..4 (over UTF-16 units: emoji become their surrogate pairs).
    for (int len = 1; len <= 4; ++len) {
        for (qsizetype i = 0; i + len <= n; ++i) {
            if (len == 1 && d[i] == u' ')
                continue;
            keys->push_back(fnv(d + i, len, quint32(len)));
        }
    }
    // Words (letters, digits, marks, apostrophes, '#') and word bigrams.
    quint32 previous = 0;
    bool havePrevious = false;
    qsizetype i = 0;
    while (i < n) {
        while (i < n && !isWordChar(d[i]))
            ++i;
        if (i >= n)
            break;
        qsizetype j = i;
        while (j < n && isWordChar(d[j]))
            ++j;
        const quint32 w = fnv(d + i, j - i, 101u);
        keys->push_back(w);
        if (havePrevious)
            keys->push_back((previous * 31u) ^ (w * 0x9e3779b1u) ^ 0x5bd1e995u);
        previous = w;
        havePrevious = true;
        i = j;
    }
}

quint32 tagKey(const char *tag) {
    const QString s = QString::fromLatin1(tag);
    return fnv(s.constData(), s.size(), 7u);
}

} // namespace

// One softmax model: vocabulary (hashed feature -> row) and 3 weights per row, plus biases.
struct SentimentLearner::Model {
    QHash<quint32, int> vocabulary;
    std::vector<float> weights; // row * 3 + class
    std::array<float, 3> bias{};
    int examples = 0;

    void probabilities(const FeatureVector &f, std::array<double, 3> *p) const {
        std::array<double, 3> z = {bias[0], bias[1], bias[2]};
        for (size_t k = 0; k < f.keys.size(); ++k) {
            const auto it = vocabulary.constFind(f.keys[k]);
            if (it == vocabulary.cend())
                continue;
            const float *w = weights.data() + size_t(*it) * 3;
            for (int c = 0; c < kClasses; ++c)
                z[c] += double(w[c]) * f.values[k];
        }
        const double m = std::max({z[0], z[1], z[2]});
        double sum = 0;
        for (int c = 0; c < kClasses; ++c) {
            (*p)[c] = std::exp(z[c] - m);
            sum += (*p)[c];
        }
        for (int c = 0; c < kClasses; ++c)
            (*p)[c] /= sum;
    }
};

struct SentimentLearner::Models {
    QHash<QString, Model> byLanguage;
    Model global;
    int total = 0;
};

namespace {

struct TrainingRow {
    FeatureVector features;
    int label = 0;
    QString language;
};

QString languageKey(QStringView language) {
    return language.toString().section(u'-', 0, 0).toLower();
}

} // namespace

SentimentLearner::SentimentLearner() = default;
SentimentLearner::SentimentLearner(Options options)
    : m_options(options) {}
SentimentLearner::~SentimentLearner() = default;

QList<quint32> SentimentLearner::features(QStringView text) {
    std::vector<quint32> keys;
    textFeatures(text, &keys);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return QList<quint32>(keys.begin(), keys.end());
}

namespace {

FeatureVector buildFeatures(QStringView text, QStringView language, const SentimentScorer &lexicon,
                            bool lexiconFeatures) {
    FeatureVector f;
    textFeatures(text, &f.keys);
    std::sort(f.keys.begin(), f.keys.end());
    f.keys.erase(std::unique(f.keys.begin(), f.keys.end()), f.keys.end());
    // Binary features scaled to unit length: long posts do not shout down short ones.
    const float v = f.keys.empty() ? 0.0f : float(1.0 / std::sqrt(double(f.keys.size())));
    f.values.assign(f.keys.size(), v);
    if (lexiconFeatures) {
        const SentimentResult r = lexicon.score(text, language);
        if (r.lexiconAvailable) {
            const char *tag = r.label == Sentiment::Negative   ? "lex:negative"
                              : r.label == Sentiment::Positive ? "lex:positive"
                              : r.sentimentTerms == 0          ? "lex:none"
                                                               : "lex:balanced";
            f.keys.push_back(tagKey(tag));
            f.values.push_back(1.0f);
            f.keys.push_back(tagKey("lex:score"));
            f.values.push_back(float(r.score));
        }
    }
    return f;
}

SentimentLearner::Model trainModel(const std::vector<const TrainingRow *> &rows,
                                   const SentimentLearner::Options &o) {
    SentimentLearner::Model m;
    m.examples = int(rows.size());
    for (const TrainingRow *r : rows)
        for (quint32 k : r->features.keys)
            if (!m.vocabulary.contains(k))
                m.vocabulary.insert(k, int(m.vocabulary.size()));
    const size_t v = size_t(m.vocabulary.size());
    m.weights.assign(v * 3, 0.0f);
    std::vector<float> g2(v * 3, 1e-6f);
    std::array<float, 3> b2{1e-6f, 1e-6f, 1e-6f};
    // Rows as vocabulary indices once, not a hash lookup per epoch.
    std::vector<std::vector<int>> index(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        for (quint32 k : rows[i]->features.keys)
            index[i].push_back(m.vocabulary.value(k));
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::mt19937 rng(20260314u);
    const float lr = float(o.learningRate);
    const float l2 = float(o.l2);
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        for (size_t i : order) {
            const FeatureVector &f = rows[i]->features;
            const std::vector<int> &idx = index[i];
            std::array<double, 3> z = {m.bias[0], m.bias[1], m.bias[2]};
            for (size_t k = 0; k < idx.size(); ++k)
                for (int c = 0; c < kClasses; ++c)
                    z[c] += double(m.weights[size_t(idx[k]) * 3 + c]) * f.values[k];
            const double mx = std::max({z[0], z[1], z[2]});
            double sum = 0;
            for (int c = 0; c < kClasses; ++c) {
                z[c] = std::exp(z[c] - mx);
                sum += z[c];
            }
            for (int c = 0; c < kClasses; ++c) {
                const float g = float(z[c] / sum - (c == rows[i]->label ? 1.0 : 0.0));
                for (size_t k = 0; k < idx.size(); ++k) {
                    float &w = m.weights[size_t(idx[k]) * 3 + c];
                    float &acc = g2[size_t(idx[k]) * 3 + c];
                    const float grad = g * f.values[k] + l2 * w;
                    acc += grad * grad;
                    w -= lr * grad / std::sqrt(acc);
                }
                b2[c] += g * g;
                m.bias[c] -= lr * g / std::sqrt(b2[c]);
            }
        }
    }
    return m;
}

} // namespace

void SentimentLearner::train(const QList<LabelledExample> &examples) {
    std::vector<TrainingRow> rows;
    rows.reserve(size_t(examples.size()));
    for (const LabelledExample &e : examples) {
        const int c = classOf(e.label);
        if (c < 0)
            continue;
        TrainingRow r;
        r.language = languageKey(e.language);
        r.features = buildFeatures(e.text, r.language, m_lexicon, m_options.lexiconFeatures);
        r.label = c;
        rows.push_back(std::move(r));
    }
    auto models = std::make_shared<Models>();
    models->total = int(rows.size());
    if (rows.empty()) {
        m_models.reset();
        return;
    }
    std::vector<const TrainingRow *> all;
    QMap<QString, std::vector<const TrainingRow *>> byLanguage;
    for (const TrainingRow &r : rows) {
        all.push_back(&r);
        if (!r.language.isEmpty())
            byLanguage[r.language].push_back(&r);
    }
    models->global = trainModel(all, m_options);
    for (auto it = byLanguage.cbegin(); it != byLanguage.cend(); ++it) {
        if (int(it->size()) < m_options.minLanguageExamples)
            continue;
        std::array<int, 3> perClass{};
        for (const TrainingRow *r : *it)
            ++perClass[size_t(r->label)];
        const int classesSeen = int(std::count_if(perClass.begin(), perClass.end(), [&](int n) {
            return n >= m_options.minClassExamples;
        }));
        if (classesSeen < 2)
            continue;
        models->byLanguage.insert(it.key(), trainModel(*it, m_options));
    }
    m_models = std::move(models);
}

LearnedPrediction SentimentLearner::predict(QStringView text, QStringView language) const {
    LearnedPrediction p;
    if (!m_models)
        return p;
    const QString key = languageKey(language);
    const auto it = m_models->byLanguage.constFind(key);
    const Model &model = it != m_models->byLanguage.cend() ? *it : m_models->global;
    p.languageModel = it != m_models->byLanguage.cend();
    p.examples = model.examples;
    const FeatureVector f = buildFeatures(text, key, m_lexicon, m_options.lexiconFeatures);
    model.probabilities(f, &p.probabilities);
    if (p.languageModel && m_options.globalWeight > 0) {
        std::array<double, 3> g{};
        m_models->global.probabilities(f, &g);
        const double w = std::clamp(m_options.globalWeight, 0.0, 1.0);
        for (int c = 0; c < kClasses; ++c)
            p.probabilities[size_t(c)] = (1 - w) * p.probabilities[size_t(c)] + w * g[size_t(c)];
    }
    const auto best = std::max_element(p.probabilities.begin(), p.probabilities.end());
    p.label = kLabels[size_t(best - p.probabilities.begin())];
    p.probability = *best;
    p.score = std::clamp(p.probabilities[2] - p.probabilities[0], -1.0, 1.0);
    return p;
}

bool SentimentLearner::isTrained() const {
    return m_models != nullptr;
}

int SentimentLearner::languageExamples(QStringView language) const {
    if (!m_models)
        return 0;
    const auto it = m_models->byLanguage.constFind(languageKey(language));
    return it == m_models->byLanguage.cend() ? 0 : it->examples;
}

int SentimentLearner::totalExamples() const {
    return m_models ? m_models->total : 0;
}

QStringList SentimentLearner::languages() const {
    QStringList out;
    if (m_models)
        out = m_models->byLanguage.keys();
    out.sort();
    return out;
}

SentimentBlend::Result SentimentBlend::combine(const SentimentResult &lexicon,
                                               const LearnedPrediction &learned) const {
    Result r;
    const bool lexiconKnows = lexicon.lexiconAvailable && lexicon.label != Sentiment::Unknown;
    const bool haveModel = learned.label != Sentiment::Unknown && learned.examples >= minExamples;
    if (!lexiconKnows) {
        if (haveModel && learned.probability >= minProbabilityNoLexicon) {
            r.label = learned.label;
            r.score = learned.score;
            r.learned = true;
        }
        return r;
    }
    if (haveModel && learned.probability >= minProbabilityOverride) {
        r.label = learned.label;
        r.score = learned.score;
        r.learned = true;
        return r;
    }
    r.label = lexicon.label;
    r.score = lexicon.score;
    return r;
}

} // namespace warroom
