#pragma once

#include "domain/mention.h"
#include "sentimentscorer.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <memory>

// Sentiment that learns from the analysts' corrections: multinomial logistic regression over
// hashed character n-grams (1-4, so it reads any script: Arabic, Devanagari, Han, Armenian...),
// word uni/bigrams and the lexicon scorer's verdict as extra features (so where a lexicon exists
// the model learns how far to trust it). One model per language with enough examples, plus one
// model over all examples for languages with too few.
//
// Threads: train() builds the model (run it on a worker); after that the learner is immutable
// and predict() may be called from any number of threads. Copies share the trained model.
namespace warroom {

struct LabelledExample {
    QString text;
    QString language;                     // ISO code as stored (mentions.lang), may be empty
    Sentiment label = Sentiment::Unknown; // examples with Unknown are ignored
};

struct LearnedPrediction {
    Sentiment label = Sentiment::Unknown;  // Unknown: no model for this text
    double probability = 0;                // of `label`
    std::array<double, 3> probabilities{}; // negative, neutral, positive
    int examples = 0;                      // training examples of the model that answered
    bool languageModel = false;            // true: the text's language model; false: the global one
    double score = 0;                      // P(positive) - P(negative), in [-1, 1]
};

class SentimentLearner final {
public:
    struct Options {
        int minLanguageExamples = 60; // a language model needs this many examples...
        int minClassExamples = 5;     // ...and this many of each class
        int epochs = 12;              // UMSAB val: 12 epochs at 0.03 (chosen on val, not test)
        double learningRate = 0.03;   // Adagrad
        double l2 = 1e-6;
        bool lexiconFeatures = true;
        // Where a language model exists, its probabilities are mixed with the global model's
        // with this weight on the global one (the global model has seen every language's
        // emoji, slang and code-switching; UMSAB: 0.5 beats either alone).
        double globalWeight = 0.5;
    };

    SentimentLearner();
    explicit SentimentLearner(Options options);
    ~SentimentLearner();
    SentimentLearner(const SentimentLearner &) = default;
    SentimentLearner &operator=(const SentimentLearner &) = default;

    // Replaces any previous model. Deterministic for the same examples (fixed shuffle seed).
    void train(const QList<LabelledExample> &examples);

    [[nodiscard]] LearnedPrediction predict(QStringView text, QStringView language) const;
    [[nodiscard]] bool isTrained() const;
    // Examples the model for `language` was trained on (0: it falls back to the global model).
    [[nodiscard]] int languageExamples(QStringView language) const;
    [[nodiscard]] int totalExamples() const;
    [[nodiscard]] QStringList languages() const; // languages with their own model, sorted

    // The hashed features of a text (exposed for tests and the benchmark).
    [[nodiscard]] static QList<quint32> features(QStringView text);

    struct Model;  // implementation detail (sentimentlearner.cpp)
    struct Models; // implementation detail

private:
    Options m_options;
    SentimentScorer m_lexicon;
    std::shared_ptr<const Models> m_models;
};

// How the ingest label (lexicon) and the learned model are combined for one mention that no
// analyst has labelled. The rule, in order:
//  1. no learned prediction (no model)                      -> the lexicon result as it is;
//  2. the lexicon has no lexicon for the language (Unknown)  -> the learned label, when its
//     model has >= minExamples examples and probability >= minProbabilityNoLexicon; else Unknown;
//  3. both exist: the learned label overrides when its model has >= minExamples examples and
//     probability >= minProbabilityOverride (the model already saw the lexicon's verdict as a
//     feature, so overriding is learned, not blind); else the lexicon's.
struct SentimentBlend {
    int minExamples = 60;
    double minProbabilityNoLexicon = 0.0;
    double minProbabilityOverride = 0.0;

    struct Result {
        Sentiment label = Sentiment::Unknown;
        double score = 0;
        bool learned = false; // the learned model decided
    };
    [[nodiscard]] Result combine(const SentimentResult &lexicon,
                                 const LearnedPrediction &learned) const;
};

} // namespace warroom
