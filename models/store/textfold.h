#pragma once

#include <QString>
#include <QStringView>

#include <sqlite3.h>

namespace warroom {

// Text as search compares it: case-folded, compatibility-decomposed, combining marks dropped
// ("Café" and "cafe" are one word; "Ճ" and "ճ" one letter). The same fold runs on the query and,
// through the SQL function wr_fold(), on the stored text.
[[nodiscard]] QString foldForSearch(QStringView text);

// Scripts written without spaces between words (Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar,
// Tibetan): a word index cannot split them, so they get the trigram index.
[[nodiscard]] bool isNoSpaceScript(char32_t c);
[[nodiscard]] bool containsNoSpaceScript(QStringView text);

// Registers wr_fold(text) and wr_has_cjk(text) on a connection (deterministic, UTF-8).
bool registerTextFunctions(sqlite3 *db);

} // namespace warroom
