#include "import/csvreader.h"

#include <QTest>

using namespace warroom;

class TestCsvReader : public QObject {
    Q_OBJECT

    static QList<QStringList> readAll(const QByteArray &data, QList<qint64> *lines = nullptr,
                                      QStringList *errors = nullptr) {
        CsvReader reader(data, CsvReader::sniffDelimiter(data));
        CsvReader::Record r;
        QList<QStringList> rows;
        while (reader.next(&r)) {
            QStringList fields;
            for (QByteArrayView f : r.fields)
                fields << QString::fromUtf8(f);
            rows << fields;
            if (lines)
                *lines << r.line;
            if (errors)
                *errors << r.error;
        }
        return rows;
    }

private Q_SLOTS:
    void rfc4180() {
        QList<qint64> lines;
        const auto rows =
            readAll("id,text\r\n1,\"multi\nline, with comma\"\r\n2,\"say \"\"hi\"\"\"\n"
                    "\n3,plain\n",
                    &lines);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(1), (QStringList{"1", "multi\nline, with comma"}));
        QCOMPARE(rows.at(2), (QStringList{"2", "say \"hi\""}));
        QCOMPARE(rows.at(3), (QStringList{"3", "plain"}));
        QCOMPARE(lines, (QList<qint64>{1, 2, 4, 6}));
    }

    void bomAndDelimiters() {
        QCOMPARE(readAll("\xEF\xBB\xBFid;text\n1;a,b\n").at(1), (QStringList{"1", "a,b"}));
        QCOMPARE(readAll("id\ttext\n1\ta;b\n").at(1), (QStringList{"1", "a;b"}));
        QCOMPARE(readAll("id,text\n1,\n").at(1), (QStringList{"1", ""}));
    }

    void sloppyQuotesAreText() {
        const auto rows = readAll("id,text\n1,she said \"no\" twice\n2,\"closed\"trailing\n");
        QCOMPARE(rows.at(1), (QStringList{"1", "she said \"no\" twice"}));
        QCOMPARE(rows.at(2), (QStringList{"2", "closedtrailing"}));
    }

    void unterminatedQuoteLosesOneLineOnly() {
        QList<qint64> lines;
        QStringList errors;
        const auto rows =
            readAll("id,text\n1,\"never closes\n2,fine\n3,also fine\n", &lines, &errors);
        QCOMPARE(rows.size(), 4);
        QVERIFY(!errors.at(1).isEmpty());
        QCOMPARE(lines.at(1), 2);
        QCOMPARE(rows.at(2), (QStringList{"2", "fine"}));
        QCOMPARE(rows.at(3), (QStringList{"3", "also fine"}));
        QVERIFY(errors.at(2).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
