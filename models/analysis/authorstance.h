#pragma once

#include <QString>

// Stance of an author towards the brand (against / neutral / for), inferred from the sentiment
// of their mentions unless an analyst has set it. Pure value code: safe from any thread.
namespace warroom {

enum class Stance : int { Unknown = 0, Against, Neutral, For };

[[nodiscard]] QString stanceName(Stance s); // "unknown" | "against" | "neutral" | "for"
[[nodiscard]] Stance stanceFromName(QStringView name, bool *ok = nullptr);

// The author-level flags an analyst sees on a profile (authors table; persist across incidents).
struct AuthorFlags {
    bool journalist = false;
    bool opinionLeader = false;
    bool verified = false;
    bool brand = false;
    bool watchlist = false;
    bool operator==(const AuthorFlags &) const = default;
};

// Minimum-evidence rule: fewer than `minEvidence` posts with a known sentiment -> Unknown (one
// angry post does not make an opponent). Otherwise net = (positive - negative) / labelled:
// net <= -threshold -> Against, net >= +threshold -> For, else Neutral.
struct StanceRule {
    int minEvidence = 2;
    double threshold = 0.34;
    [[nodiscard]] Stance infer(int negative, int neutral, int positive) const;
};

} // namespace warroom
