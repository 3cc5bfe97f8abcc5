#pragma once

#include <QString>
#include <QStringView>

// Small, allocation-light helpers for the text of social-media posts, shared by the language
// detector and the sentiment scorer. Pure functions: safe from any thread.
namespace warroom::socialtext {

// Decodes the HTML entities that survive in exported tweet text (&amp; &lt; &gt; &quot; &apos;
// &#39; &#x27; ...). Unknown entities and lone '&' are kept as they are.
[[nodiscard]] QString decodeHtmlEntities(QStringView text);

// True for a whitespace-delimited token that is a link: "http://…", "https://…", "www.…", or the
// bare "http"/"https" that anonymised corpora leave in place of a link.
[[nodiscard]] bool isUrlToken(QStringView token);

// True for "@handle" (at least one character after the '@').
[[nodiscard]] bool isHandleToken(QStringView token);

} // namespace warroom::socialtext
