#include "sources/sourcesdialog.h"

#include "common/connectormanager.h"
#include "common/credentials.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace warroom {

namespace {

QStringList splitList(const QString &text) {
    QStringList out;
    for (QString s : text.split(QRegularExpression(QStringLiteral("[,\\n]")), Qt::SkipEmptyParts)) {
        s = s.trimmed();
        if (s.startsWith(u'#'))
            s.remove(0, 1);
        if (!s.isEmpty())
            out << s;
    }
    return out;
}

const QList<QPair<QString, QString>> &kinds() {
    static const QList<QPair<QString, QString>> k{
        {QStringLiteral("rss"), QObject::tr("Feeds (RSS, Atom, Google Alerts)")},
        {QStringLiteral("mastodon"), QObject::tr("Mastodon")},
        {QStringLiteral("bluesky"), QObject::tr("Bluesky")},
        {QStringLiteral("hn"), QObject::tr("Hacker News")},
        {QStringLiteral("replay"), QObject::tr("Replay / drill")}};
    return k;
}

} // namespace

SourcesDialog::SourcesDialog(const QList<SourceConfig> &sources, ConnectorManager *manager,
                             QWidget *parent)
    : QDialog(parent)
    , m_sources(sources)
    , m_manager(manager)
    , m_list(new QListWidget(this))
    , m_kind(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_enabled(new QCheckBox(tr("Collect from this source"), this))
    , m_feeds(new QPlainTextEdit(this))
    , m_instances(new QPlainTextEdit(this))
    , m_hashtags(new QLineEdit(this))
    , m_keywords(new QLineEdit(this))
    , m_handles(new QLineEdit(this))
    , m_account(new QLineEdit(this))
    , m_secret(new QLineEdit(this))
    , m_service(new QLineEdit(this))
    , m_streaming(new QCheckBox(
          tr("Live stream (Mastodon streaming with a token, Bluesky Jetstream)"), this))
    , m_file(new QLineEdit(this))
    , m_speed(new QDoubleSpinBox(this))
    , m_poll(new QSpinBox(this))
    , m_problem(new QLabel(this))
    , m_result(new QLabel(this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_remove(new QPushButton(tr("&Remove"), this)) {
    setWindowTitle(tr("Sources"));
    setObjectName(QStringLiteral("sourcesDialog"));
    for (const auto &[kind, label] : kinds())
        m_kind->addItem(label, kind);
    m_feeds->setPlaceholderText(tr("One feed address per line"));
    m_instances->setPlaceholderText(tr("One instance per line, e.g. mastodon.social"));
    m_hashtags->setPlaceholderText(tr("orrin, boycottorrin"));
    m_keywords->setPlaceholderText(tr("Orrin kettle, Aurora lid"));
    m_handles->setPlaceholderText(tr("@orrinhome"));
    m_account->setPlaceholderText(tr("Mastodon: account label; Bluesky: your handle"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("Token / app password (saved in the system keychain only)"));
    m_service->setPlaceholderText(tr("Default server"));
    m_speed->setRange(1, 1000);
    m_speed->setSuffix(QStringLiteral(" ×"));
    m_poll->setRange(5, 3600);
    m_poll->setSuffix(tr(" s"));
    m_problem->setWordWrap(true);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_list->setAccessibleName(tr("Configured sources"));

    auto *add = new QPushButton(tr("&Add"), this);
    auto *addMenu = new QMenu(add);
    for (const auto &[kind, label] : kinds())
        addMenu->addAction(label, this, [this, kind = kind] { addSource(kind); });
    add->setMenu(addMenu);

    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Replay file"), {}, tr("Exports (*.jsonl *.ndjson *.csv *.tsv)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    auto *drill = new QPushButton(tr("Bundled drill"), this);
    connect(drill, &QPushButton::clicked, this,
            [this] { m_file->setText(QStringLiteral(":/drill/scenario.jsonl")); });
    auto *fileRow = new QWidget(this);
    auto *fileLayout = new QHBoxLayout(fileRow);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(m_file, 1);
    fileLayout->addWidget(browse);
    fileLayout->addWidget(drill);

    auto *form = new QFormLayout;
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("&Feeds:"), m_feeds);
    form->addRow(tr("&Instances:"), m_instances);
    form->addRow(tr("&Hashtags:"), m_hashtags);
    form->addRow(tr("&Keywords:"), m_keywords);
    form->addRow(tr("Ha&ndles:"), m_handles);
    form->addRow(tr("&Account:"), m_account);
    form->addRow(tr("&Secret:"), m_secret);
    form->addRow(tr("Ser&ver:"), m_service);
    form->addRow(QString(), m_streaming);
    form->addRow(tr("&File:"), fileRow);
    form->addRow(tr("S&peed:"), m_speed);
    form->addRow(tr("&Poll every:"), m_poll);
    form->addRow(QString(), m_problem);

    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    left->addLayout(listButtons);

    auto *right = new QVBoxLayout;
    right->addLayout(form);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    right->addLayout(testRow);
    right->addStretch(1);

    auto *body = new QHBoxLayout;
    body->addLayout(left, 1);
    body->addLayout(right, 2);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SourcesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SourcesDialog::reject);
    auto *outer = new QVBoxLayout(this);
    outer->addLayout(body, 1);
    outer->addWidget(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        storeForm();
        loadForm(row);
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        storeForm();
    });
    connect(m_remove, &QPushButton::clicked, this, &SourcesDialog::removeCurrent);
    connect(m_test, &QPushButton::clicked, this, &SourcesDialog::testCurrent);
    for (QLineEdit *e : {m_name, m_hashtags, m_keywords, m_handles, m_account, m_service, m_file})
        connect(e, &QLineEdit::editingFinished, this, &SourcesDialog::storeForm);
    for (QPlainTextEdit *e : {m_feeds, m_instances})
        connect(e, &QPlainTextEdit::textChanged, this, &SourcesDialog::storeForm);

    refreshList();
    if (!m_sources.isEmpty())
        m_list->setCurrentRow(0);
    else
        loadForm(-1);
    resize(820, 560);
}

QString SourcesDialog::testResult() const {
    return m_result->text();
}

SourceConfig SourcesDialog::formConfig() const {
    SourceConfig c = m_row >= 0 && m_row < m_sources.size() ? m_sources.at(m_row) : SourceConfig();
    c.kind = m_kind->currentData().toString();
    c.name = m_name->text().trimmed();
    c.enabled = m_enabled->isChecked();
    c.feeds = splitList(m_feeds->toPlainText());
    c.instances = splitList(m_instances->toPlainText());
    c.hashtags = splitList(m_hashtags->text());
    c.keywords = splitList(m_keywords->text());
    c.handles = splitList(m_handles->text());
    c.account = m_account->text().trimmed();
    c.service = m_service->text().trimmed();
    c.streaming = m_streaming->isChecked();
    c.file = m_file->text().trimmed();
    c.speed = m_speed->value();
    c.pollSeconds = m_poll->value();
    return c;
}

void SourcesDialog::storeForm() {
    if (m_loading || m_row < 0 || m_row >= m_sources.size())
        return;
    m_sources[m_row] = formConfig();
    const QString problem = m_sources.at(m_row).validate();
    m_problem->setText(problem.isEmpty() ? QString() : tr("⚠ %1").arg(problem));
    if (QListWidgetItem *item = m_list->item(m_row))
        item->setText(m_sources.at(m_row).displayName());
}

void SourcesDialog::loadForm(int row) {
    m_loading = true;
    m_row = row;
    const bool has = row >= 0 && row < m_sources.size();
    const SourceConfig c = has ? m_sources.at(row) : SourceConfig();
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(c.kind)));
    m_name->setText(c.name);
    m_enabled->setChecked(c.enabled);
    m_feeds->setPlainText(c.feeds.join(u'\n'));
    m_instances->setPlainText(c.instances.join(u'\n'));
    m_hashtags->setText(c.hashtags.join(QStringLiteral(", ")));
    m_keywords->setText(c.keywords.join(QStringLiteral(", ")));
    m_handles->setText(c.handles.join(QStringLiteral(", ")));
    m_account->setText(c.account);
    m_secret->clear();
    m_service->setText(c.service);
    m_streaming->setChecked(c.streaming);
    m_file->setText(c.file);
    m_speed->setValue(c.speed);
    m_poll->setValue(c.pollSeconds);
    m_result->clear();
    m_problem->setText(has && !c.validate().isEmpty() ? tr("⚠ %1").arg(c.validate()) : QString());
    for (QWidget *w : findChildren<QWidget *>())
        if (w != m_list && w->parent() == this && qobject_cast<QDialogButtonBox *>(w) == nullptr &&
            w != m_remove)
            w->setEnabled(has || w->inherits("QPushButton"));
    m_remove->setEnabled(has);
    m_test->setEnabled(has && m_manager);
    m_loading = false;
    updateVisibility();
}

