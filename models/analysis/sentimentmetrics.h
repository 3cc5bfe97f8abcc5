#pragma once

#include "domain/mention.h"

#include <QList>

#include <array>

// Precision / recall / F1 per class and macro-F1 of sentiment labels against gold labels (for
// `warroom eval`, the tests and the benchmarks). Pure; safe from any thread.
namespace warroom {

struct SentimentScores {
    struct Class {
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        int support = 0;
    };
    std::array<Class, 3> classes; // negative, neutral, positive
    double macroF1 = 0;
    double accuracy = 0;
    int total = 0;
    int unknown = 0; // predictions that were Unknown (counted as wrong)

    // gold and predicted aligned; gold Unknown rows are skipped.
    static SentimentScores compute(const QList<Sentiment> &gold,
                                   const QList<Sentiment> &predicted) {
        SentimentScores e;
        auto index = [](Sentiment s) {
            return s == Sentiment::Negative   ? 0
                   : s == Sentiment::Neutral  ? 1
                   : s == Sentiment::Positive ? 2
                                              : -1;
        };
        std::array<int, 3> tp{}, fp{}, fn{};
        int correct = 0;
        for (qsizetype i = 0; i < gold.size() && i < predicted.size(); ++i) {
            const int g = index(gold.at(i));
            const int p = index(predicted.at(i));
            if (g < 0)
                continue;
            ++e.total;
            ++e.classes[size_t(g)].support;
            if (p < 0)
                ++e.unknown;
            if (p == g) {
                ++tp[size_t(g)];
                ++correct;
            } else {
                ++fn[size_t(g)];
                if (p >= 0)
                    ++fp[size_t(p)];
            }
        }
        double sum = 0;
        for (size_t c = 0; c < 3; ++c) {
            Class &s = e.classes[c];
            s.precision = tp[c] + fp[c] ? double(tp[c]) / (tp[c] + fp[c]) : 0.0;
            s.recall = tp[c] + fn[c] ? double(tp[c]) / (tp[c] + fn[c]) : 0.0;
            s.f1 = s.precision + s.recall > 0
                       ? 2 * s.precision * s.recall / (s.precision + s.recall)
                       : 0.0;
            sum += s.f1;
        }
        e.macroF1 = sum / 3;
        e.accuracy = e.total ? double(correct) / e.total : 0.0;
        return e;
    }
};

} // namespace warroom
