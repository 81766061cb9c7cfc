<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../src/mainwindow.cpp" line="21"/>
        <source>Untitled note</source>
        <translation>Unbenannte Notiz</translation>
    </message>
    <message>
        <location filename="../src/mainwindow.cpp" line="26"/>
        <source>Save notes</source>
        <translation>Notizen speichern</translation>
    </message>
    <message>
        <location filename="../src/mainwindow.cpp" line="29"/>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
</context>
</TS>