void SourcesDialog::updateVisibility() {
    const QString k = m_kind->currentData().toString();
    auto *form = findChild<QFormLayout *>();
    if (!form)
        return;
    auto show = [form](QWidget *field, bool on) {
        form->setRowVisible(field, on);
    };
    show(m_feeds, k == u"rss");
    show(m_instances, k == u"mastodon");
    show(m_hashtags, k == u"mastodon");
    show(m_keywords, k == u"mastodon" || k == u"bluesky" || k == u"hn");
    show(m_handles, k == u"bluesky" || k == u"mastodon");
    show(m_account, k == u"mastodon" || k == u"bluesky");
    show(m_secret, k == u"mastodon" || k == u"bluesky");
    show(m_service, k == u"bluesky" || k == u"hn");
    show(m_streaming, k == u"mastodon" || k == u"bluesky");
    show(m_file->parentWidget(), k == u"replay");
    show(m_speed, k == u"replay");
    show(m_poll, k != u"replay");
}

void SourcesDialog::refreshList() {
    m_list->clear();
    for (const SourceConfig &s : std::as_const(m_sources))
        m_list->addItem(s.displayName());
}

void SourcesDialog::addSource(const QString &kind) {
    storeForm();
    SourceConfig c;
    c.kind = kind;
    if (kind == u"replay") {
        c.file = QStringLiteral(":/drill/scenario.jsonl");
        c.speed = 10;
    }
    m_sources << c;
    m_list->addItem(c.displayName());
    m_list->setCurrentRow(int(m_sources.size()) - 1);
}

