#include "mainwindow.h"
#include "notemodel.h"
#include "ui_mainwindow.h"

#include <QFileDialog>
#include <QMessageBox>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), ui(std::make_unique<Ui::MainWindow>()), model(new NoteModel(this))
{
    ui->setupUi(this);
    ui->noteList->setModel(model);
    connect(ui->actionNew, &QAction::triggered, this, &MainWindow::newNote);
    connect(ui->actionSave, &QAction::triggered, this, &MainWindow::saveNotes);
}

MainWindow::~MainWindow() = default;

void MainWindow::newNote()
{
    model->addNote(tr("Untitled note"));
}

void MainWindow::saveNotes()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save notes"), {}, tr("Notes (*.json)"));
    if (path.isEmpty())
        return;
    if (!model->save(path))
        QMessageBox::warning(this, tr("Save failed"), tr("Could not write %1").arg(path));
}
