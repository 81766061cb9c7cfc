#include <QApplication>
#include <QLocale>
#include <QTranslator>

#include "mainwindow.h"

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);

    QTranslator translator;
    if (translator.load(QLocale(), "notes", "_", ":/translations"))
        app.installTranslator(&translator);

    MainWindow window;
    window.show();
    return app.exec();
}
