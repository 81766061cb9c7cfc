<!DOCTYPE TS><TS version="2.0" language="ja_JP" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>Untitled note</source>
        <translation>無題のメモ</translation>
    </message>
</context>
</TS>