void SourcesDialog::removeCurrent() {
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_sources.size())
        return;
    m_loading = true;
    m_sources.removeAt(row);
    m_row = -1;
    delete m_list->takeItem(row);
    m_loading = false;
    loadForm(m_list->currentRow());
}

void SourcesDialog::testCurrent() {
    storeForm();
    if (!m_manager || m_row < 0)
        return;
    const SourceConfig c = m_sources.at(m_row);
    m_result->setText(tr("Testing…"));
    m_test->setEnabled(false);
    m_manager->testSource(c, m_secret->text(), this, [this](bool ok, const QString &message) {
        m_test->setEnabled(true);
        m_result->setText(ok ? tr("✓ Works: %1").arg(message)
                             : tr("✕ Does not work: %1").arg(message));
        Q_EMIT testFinished(ok, message);
    });
}

void SourcesDialog::accept() {
    storeForm();
    // A typed secret goes to the keychain (never into the configs); failures are shown, and the
    // dialog stays open so the user can read why.
    const SourceConfig c =
        m_row >= 0 && m_row < m_sources.size() ? m_sources.at(m_row) : SourceConfig();
    const QString secret = m_secret->text();
    if (secret.isEmpty() || !m_manager || !c.needsSecret()) {
        QDialog::accept();
        return;
    }
    const QString key =
        c.kind == u"mastodon" ? c.credentialKey(c.instances.value(0)) : c.credentialKey();
    m_manager->credentials()->write(key, secret, this, [this](const QString &error) {
        if (!error.isEmpty()) {
            m_result->setText(tr("✕ The secret was not saved: %1").arg(error));
            return;
        }
        m_secret->clear();
        QDialog::accept();
    });
}

} // namespace warroom
