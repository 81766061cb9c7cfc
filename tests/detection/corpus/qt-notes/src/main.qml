import QtQuick
import QtQuick.Controls

ApplicationWindow {
    width: 480
    height: 640
    visible: true
    title: qsTr("Notes")

    ListView {
        anchors.fill: parent
        model: noteModel
        delegate: ItemDelegate { text: display; width: ListView.view.width }
    }
}
