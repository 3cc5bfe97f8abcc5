#include "reportview.h"

#include "pdfreport.h"
#include "report/reportexport.h"
#include "reportcharts.h"
#include "store/store.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace warroom::report {

// A chart painted with the same code as the PDF.
class ChartWidget final : public QWidget {
public:
    enum class Kind { Timeline, Sources, Languages, Responses };
    ChartWidget(Kind kind, int height, QWidget *parent)
        : QWidget(parent)
        , m_kind(kind) {
        setMinimumHeight(height);
    }
    void setData(const PostMortem *pm) {
        m_pm = pm;
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override {
        QPainter p(this);
        p.fillRect(rect(), palette().base());
        if (!m_pm || m_pm->isEmpty())
            return;
        ChartStyle s;
        s.font = font();
        s.text = palette().text().color();
        const QRectF r = QRectF(rect()).adjusted(8, 8, -8, -8);
        switch (m_kind) {
        case Kind::Timeline:
            paintTimeline(p, r, *m_pm, s);
            break;
        case Kind::Sources:
            paintSentimentShares(p, r, m_pm->bySource, s);
            break;
        case Kind::Languages:
            paintSentimentShares(p, r, m_pm->byLanguage, s, 10);
            break;
        case Kind::Responses:
            paintResponseTimes(p, r, *m_pm, s);
            break;
        }
    }

private:
    Kind m_kind;
    const PostMortem *m_pm = nullptr;
};

namespace {

QLabel *plainLabel(QWidget *parent, bool bold = false) {
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText); // text from the network is never rich text
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (bold) {
        QFont f = l->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.25);
        l->setFont(f);
    }
    return l;
}

QTableWidget *makeTable(QWidget *parent, const QStringList &headers) {
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->setVisible(false);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setMinimumHeight(160);
    t->setWordWrap(false);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells) {
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells.at(c)));
}

QString when(const QDateTime &t) {
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                       : QStringLiteral("—");
}

QString pct(double share) {
    return QStringLiteral("%1%").arg(share * 100.0, 0, 'f', 1);
}

} // namespace

ReportView::ReportView(const QString &storePath, const ReportScope &scope, QWidget *parent)
    : QWidget(parent)
    , m_storePath(storePath)
    , m_scope(scope) {
    setWindowTitle(tr("Post-mortem"));
    buildUi();
    connect(&m_job, &QFutureWatcher<QString>::progressValueChanged, this,
            [this](int v) { m_progress->setValue(v); });
    connect(&m_job, &QFutureWatcher<QString>::progressTextChanged, this,
            [this](const QString &t) { m_status->setText(t); });
    connect(&m_job, &QFutureWatcher<QString>::finished, this, [this]() {
        const QString error =
            m_job.future().resultCount() > 0 ? m_job.result() : QStringLiteral("cancelled");
        auto done = std::exchange(m_onSuccess, {});
        setBusy(false);
        if (!error.isEmpty()) {
            m_status->setText(error);
            Q_EMIT failed(error);
            return;
        }
        if (done)
            done();
    });
    reload();
}

ReportView::~ReportView() {
    // The jobs hold only copies and their own connections: cancel and let them finish alone.
    if (m_cancel)
        m_cancel->store(true);
    m_job.disconnect(this);
}

bool ReportView::isBusy() const {
    return m_job.isRunning();
}

QString ReportView::lessonsText() const {
    return m_lessons->toPlainText();
}

