#include "settingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

SettingsDialog::SettingsDialog(QSettings &settings, QWidget *parent)
    : QDialog(parent), m_settings(settings)
{
    auto *form = new QFormLayout(this);
    m_autosave = new QCheckBox(tr("Save automatically"), this);
    m_autosave->setChecked(settings.value("autosave", true).toBool());
    m_fontSize = new QSpinBox(this);
    m_fontSize->setRange(8, 32);
    m_fontSize->setValue(settings.value("fontSize", 11).toInt());
    form->addRow(m_autosave);
    form->addRow(tr("Font size"), m_fontSize);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SettingsDialog::apply()
{
    m_settings.setValue("autosave", m_autosave->isChecked());
    m_settings.setValue("fontSize", m_fontSize->value());
    emit fontSizeChanged(m_fontSize->value());
    accept();
}
