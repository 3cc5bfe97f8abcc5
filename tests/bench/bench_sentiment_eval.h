#pragma once

#include "domain/mention.h"

#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <utility>

// Reading the labelled corpora in ../shared/data and scoring a classifier against them. Shared by
// tst_sentiment (which asserts floors) and bench_sentiment (which prints the figures).
namespace warroom::bench {

// RFC 4180: fields separated by ',', optionally quoted with '"', '""' escapes a quote, quoted
// fields may hold commas and line breaks. Returns the rows, header included.
inline QList<QStringList> readCsv(const QString &path, bool *ok = nullptr) {
    QList<QStringList> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (ok)
            *ok = false;
        return rows;
    }
    const QString data = QString::fromUtf8(file.readAll());
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    const qsizetype n = data.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = data.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && data.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field.append(c);
            }
        } else if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            row.append(std::exchange(field, QString()));
            fieldStarted = false;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < n && data.at(i + 1) == u'\n')
                ++i;
            row.append(std::exchange(field, QString()));
            rows.append(std::exchange(row, QStringList()));
            fieldStarted = false;
        } else {
            field.append(c);
            fieldStarted = true;
        }
    }
    if (fieldStarted || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    if (ok)
        *ok = true;
    return rows;
}

struct LabelledText {
    QString text;
    Sentiment gold = Sentiment::Unknown;
};

// airline-tweets/Tweets.csv: columns airline_sentiment ("negative"/"neutral"/"positive") and text.
inline QList<LabelledText> loadAirlineTweets(const QString &path) {
    QList<LabelledText> out;
    const QList<QStringList> rows = readCsv(path);
    if (rows.isEmpty())
        return out;
    const qsizetype labelCol = rows.first().indexOf(QStringLiteral("airline_sentiment"));
    const qsizetype textCol = rows.first().indexOf(QStringLiteral("text"));
    if (labelCol < 0 || textCol < 0)
        return out;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows.at(r);
        if (row.size() <= std::max(labelCol, textCol))
            continue;
        bool ok = false;
        const Sentiment gold = sentimentFromName(row.at(labelCol), &ok);
        if (ok && gold != Sentiment::Unknown)
            out.append({row.at(textCol), gold});
    }
    return out;
}

inline QStringList readLines(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString all = QString::fromUtf8(file.readAll());
    all.remove(u'\r');
    return all.split(u'\n');
}

// umsab-multilingual-tweets/<language>/<split>_{text,labels}.txt: 0 negative, 1 neutral, 2
// positive.
inline QList<LabelledText> loadUmsab(const QString &languageDir, const QString &split) {
    QList<LabelledText> out;
    const QStringList texts = readLines(languageDir + u'/' + split + QStringLiteral("_text.txt"));
    const QStringList labels =
        readLines(languageDir + u'/' + split + QStringLiteral("_labels.txt"));
    if (texts.size() != labels.size())
        return out;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QString label = labels.at(i).trimmed();
        const Sentiment gold = label == u"0"   ? Sentiment::Negative
                               : label == u"1" ? Sentiment::Neutral
                               : label == u"2" ? Sentiment::Positive
                                               : Sentiment::Unknown;
        if (gold != Sentiment::Unknown)
            out.append({texts.at(i), gold});
    }
    return out;
}

// vader/tweets_GroundTruth.txt: id <TAB> mean human rating (-4..+4) <TAB> text.
inline QList<std::pair<double, QString>> loadVaderGroundTruth(const QString &path) {
    QList<std::pair<double, QString>> out;
    for (const QString &line : readLines(path)) {
        const QStringList f = line.split(u'\t');
        if (f.size() < 3)
            continue;
        bool ok = false;
        const double rating = f.at(1).toDouble(&ok);
        if (ok)
            out.append({rating, f.mid(2).join(u'\t')});
    }
    return out;
}

struct ClassScore {
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    int support = 0;
};

struct Evaluation {
    std::array<ClassScore, 3> classes; // Negative, Neutral, Positive
    double macroF1 = 0;
    double accuracy = 0;
    int total = 0;
    int unknown = 0; // predictions that were Unknown (counted as wrong)
};

inline int classIndex(Sentiment s) {
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

inline Evaluation evaluate(const QList<Sentiment> &gold, const QList<Sentiment> &predicted) {
    Evaluation e;
    std::array<int, 3> tp{}, fp{}, fn{};
    int correct = 0;
    for (qsizetype i = 0; i < gold.size() && i < predicted.size(); ++i) {
        const int g = classIndex(gold.at(i));
        const int p = classIndex(predicted.at(i));
        if (g < 0)
            continue;
        ++e.total;
        ++e.classes[g].support;
        if (p < 0)
            ++e.unknown;
        if (p == g) {
            ++tp[g];
            ++correct;
        } else {
            ++fn[g];
            if (p >= 0)
                ++fp[p];
        }
    }
    double sum = 0;
    for (int c = 0; c < 3; ++c) {
        ClassScore &s = e.classes[c];
        s.precision = tp[c] + fp[c] ? double(tp[c]) / (tp[c] + fp[c]) : 0.0;
        s.recall = tp[c] + fn[c] ? double(tp[c]) / (tp[c] + fn[c]) : 0.0;
        s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall)
                                          : 0.0;
        sum += s.f1;
    }
    e.macroF1 = sum / 3.0;
    e.accuracy = e.total ? double(correct) / e.total : 0.0;
    return e;
}

} // namespace warroom::bench