void ReportView::buildUi() {
    auto *outer = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_title = plainLabel(this, true);
    bar->addWidget(m_title, 1);
    auto addAction = [&](const QString &label, auto slot) {
        auto *b = new QPushButton(label, this);
        connect(b, &QPushButton::clicked, this, slot);
        bar->addWidget(b);
        m_actions << b;
        return b;
    };
    addAction(tr("Refresh"), &ReportView::reload);
    addAction(tr("Export PDF…"), [this]() {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export PDF"), QString(), tr("PDF (*.pdf)"));
        if (!path.isEmpty())
            exportPdf(path);
    });
    addAction(tr("Export CSV…"), [this]() {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export CSV"), QString(), tr("CSV (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    addAction(tr("Export JSON…"), [this]() {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export JSON"), QString(), tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportJson(path);
    });
    outer->addLayout(bar);
    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_status = plainLabel(this);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    connect(m_cancelButton, &QPushButton::clicked, this, &ReportView::cancel);
    progressRow->addWidget(m_status, 1);
    progressRow->addWidget(m_progress);
    progressRow->addWidget(m_cancelButton);
    outer->addLayout(progressRow);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto *page = new QWidget(scroll);
    auto *v = new QVBoxLayout(page);
    auto section = [&](const QString &title) {
        auto *l = plainLabel(page, true);
        l->setText(title);
        v->addWidget(l);
    };
    m_summary = plainLabel(page);
    v->addWidget(m_summary);
    section(tr("1. Scale"));
    m_scale = plainLabel(page);
    v->addWidget(m_scale);
    m_timeline = new ChartWidget(ChartWidget::Kind::Timeline, 260, page);
    v->addWidget(m_timeline);
    m_sources = new ChartWidget(ChartWidget::Kind::Sources, 120, page);
    v->addWidget(m_sources);
    m_languages = new ChartWidget(ChartWidget::Kind::Languages, 180, page);
    v->addWidget(m_languages);
    section(tr("2. The spark"));
    m_spark = plainLabel(page);
    v->addWidget(m_spark);
    m_earliest = makeTable(page, {tr("Time"), tr("Author"), tr("Lang"), tr("Text")});
    v->addWidget(m_earliest);
    m_amplifiers = makeTable(page, {tr("Author"), tr("Name"), tr("Followers"), tr("Reposts"),
                                    tr("Posts"), tr("First post")});
    v->addWidget(m_amplifiers);
    section(tr("3. Our answers and 4. Reception"));
    m_answers = plainLabel(page);
    v->addWidget(m_answers);
    m_responses = new ChartWidget(ChartWidget::Kind::Responses, 160, page);
    v->addWidget(m_responses);
    m_statements = makeTable(page, {tr("#"), tr("Time"), tr("Author"), tr("Statement"),
                                    tr("Hour before"), tr("Hour after"), tr("Replies (neg)")});
    v->addWidget(m_statements);
    section(tr("5. People"));
    m_people = makeTable(page, {tr("Group"), tr("Author"), tr("Name"), tr("Followers"), tr("Posts"),
                                tr("Neg / Pos"), tr("Stance"), tr("Watchlist")});
    m_people->setMinimumHeight(260);
    v->addWidget(m_people);
    auto *watch = new QPushButton(tr("Add these people to the watchlist"), page);
    connect(watch, &QPushButton::clicked, this, &ReportView::addPeopleToWatchlist);
    m_actions << watch;
    v->addWidget(watch, 0, Qt::AlignLeft);
    section(tr("6. Lessons"));
    m_lessons = new QPlainTextEdit(page);
    m_lessons->setPlaceholderText(
        tr("What worked, what to change, actions with owners (stored with the incident)."));
    m_lessons->setMinimumHeight(140);
    v->addWidget(m_lessons);
    m_saveLessons = new QPushButton(tr("Save lessons"), page);
    connect(m_saveLessons, &QPushButton::clicked, this, &ReportView::saveLessons);
    m_actions << m_saveLessons;
    v->addWidget(m_saveLessons, 0, Qt::AlignLeft);
    v->addStretch(1);
    scroll->setWidget(page);
    outer->addWidget(scroll, 1);
    setBusy(false);
}

void ReportView::setBusy(bool busy, const QString &what) {
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    for (QPushButton *b : std::as_const(m_actions))
        b->setEnabled(!busy);
    m_saveLessons->setEnabled(!busy && m_scope.incidentId > 0);
    if (busy) {
        m_progress->setValue(0);
        m_status->setText(what);
    }
}

void ReportView::runJob(
    const QString &what,
    std::function<QString(const std::function<bool()> &, const std::function<void(int, QString)> &)>
        job,
    std::function<void()> onSuccess) {
    if (m_job.isRunning())
        return;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_onSuccess = std::move(onSuccess);
    setBusy(true, what);
    auto cancel = m_cancel;
    m_job.setFuture(QtConcurrent::run([cancel, job = std::move(job)](QPromise<QString> &promise) {
        promise.setProgressRange(0, 100);
        const auto cancelled = [cancel, &promise]() {
            return cancel->load() || promise.isCanceled();
        };
        const auto progress = [&promise](int pct, const QString &step) {
            promise.setProgressValueAndText(pct, step);
        };
        promise.addResult(job(cancelled, progress));
    }));
}

void ReportView::reload() {
    const QString path = m_storePath;
    const ReportScope scope = m_scope;
    auto built = std::make_shared<PostMortem>();
    runJob(
        tr("Computing the figures…"),
        [path, scope, built](const std::function<bool()> &cancelled,
                             const std::function<void(int, QString)> &progress) {
            sql::Connection db;
            QString error;
            if (!Store::openReader(db, path, &error))
                return error;
            BuildOptions options;
            options.cancelled = cancelled;
            options.progress = progress;
            if (!PostMortemBuilder::build(db, scope, built.get(), &error, options))
                return error;
            return QString();
        },
        [this, built]() {
            m_pm = *built;
            display(m_pm);
            Q_EMIT loaded();
        });
}

void ReportView::display(const PostMortem &pm) {
    m_title->setText(pm.title);
    m_status->setText(pm.isEmpty() ? tr("No mentions between %1 and %2: nothing to report.")
                                         .arg(when(pm.from), when(pm.to))
                                   : tr("%1 → %2").arg(when(pm.from), when(pm.to)));
    const QLocale l;
    m_summary->setText(
        pm.isEmpty()
            ? QString()
            : tr("%1 mentions from %2 authors, peak %3/min at %4. %5. Onset %6 "
                 "(%7); %8; %9.")
                      .arg(l.toString(pm.totalMentions), l.toString(pm.uniqueAuthors),
                           l.toString(pm.peakPerMinute), when(pm.peakMinute),
                           pm.sentiment.scored() ? tr("%1 negative (of %2 scored, %3 not scored)")
                                                       .arg(negativeShareText(pm.sentiment),
                                                            l.toString(pm.sentiment.labelled()),
                                                            l.toString(pm.sentiment.unscored()))
                                                 : tr("Sentiment not scored"),
                           when(pm.onset), pm.onsetBasis,
                           pm.detected.isValid()
                               ? tr("volume-spike alert %1 at %2")
                                     .arg(pm.detectedFromStore ? tr("fired") : tr("replayed"),
                                          when(pm.detected))
                               : tr("no volume spike"),
                           pm.end.isValid()
                               ? tr("back under baseline at %1").arg(when(pm.end))
                               : tr("not back under baseline by the end of the data")) +
                  (pm.caveats.isEmpty() ? QString() : u'\n' + pm.caveats.join(u'\n')));
    m_scale->setText(
        tr("Estimated reach %1 · duration %2 · baseline %3/min")
            .arg(l.toString(pm.estimatedReach), formatDuration(double(pm.durationSeconds())))
            .arg(pm.baselinePerMinute, 0, 'f', 2));
    for (ChartWidget *c : {m_timeline, m_sources, m_languages, m_responses})
        c->setData(&m_pm);
    m_spark->setText(pm.spark ? tr("@%1 at %2 (%3 followers, %4 reposts):\n%5")
                                    .arg(pm.spark->handle, when(pm.spark->at),
                                         l.toString(pm.spark->followers),
                                         l.toString(pm.spark->reposts), pm.spark->text)
                              : tr("No spark found before the onset."));
    m_earliest->setRowCount(int(pm.earliest.size()));
    for (int i = 0; i < pm.earliest.size(); ++i) {
        const ReportMention &m = pm.earliest.at(i);
        setRow(m_earliest, i,
               {m.at.toString(QStringLiteral("HH:mm:ss")), u'@' + m.handle, m.language,
                m.text.simplified()});
    }
    m_amplifiers->setRowCount(int(pm.amplifiers.size()));
    for (int i = 0; i < pm.amplifiers.size(); ++i) {
        const ReportAuthor &a = pm.amplifiers.at(i);
        setRow(m_amplifiers, i,
               {u'@' + a.handle, a.name, l.toString(a.followers), l.toString(a.reposts),
                l.toString(a.mentions), a.firstPost.toString(QStringLiteral("HH:mm:ss"))});
    }
    m_answers->setText(tr("%1 needed an answer, %2 answered (%3). First response median %4, "
                          "p90 %5. Replies to our posts: %6, %7 negative.")
                           .arg(l.toString(pm.needingResponse), l.toString(pm.answered),
                                pct(pm.shareAnswered()), formatDuration(pm.medianResponseSeconds),
                                formatDuration(pm.p90ResponseSeconds),
                                l.toString(pm.reception.total), negativeShareText(pm.reception)));
    m_statements->setRowCount(int(pm.statements.size()));
    for (int i = 0; i < pm.statements.size(); ++i) {
        const Statement &s = pm.statements.at(i);
        setRow(
            m_statements, i,
            {QString::number(i + 1), s.at.toString(QStringLiteral("HH:mm")), u'@' + s.handle,
             s.text.simplified(),
             tr("%1 · %2 neg").arg(l.toString(s.hourBefore.total), negativeShareText(s.hourBefore)),
             tr("%1 · %2 neg").arg(l.toString(s.hourAfter.total), negativeShareText(s.hourAfter)),
             tr("%1 (%2)").arg(l.toString(s.replies.total), negativeShareText(s.replies))});
    }
    m_people->setRowCount(0);
    const std::pair<QString, const QList<ReportAuthor> *> groups[] = {
        {tr("journalist"), &pm.journalists},
        {tr("opinion leader"), &pm.opinionLeaders},
        {tr("critic"), &pm.critics},
        {tr("supporter"), &pm.supporters}};
    for (const auto &[group, list] : groups) {
        for (const ReportAuthor &a : *list) {
            const int row = m_people->rowCount();
            m_people->insertRow(row);
            setRow(m_people, row,
                   {group, u'@' + a.handle, a.name, l.toString(a.followers), l.toString(a.mentions),
                    tr("%1 / %2").arg(a.negative).arg(a.positive), stanceName(a.stance),
                    a.watchlist ? tr("yes") : QString()});
        }
    }
    for (QTableWidget *t : {m_earliest, m_amplifiers, m_statements, m_people})
        t->resizeColumnsToContents();
    m_lessons->setPlainText(pm.lessons);
    m_lessons->setEnabled(pm.incidentId > 0);
}

void ReportView::exportPdf(const QString &path) {
    const PostMortem pm = m_pm;
    runJob(
        tr("Writing the PDF…"),
        [pm, path](const std::function<bool()> &cancelled,
                   const std::function<void(int, QString)> &progress) {
            PdfOptions o;
            o.exportedBy = qEnvironmentVariable("USER");
            o.page = defaultPageSize();
            o.cancelled = cancelled;
            o.progress = progress;
            QString error;
            return writePdf(pm, path, o, &error) ? QString() : error;
        },
        [this, path]() {
            m_status->setText(tr("Saved %1").arg(path));
            Q_EMIT exported(path);
        });
}

void ReportView::exportCsv(const QString &path) {
    const PostMortem pm = m_pm;
    runJob(
        tr("Writing the CSV…"),
        [pm, path](const std::function<bool()> &, const std::function<void(int, QString)> &) {
            QString error;
            return writeCsv(pm, path, &error) ? QString() : error;
        },
        [this, path]() {
            m_status->setText(tr("Saved %1").arg(path));
            Q_EMIT exported(path);
        });
}

void ReportView::exportJson(const QString &path) {
    const PostMortem pm = m_pm;
    runJob(
        tr("Writing the JSON…"),
        [pm, path](const std::function<bool()> &, const std::function<void(int, QString)> &) {
            QString error;
            return writeJson(pm, path, &error) ? QString() : error;
        },
        [this, path]() {
            m_status->setText(tr("Saved %1").arg(path));
            Q_EMIT exported(path);
        });
}

void ReportView::saveLessons() {
    if (m_scope.incidentId <= 0)
        return;
    const QString path = m_storePath;
    const qint64 id = m_scope.incidentId;
    const QString text = m_lessons->toPlainText();
    runJob(
        tr("Saving the lessons…"),
        [path, id, text](const std::function<bool()> &, const std::function<void(int, QString)> &) {
            QString error;
            return report::saveLessons(path, id, text, &error) ? QString() : error;
        },
        [this, text]() {
            m_pm.lessons = text;
            m_status->setText(tr("Lessons saved."));
            Q_EMIT lessonsSaved();
        });
}

void ReportView::addPeopleToWatchlist() {
    QList<AuthorKey> keys;
    for (const QList<ReportAuthor> *list : {&m_pm.journalists, &m_pm.opinionLeaders, &m_pm.critics})
        for (const ReportAuthor &a : *list)
            keys.append({a.source, a.handle});
    const QString path = m_storePath;
    auto added = std::make_shared<int>(0);
    runJob(
        tr("Adding to the watchlist…"),
        [path, keys, added](const std::function<bool()> &,
                            const std::function<void(int, QString)> &) {
            QString error;
            return addToWatchlist(path, keys, added.get(), &error) ? QString() : error;
        },
        [this, added]() {
            m_status->setText(tr("%n author(s) added to the watchlist.", nullptr, *added));
            Q_EMIT watchlistAdded(*added);
            reload();
        });
}

void ReportView::cancel() {
    if (m_cancel)
        m_cancel->store(true);
    m_job.cancel();
}

} // namespace warroom::report
