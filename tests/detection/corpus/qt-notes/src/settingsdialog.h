#pragma once

#include <QDialog>
#include <QSettings>

class QCheckBox;
class QSpinBox;

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QSettings &settings, QWidget *parent = nullptr);

signals:
    void fontSizeChanged(int size);

private slots:
    void apply();

private:
    QSettings &m_settings;
    QCheckBox *m_autosave = nullptr;
    QSpinBox *m_fontSize = nullptr;
};
