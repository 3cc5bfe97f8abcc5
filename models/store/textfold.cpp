#include "textfold.h"

namespace warroom {

QString foldForSearch(QStringView text) {
    // One space for any run of white space: a phrase typed on one line matches text that was
    // wrapped or double-spaced.
    QString folded = text.toString().simplified().toCaseFolded();
    bool ascii = true;
    for (QChar c : std::as_const(folded)) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return folded;
    const QString decomposed = folded.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c);
    }
    return out;
}

bool isNoSpaceScript(char32_t c) {
    return (c >= 0x2E80 && c <= 0x2FDF)       // CJK radicals, Kangxi
           || (c >= 0x3040 && c <= 0x30FF)    // Hiragana, Katakana
           || (c >= 0x3100 && c <= 0x312F)    // Bopomofo
           || (c >= 0x3400 && c <= 0x4DBF)    // CJK extension A
           || (c >= 0x4E00 && c <= 0x9FFF)    // CJK unified ideographs
           || (c >= 0xAC00 && c <= 0xD7AF)    // Hangul syllables
           || (c >= 0xF900 && c <= 0xFAFF)    // CJK compatibility ideographs
           || (c >= 0x0E00 && c <= 0x0EFF)    // Thai, Lao
           || (c >= 0x0F00 && c <= 0x0FFF)    // Tibetan
           || (c >= 0x1000 && c <= 0x109F)    // Myanmar
           || (c >= 0x1780 && c <= 0x17FF)    // Khmer
           || (c >= 0x20000 && c <= 0x3134F); // CJK extensions B-G
}

bool containsNoSpaceScript(QStringView text) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() &&
            text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (c >= 0x0E00 && isNoSpaceScript(c))
            return true;
    }
    return false;
}

namespace {

QString argumentText(sqlite3_value *value) {
    const auto *data = reinterpret_cast<const char *>(sqlite3_value_text(value));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_value_bytes(value));
}

void foldFunction(sqlite3_context *ctx, int, sqlite3_value **argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const QByteArray utf8 = foldForSearch(argumentText(argv[0])).toUtf8();
    sqlite3_result_text(ctx, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void hasCjkFunction(sqlite3_context *ctx, int, sqlite3_value **argv) {
    sqlite3_result_int(ctx, containsNoSpaceScript(argumentText(argv[0])) ? 1 : 0);
}

} // namespace

bool registerTextFunctions(sqlite3 *db) {
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    return sqlite3_create_function_v2(db, "wr_fold", 1, flags, nullptr, foldFunction, nullptr,
                                      nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function_v2(db, "wr_has_cjk", 1, flags, nullptr, hasCjkFunction, nullptr,
                                      nullptr, nullptr) == SQLITE_OK;
}

} // namespace warroom
