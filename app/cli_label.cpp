#include "clicommands.h"
#include "clicommon.h"

#include "analysis/relabeler.h"
#include "store/mentionwriter.h"

#include <QElapsedTimer>
#include <QFileInfo>

namespace warroom::cli {

// warroom label [--store PATH] [--analyst NAME] FILE.jsonl: the analysts' corrections, then the
// learned model retrained and the other mentions re-scored.
int runLabel(const QStringList &args) {
    const QString command = QStringLiteral("label");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Apply analyst sentiment corrections (JSONL lines {\"source\", \"source_id\", "
        "\"sentiment\": \"negative|neutral|positive\"}), retrain the learned sentiment model on "
        "every analyst label and re-score the mentions no analyst labelled."));
    addStoreOption(p);
    p.addOption({QStringLiteral("analyst"),
                 QStringLiteral("Who made the corrections (kept in their history)."),
                 QStringLiteral("NAME")});
    p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The corrections, JSONL."));
    int code = 0;
    if (!parse(p, command, args, &code))
        return code;
    if (p.positionalArguments().size() != 1)
        return fail(command, QStringLiteral("give one corrections file (warroom label FILE.jsonl)"),
                    2);
    const QString file = p.positionalArguments().constFirst();
    QString analyst = p.value(QStringLiteral("analyst"));
    if (analyst.isEmpty())
        analyst = qEnvironmentVariable("USER", QStringLiteral("cli"));

    QElapsedTimer total;
    total.start();
    QList<SentimentCorrection> corrections;
    CorrectionReport readProblems;
    QString error;
    if (!Relabeler::readCorrections(file, &corrections, &readProblems, &error))
        return fail(command, error);
    MentionWriter writer;
    if (!writer.open(storePath(p), &error))
        return fail(command, error);
    err() << "applying " << corrections.size() << " corrections, retraining, re-scoring..."
          << Qt::endl;
    const LabelRun run = Relabeler::label(writer, corrections, analyst);
    const QString name = QFileInfo(file).fileName();
    QList<CorrectionReport::Problem> problems = readProblems.problems;
    problems.append(run.corrections.problems);
    std::sort(problems.begin(), problems.end(),
              [](const auto &a, const auto &b) { return a.line < b.line; });
    for (const auto &problem : problems)
        err() << name << ":" << problem.line << ": " << problem.reason << Qt::endl;
    if (!run.ok())
        return fail(command, run.error);
    const RelabelStats &r = run.relabel;
    out() << "corrections: applied " << run.corrections.applied << " (changed "
          << run.corrections.changed << "), skipped " << problems.size() << " ("
          << QString::number(run.applyMs) << " ms)" << Qt::endl;
    out() << "model: trained on " << r.trainingExamples << " analyst labels, language models: "
          << (r.languageModels.isEmpty() ? QStringLiteral("none")
                                         : r.languageModels.join(QStringLiteral(", ")))
          << " (" << r.trainMs << " ms)" << Qt::endl;
    out() << "re-scored " << r.scored << " mentions, changed " << r.changed << ", "
          << r.learnedDecisions << " decided by the learned model (" << r.scoreMs << " ms)"
          << Qt::endl;
    out() << "stances updated " << run.stancesUpdated << " (" << run.stanceMs << " ms); total "
          << total.elapsed() << " ms" << Qt::endl;
    return 0;
}

} // namespace warroom::cli
